import type { ExportRequest } from '../../../shared/contract/exports.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { DatasetViews } from '../cache/dataset-views.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { exportViewToCsv } from './csv-export.ts';
import { basename } from 'node:path';

/** Export jobs. The output path is chosen by the shell (a save dialog, or the web shell's downloads folder). */
export class ExportService {
  private readonly deps: { cache: CacheDirectory; views: DatasetViews; jobs: JobRunner };
  private readonly outputs = new Map<string, string>();

  constructor(deps: ExportService['deps']) {
    this.deps = deps;
  }

  start(request: ExportRequest, target: string, options: { title: string; revealPath: boolean }): Job {
    const { cache, views, jobs } = this.deps;
    const connectionId = request.view.connectionId;
    const db = cache.db(connectionId);
    // The view is computed now, so the file holds exactly the rows the user saw when they clicked Export.
    const view = views.open(db, connectionId, request.view);
    const job = jobs.start(
      { kind: 'export', title: options.title, connectionId, unit: 'rows' },
      async (context) => {
        try {
          const written = await exportViewToCsv({ db, views, view, target, header: request.header, bom: request.bom, context });
          return { kind: 'file', fileName: basename(target), path: options.revealPath ? target : null, bytes: written.bytes, rows: written.rows, companions: [], notes: [] };
        } finally {
          views.close(view.id);
        }
      },
    );
    this.outputs.set(job.id, target);
    return job;
  }

  /** Where a finished export job wrote its file (main-side only; the web shell never shows this path). */
  outputOf(jobId: string): string | null {
    return this.outputs.get(jobId) ?? null;
  }
}
