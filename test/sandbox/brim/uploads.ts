// The upload endpoints (reference §1, §2, I-2). Bodies stream through the multipart reader into
// the CSV readers, so a 200 MB file is counted and checked as it arrives and never held whole.

import { isResult, parseFlag, projectFor } from './access.ts';
import type { BrimContext, UploadRecord } from './context.ts';
import { findAll } from './labeller.ts';
import { MultipartError, boundaryOf, readMultipart } from './multipart-stream.ts';
import type { PartSink } from './multipart-stream.ts';
import { NotesCsvSink, normaliseDatetime } from './notes-csv.ts';
import { detail, envelope } from './responses.ts';
import type { ApiResult } from './responses.ts';
import { noteKey } from './store.ts';
import type { NoteDigest, Project, TokenRecord } from './store.ts';
import { StructuredCsvSink } from './structured-csv.ts';
import { createTask } from './tasks.ts';

export interface UploadRequest {
  contentType: string | undefined;
  body: AsyncIterable<Buffer>;
}

type Kind = 'csv' | 'structured-data' | 'resource';

/** Counts the bytes of a file part it does not read (resource documents). */
class CountingSink implements PartSink {
  bytes = 0;
  write(chunk: Buffer): void {
    this.bytes += chunk.length;
  }
  end(): void {}
}

function record(context: BrimContext, entry: UploadRecord): void {
  context.uploads.push(entry);
  if (context.uploads.length > 100) context.uploads.shift();
}

function storeNotes(project: Project, notes: readonly NoteDigest[]): string[] {
  const keys: string[] = [];
  for (const note of notes) {
    const byId = project.notes.get(note.personId) ?? new Map<string, NoteDigest>();
    byId.set(note.noteId, note);
    project.notes.set(note.personId, byId);
    keys.push(noteKey(note.personId, note.noteId));
  }
  return keys;
}

export async function handleUpload(context: BrimContext, token: TokenRecord, kind: Kind, request: UploadRequest): Promise<ApiResult> {
  const boundary = boundaryOf(request.contentType);
  const endpoint = `upload/${kind}/`;
  if (boundary === undefined) return detail(400, 'Send the file as multipart/form-data.');
  const fileField = kind === 'resource' ? undefined : 'csv_file';
  const uploadId = context.engine.ids.uuid();
  let sink: NotesCsvSink | StructuredCsvSink | CountingSink | undefined;
  let fileName: string | null = null;
  let fields: Array<[string, string]>;
  try {
    fields = await readMultipart(request.body, boundary, (part) => {
      if (sink !== undefined || (fileField !== undefined && part.name !== fileField)) return undefined;
      fileName = part.fileName ?? null;
      sink = kind === 'csv' ? new NotesCsvSink(uploadId) : kind === 'structured-data' ? new StructuredCsvSink() : new CountingSink();
      return sink;
    });
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error;
    return detail(400, `The upload could not be read: ${error.message}.`);
  }
  const form = Object.fromEntries(fields);
  const project = projectFor(context.engine.store, token, form.project_id);
  if (isResult(project)) return project;
  if (sink === undefined) return detail(400, kind === 'resource' ? 'file is required.' : 'csv_file is required.');
  const generate = parseFlag(form.generate_after_upload, false);
  if (kind === 'csv' && generate === undefined) return detail(400, 'generate_after_upload must be true or false.');
  const done = sink;
  const name = fileName ?? 'upload';

  if (done instanceof NotesCsvSink) {
    const result = done.result();
    record(context, { endpoint, fileName: name, bytes: result.bytes, rows: result.rows, maxHeldBytes: result.maxHeldBytes, accepted: result.error === undefined, message: result.error ?? null });
    if (result.error !== undefined) return detail(400, result.error);
    const keys = storeNotes(project, result.notes);
    const upload = createTask(context.engine, { id: uploadId, projectId: project.id, kind: 'notes-upload', fileName: name, units: result.rows });
    const generation = generate === true ? createTask(context.engine, { projectId: project.id, kind: 'generation', noteKeys: keys, after: upload }) : undefined;
    return envelope(context.generation, {
      original_filename: name, api_session_id: generation?.id ?? upload.id, upload_task_id: upload.id, generation_task_id: generation?.id ?? null,
    });
  }
  if (done instanceof StructuredCsvSink) {
    record(context, { endpoint, fileName: name, bytes: done.bytes, rows: done.rows, maxHeldBytes: done.maxHeldBytes, accepted: done.error === undefined, message: done.error ?? null });
    if (done.error !== undefined) return detail(400, done.error);
    project.structuredValues += done.rows;
    for (const element of done.elements) project.structuredElements.add(element);
    const upload = createTask(context.engine, { id: uploadId, projectId: project.id, kind: 'structured-upload', fileName: name, units: done.rows });
    return envelope(context.generation, { upload_task_id: upload.id, original_filename: name, api_session_id: upload.id });
  }
  record(context, { endpoint, fileName: name, bytes: done.bytes, rows: 0, maxHeldBytes: 0, accepted: done.bytes > 0, message: null });
  if (done.bytes === 0) return detail(400, 'The uploaded file is empty.');
  project.resources.push(name);
  const upload = createTask(context.engine, { id: uploadId, projectId: project.id, kind: 'resource-upload', fileName: name });
  return envelope(context.generation, { upload_task_id: upload.id, original_filename: name, api_session_id: upload.id });
}

/** POST /api/v1/upload/note/ (I-2): one note, JSON or form fields. */
export function handleNoteUpload(context: BrimContext, token: TokenRecord, body: Record<string, unknown>): ApiResult {
  const project = projectFor(context.engine.store, token, body.project_id);
  if (isResult(project)) return project;
  const text = (key: string): string => (typeof body[key] === 'string' ? (body[key] as string) : typeof body[key] === 'number' ? String(body[key]) : '');
  const personId = (text('patient_id') || text('person_id')).trim();
  const noteId = text('note_id').trim();
  if (personId === '' || noteId === '') return detail(400, 'patient_id and note_id are required.');
  const title = text('note_title').trim();
  if (title === '') return detail(400, `note_title is empty for document ID '${noteId}' (patient MRN '${personId}').`);
  const datetime = normaliseDatetime(text('note_datetime'));
  if (datetime === undefined) return detail(400, `Invalid note_datetime for document ID '${noteId}' (patient MRN '${personId}'): use YYYY-MM-DD HH:MM:SS.`);
  const generate = parseFlag(body.generate_after_upload, false);
  if (generate === undefined) return detail(400, 'generate_after_upload must be true or false.');
  const noteText = text('note_text');
  const upload = createTask(context.engine, { projectId: project.id, kind: 'note-upload', units: 1 });
  const { findings, firstSentence } = findAll(noteText);
  const keys = storeNotes(project, [{ noteId, personId, datetime, title, textBytes: Buffer.byteLength(noteText), firstSentence, findings, uploadTaskId: upload.id, labelledBy: null }]);
  const generation = generate ? createTask(context.engine, { projectId: project.id, kind: 'generation', noteKeys: keys, queued: true, after: upload }) : undefined;
  return envelope(context.generation, { upload_task_id: upload.id, generation_task_id: generation?.id ?? null, api_session_id: generation?.id ?? upload.id });
}
