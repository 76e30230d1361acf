import { AppError, isAppError } from '../../../../shared/contract/errors.ts';
import { sleep as realSleep } from '../../http/backoff.ts';
import type { HttpStreamResponse } from '../../http/http-stream.ts';
import type { BrimApi } from './api.ts';
import { contentDispositionFileName, defaultExportFileName, streamBodyToFile } from './download.ts';
import { envelope, resultsStatusDataSchema } from './envelopes.ts';
import { parseBrimJson } from './responses.ts';
import { brimPollDelay, taskStateOf } from './tasks.ts';
import type { ExportResultsOptions, ExportStatus, ExportedFile, ResultsPayloadGeneration } from './types.ts';

/**
 * `POST /api/v1/results/` (reference §5): one endpoint starts an export and polls it; a `text/csv`
 * answer is the file, a JSON answer means "not ready" (or failed). Two request generations exist and a
 * server may know only one, so the first request is retried once in the other generation when Brim
 * rejects its shape, and the one that worked is reported back to be remembered for the connection.
 */

const payloadKeys = /\b(api_session_id|detailed_export|patient_export|include_null_in_export|task_id|get_csv|project_id)\b/i;
/** A ready export that keeps answering JSON is a server problem, not a reason to poll forever. */
const maxCompleteButJson = 5;
const maxDownloadRetries = 2;

export function resultsPayload(generation: ResultsPayloadGeneration, projectId: number, options: Pick<ExportResultsOptions, 'kind' | 'includeNulls'>, taskId: string | null): Record<string, unknown> {
  const flags = { detailed_export: options.kind === 'detailed', patient_export: options.kind === 'patient', include_null_in_export: options.includeNulls };
  if (generation === '2025') return { project_id: String(projectId), ...flags, ...(taskId !== null ? { api_session_id: taskId } : {}) };
  // brim-utils sends only these three; the export options ride along for servers that read them.
  return { project_id: projectId, ...(taskId !== null ? { task_id: taskId } : {}), get_csv: true, ...flags };
}

function isCsv(response: HttpStreamResponse): boolean {
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  if (type.includes('csv')) return true;
  return !type.includes('json') && /attachment|filename/i.test(response.headers.get('content-disposition') ?? '');
}

function failure(status: ExportStatus): AppError {
  const said = status.message ? ` Brim says: ${status.message}` : '';
  if (/still running|in progress/i.test(status.message ?? '')) {
    return new AppError('CONFLICT', `Brim cannot export while a generation is still running for this project. Wait until it has finished, then fetch the results again.${said}`, { retryable: true, details: { reason: 'generation-running' } });
  }
  if (/nothing to export|no (results|labels|data)/i.test(status.message ?? '')) {
    return new AppError('SERVICE_ERROR', `There is nothing to export yet: no labels have been generated for this scope. Upload notes and run a generation first.${said}`, { details: { reason: 'nothing-to-export' } });
  }
  return new AppError('SERVICE_ERROR', `Brim could not export the results.${said || ' It gave no reason; try again later.'}`, { details: { reason: 'export-failed' } });
}

export async function exportResults(
  api: BrimApi,
  projectId: number,
  projectLabel: string,
  options: ExportResultsOptions,
  known: ResultsPayloadGeneration | null,
): Promise<ExportedFile> {
  const sleep = options.sleep ?? realSleep;
  let generation: ResultsPayloadGeneration = known ?? '2026';
  let exportTaskId: string | null = null;
  let completeButJson = 0;
  let downloadRetries = 0;
  const call = { path: 'results', what: 'the results export', projectId, signal: options.signal };

  for (let poll = 1; ; poll++) {
    const first = exportTaskId === null;
    const idForRequest = exportTaskId ?? options.taskId ?? null;
    let response: HttpStreamResponse;
    try {
      // Starting an export is not repeated on a lost answer (it would start a second one); polls are.
      response = await api.stream({ ...call, body: resultsPayload(generation, projectId, options, idForRequest), idempotent: !first });
    } catch (error) {
      const otherShape = first && known === null && isAppError(error) && error.code === 'VALIDATION' && payloadKeys.test(String(error.details?.detail ?? ''));
      if (!otherShape) throw error;
      generation = generation === '2026' ? '2025' : '2026';
      known = generation;
      response = await api.stream({ ...call, body: resultsPayload(generation, projectId, options, idForRequest), idempotent: false });
    }

    if (isCsv(response)) {
      const fileName = contentDispositionFileName(response.headers.get('content-disposition')) ?? defaultExportFileName(projectLabel);
      try {
        const bytes = await streamBodyToFile(response, options.destinationPath, options.onBytes);
        return { path: options.destinationPath, bytes, fileName, exportTaskId, payload: generation };
      } catch (error) {
        // A cut download is fetched again by asking for the same export (a poll, safe to repeat).
        if (!isAppError(error) || !error.retryable || exportTaskId === null || downloadRetries >= maxDownloadRetries) throw error;
        downloadRetries += 1;
        continue;
      }
    }

    const text = await response.text();
    const answer = parseBrimJson(text, text.length, envelope(resultsStatusDataSchema), api.context(call, false));
    const data = answer.data;
    exportTaskId = data.export_task_id ?? data.api_session_id ?? exportTaskId;
    const code = data.status ?? 0;
    const status: ExportStatus = {
      exportTaskId,
      state: taskStateOf(code, data.status_display) ?? 'running',
      isComplete: data.is_complete === true,
      message: data.message ?? answer.message ?? data.status_display,
    };
    if (code === 3 || code === 4 || (status.isComplete && code !== 2)) throw failure(status);
    if (exportTaskId === null) {
      throw new AppError('BAD_RESPONSE', 'Brim said the export is not ready but gave no export task id to ask again with. Try again later.');
    }
    if (status.isComplete && ++completeButJson > maxCompleteButJson) {
      throw new AppError('BAD_RESPONSE', 'Brim says the export is complete but does not send the file. Try again later, or download it from Brim\'s web app.');
    }
    const delay = brimPollDelay(poll, options.initialDelayMs, options.factor, options.maxDelayMs);
    options.onStatus?.(status, delay);
    try {
      await sleep(delay, options.signal);
    } catch {
      throw new AppError('CANCELLED', 'Stopped waiting for the export. Brim may still prepare it.');
    }
  }
}
