import { rm } from 'node:fs/promises';
import type { PreflightReport } from '../../../shared/contract/brim.ts';
import type { JobResult } from '../../../shared/contract/jobs.ts';
import type { Staging } from '../files/staging.ts';
import { preflightNotesCsv } from '../files/notes-preflight.ts';
import type { JobContext } from '../jobs/job-runner.ts';

/**
 * The body of a pre-flight job: reads the staged notes CSV once (progress in bytes), and when asked and
 * possible writes a corrected copy, which is staged in its turn so it can be uploaded like a dropped file.
 * The original staged file is left as it is.
 */
export async function runPreflight(options: {
  staging: Staging;
  stageId: string;
  writeFixedCopy: boolean;
  context: JobContext;
}): Promise<{ result: JobResult; report: PreflightReport }> {
  const { staging, context } = options;
  const file = staging.file(options.stageId);
  const scratch = options.writeFixedCopy ? staging.scratchPath() : undefined;
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  context.progress(0, file.bytes, `Checking ${file.fileName}`, 'bytes');
  try {
    const checked = await preflightNotesCsv(file.path, {
      fileName: file.fileName,
      signal: context.signal,
      onProgress: (read, total) => context.progress(read, total, `Checking ${file.fileName}: ${mb(read)} of ${mb(total)} MB`),
      ...(scratch ? { writeFixedCopyTo: scratch } : {}),
    });
    const { fixedCopyPath, ...rest } = checked;
    let fixedStageId: string | null = null;
    if (fixedCopyPath) fixedStageId = (await staging.adopt(checked.fixedFileName ?? `corrected-${file.fileName}`, fixedCopyPath)).stageId;
    const report: PreflightReport = { ...rest, fixedStageId };
    const problems = Object.values(report.counts).reduce((sum, n) => sum + n, 0);
    return { result: { kind: 'preflight', rows: report.rows, problems, uploadable: report.uploadable, fixedStageId }, report };
  } finally {
    // Adopted copies were moved away; anything left at the scratch path is a partial copy.
    if (scratch) {
      await rm(scratch, { force: true });
      await rm(`${scratch}.partial`, { force: true });
    }
  }
}
