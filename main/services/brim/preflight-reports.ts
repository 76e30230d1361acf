import { AppError } from '../../../shared/contract/errors.ts';
import type { PreflightReport } from '../../../shared/contract/brim.ts';

const keep = 20;

/**
 * Finished pre-flight reports by job id. A report can list a thousand problems, too much for a job event,
 * so the job result carries counts and the screen asks for the report. Held in memory only: a report names
 * note and patient ids (never note text), and after a restart the staged file it describes is gone anyway.
 */
export class PreflightReports {
  private readonly reports = new Map<string, PreflightReport>();

  put(jobId: string, report: PreflightReport): void {
    this.reports.set(jobId, report);
    for (const id of [...this.reports.keys()].slice(0, Math.max(0, this.reports.size - keep))) this.reports.delete(id);
  }

  get(jobId: string): PreflightReport {
    const report = this.reports.get(jobId);
    if (!report) throw new AppError('NOT_FOUND', 'This pre-flight report is no longer available (Carrel keeps the latest ones until it closes). Check the file again.');
    return report;
  }
}
