import { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { BrimApi } from './api.ts';
import { streamBodyToFile } from './download.ts';
import { envelope, generateDataSchema, queueEntrySchema, queueErrorsSchema, uploadDataSchema } from './envelopes.ts';
import { parseBrimJson } from './responses.ts';
import type { CallOptions, GenerateRequest, QueueEntry, QueueError, SingleNote } from './types.ts';

/**
 * The inferred endpoints (reference I-2). None is documented publicly, so each may be missing: a 404/405
 * that means "no such route" comes back as AppError UNSUPPORTED with `details.capability`, which the
 * caller records to turn the feature off for the connection.
 */

/** `POST /api/v1/generate/`: all or chosen patients (MRNs) and variables. Never retried (it would start twice). */
export async function generate(api: BrimApi, projectId: number, request: GenerateRequest, options: CallOptions = {}): Promise<string> {
  const body: Record<string, unknown> = { project_id: projectId, overwrite_reviewed: request.overwriteReviewed ?? false };
  if (request.patientIds && request.patientIds.length > 0) body.patient_ids = request.patientIds;
  if (request.variableNames && request.variableNames.length > 0) body.variable_names = request.variableNames;
  if (request.batchSize !== undefined) body.batch_size = request.batchSize;
  const answer = await api.json({ method: 'POST', path: 'generate', what: 'a generation for chosen patients and variables', projectId, capability: 'generate', body, idempotent: false, signal: options.signal }, envelope(generateDataSchema));
  return (answer.data.generation_task_id ?? answer.data.api_session_id ?? answer.data.task_id) as string;
}

/** `POST /api/v1/generate/task/`: generation for one uploaded note (single-note API). */
export async function generateForTask(api: BrimApi, projectId: number, uploadTaskId: string, options: CallOptions = {}): Promise<string> {
  const answer = await api.json(
    { method: 'POST', path: 'generate/task', what: 'a generation for one uploaded note', projectId, capability: 'singleNote', body: { project_id: projectId, task_id: uploadTaskId }, idempotent: false, signal: options.signal },
    envelope(generateDataSchema),
  );
  return (answer.data.generation_task_id ?? answer.data.api_session_id ?? answer.data.task_id) as string;
}

/**
 * `POST /api/v1/upload/note/`. Not retried here: a lost answer could mean the note was stored. A 429
 * comes back as RATE_LIMITED with `details.retryAfterMs` for the caller's rate-limited loop.
 */
export async function uploadNote(api: BrimApi, projectId: number, note: SingleNote, generateAfterUpload: boolean, options: CallOptions = {}): Promise<{ uploadTaskId: string; generationTaskId: string | null }> {
  const body = {
    project_id: projectId,
    patient_id: note.patientId,
    note_id: note.noteId,
    note_datetime: note.noteDatetime,
    note_title: note.noteTitle,
    note_text: note.noteText,
    generate_after_upload: generateAfterUpload,
  };
  const answer = await api.json({ method: 'POST', path: 'upload/note', what: 'the single-note upload', projectId, capability: 'singleNote', body, idempotent: false, signal: options.signal }, envelope(uploadDataSchema));
  return { uploadTaskId: (answer.data.upload_task_id ?? answer.data.api_session_id) as string, generationTaskId: answer.data.generation_task_id };
}

/** `POST /api/v1/queue/peek/`: the next completed single-note generation, or null when the queue is empty. */
export async function queuePeek(api: BrimApi, projectId: number, options: CallOptions = {}): Promise<QueueEntry | null> {
  const answer = await api.json(
    { method: 'POST', path: 'queue/peek', what: 'the single-note queue', projectId, capability: 'singleNote', body: { project_id: projectId }, idempotent: true, signal: options.signal },
    envelope(queueEntrySchema.nullable().optional()),
  );
  const entry = answer.data ?? null;
  return entry === null ? null : { taskId: entry.task_id, patientId: entry.patient_id, noteId: entry.note_id, completedAt: entry.completed_at };
}

/**
 * `POST /api/v1/queue/pop-and-export/`: takes the oldest completed result and writes its CSV to
 * `destinationPath`; null when the queue is empty. Never retried: the pop consumes the entry, so a lost
 * answer is reported instead of popping a second one.
 */
export async function queuePopAndExport(api: BrimApi, projectId: number, destinationPath: string, includeNulls: boolean, options: CallOptions = {}): Promise<{ path: string; bytes: number } | null> {
  const call = { path: 'queue/pop-and-export', what: 'taking a result from the single-note queue', projectId, capability: 'singleNote' as const, signal: options.signal };
  const response = await api.stream({ ...call, body: { project_id: projectId, include_null_in_export: includeNulls }, idempotent: false });
  if ((response.headers.get('content-type') ?? '').toLowerCase().includes('csv')) {
    const bytes = await streamBodyToFile(response, destinationPath);
    return { path: destinationPath, bytes };
  }
  const text = await response.text();
  const answer = parseBrimJson(text, text.length, envelope(z.unknown()), api.context(call, true));
  if (answer.data === null || answer.data === undefined) return null;
  throw new AppError('BAD_RESPONSE', 'Brim answered the queue pop with data but no CSV file. The result may have been taken; check the queue in Brim.');
}

/** `POST /api/v1/queue/errors/`: failed single-note generations. */
export async function queueErrors(api: BrimApi, projectId: number, options: CallOptions = {}): Promise<QueueError[]> {
  const answer = await api.json(
    { method: 'POST', path: 'queue/errors', what: 'the single-note error list', projectId, capability: 'singleNote', body: { project_id: projectId }, idempotent: true, signal: options.signal },
    envelope(queueErrorsSchema.nullable()),
  );
  return (answer.data ?? []).map((e) => ({ taskId: e.task_id, patientId: e.patient_id, noteId: e.note_id, message: e.message, failedAt: e.failed_at }));
}
