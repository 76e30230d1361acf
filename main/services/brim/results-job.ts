import { rm } from 'node:fs/promises';
import type { DatabaseSync } from 'node:sqlite';
import { isAppError } from '../../../shared/contract/errors.ts';
import type { JobResult } from '../../../shared/contract/jobs.ts';
import type { BrimClient, ExportedFile } from '../connectors/brim/client.ts';
import type { JobContext } from '../jobs/job-runner.ts';
import type { PollSchedule } from './follow.ts';
import { brimResultDatasets, loadResultsCsv, resultsTitle, type BrimResultsKind } from './results-cache.ts';
import type { BrimTaskHistory } from './task-history.ts';

export interface ResultsRequest {
  kind: BrimResultsKind;
  includeNulls: boolean;
  /** One upload's or generation's documents; undefined for the whole project. */
  taskId?: string | undefined;
}

/**
 * The body of a results job: ask Brim for the export and wait while it prepares it (steps), stream the
 * CSV into a scratch file in Carrel's own folder (bytes; the labels are patient data), then load it into
 * the cache (rows), swapping the new table in only when it is complete. The scratch file always goes.
 */
export async function runFetchResults(options: {
  client: BrimClient;
  db: DatabaseSync;
  request: ResultsRequest;
  scratchPath: string;
  history: BrimTaskHistory;
  context: JobContext;
  schedule: PollSchedule;
}): Promise<{ result: JobResult; file: ExportedFile }> {
  const { client, db, request, history, context, schedule } = options;
  const dataset = brimResultDatasets[request.kind];
  let exportTaskId: string | null = null;
  const started = Date.now();
  context.progress(0, null, 'Asking Brim for the results…', 'steps');
  try {
    let file: ExportedFile;
    try {
      file = await client.exportResults({
        kind: request.kind,
        includeNulls: request.includeNulls,
        taskId: request.taskId,
        destinationPath: options.scratchPath,
        signal: context.signal,
        initialDelayMs: schedule.initialDelayMs,
        factor: schedule.factor,
        maxDelayMs: schedule.maxDelayMs,
        onStatus: (status, nextDelayMs) => {
          if (status.exportTaskId && status.exportTaskId !== exportTaskId) {
            exportTaskId = status.exportTaskId;
            history.record({ taskId: exportTaskId, kind: 'export', state: status.state, message: status.message, fileName: null, jobId: context.id });
          } else if (exportTaskId) history.update(exportTaskId, { state: status.state, message: status.message });
          const elapsed = Math.round((Date.now() - started) / 1000);
          context.progress(0, null, `Brim is preparing the results (${elapsed} s; next check in ${Math.round(nextDelayMs / 1000)} s)`, 'steps');
        },
        onBytes: (written, total) => context.progress(written, total, `Downloading results: ${(written / 1024 / 1024).toFixed(1)} MB`, 'bytes'),
      });
    } catch (error) {
      if (exportTaskId) {
        const cancelled = isAppError(error) && error.code === 'CANCELLED';
        history.update(exportTaskId, cancelled ? { jobId: null } : { state: 'error', message: isAppError(error) ? error.message : 'The export failed.', jobId: null });
      }
      throw error;
    }
    if (file.exportTaskId) {
      history.record({ taskId: file.exportTaskId, kind: 'export', state: 'complete', message: `Downloaded ${file.fileName}`, fileName: file.fileName, jobId: null });
    }
    context.progress(0, null, 'Adding the results to the offline cache…', 'rows');
    const loaded = await loadResultsCsv({
      db,
      dataset,
      title: resultsTitle(request.kind),
      path: options.scratchPath,
      signal: context.signal,
      info: { fileName: file.fileName, includeNulls: request.includeNulls, scope: request.taskId ?? 'project', exportTaskId: file.exportTaskId },
      onRows: (rows) => context.progress(rows, null, `Adding the results to the offline cache: ${rows.toLocaleString('en-US')} rows`, 'rows'),
    });
    return { result: { kind: 'brim-results', dataset, rows: loaded.rows, bytes: file.bytes }, file };
  } finally {
    await rm(options.scratchPath, { force: true });
    await rm(`${options.scratchPath}.part`, { force: true });
  }
}
