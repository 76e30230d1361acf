import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import type { JobResult } from '../../../shared/contract/jobs.ts';
import type { BrimClient, TaskStatus, UploadResult } from '../connectors/brim/client.ts';
import type { JobContext } from '../jobs/job-runner.ts';
import { followAndRecord, type PollSchedule } from './follow.ts';
import type { BrimTaskHistory } from './task-history.ts';

export type BrimUploadKind = 'notes-upload' | 'structured-upload' | 'resource-upload';

export interface BrimUploadRequest {
  kind: BrimUploadKind;
  stageId: string;
  generateAfterUpload?: boolean | undefined;
  description?: string | undefined;
}

export interface StagedUpload {
  path: string;
  fileName: string;
  bytes: number;
}

const megabyte = 1024 * 1024;

function sentMessage(sent: number, total: number): string {
  return `Sending to Brim: ${(sent / megabyte).toFixed(1)} of ${(total / megabyte).toFixed(1)} MB`;
}

/**
 * Sends the staged file, turning a failure while sending into a sentence that says the file is safe. The
 * upload is not retried by itself (the user decides); sending the same notes file again is safe, because
 * Brim creates or updates notes by patient and NOTE_ID rather than adding copies.
 */
async function send(client: BrimClient, request: BrimUploadRequest, file: StagedUpload, context: JobContext): Promise<UploadResult> {
  const onProgress = (sent: number, total: number): void => context.progress(sent, total, sentMessage(sent, total), 'bytes');
  const target = { path: file.path, fileName: file.fileName };
  const options = { signal: context.signal, onProgress };
  try {
    if (request.kind === 'notes-upload') return await client.uploadNotes(target, request.generateAfterUpload ?? false, options);
    if (request.kind === 'structured-upload') return await client.uploadStructured(target, options);
    return await client.uploadResource(target, request.description ?? null, options);
  } catch (error) {
    if (isAppError(error) && (error.code === 'UNREACHABLE' || error.code === 'TIMEOUT')) {
      throw new AppError(error.code, `The connection to Brim was lost while sending ${file.fileName}. The file is still ready in Carrel: check the network, then upload it again.`, {
        retryable: true,
        details: { stageId: request.stageId },
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The body of an upload job: bytes while the file streams to Brim (progress at least every 100 ms from
 * the client, passed on by the job runner), then steps while Brim processes the upload and, when asked,
 * the generation it started. Every task goes into the connection's history as soon as Brim names it.
 */
export async function runUpload(options: {
  client: BrimClient;
  request: BrimUploadRequest;
  file: StagedUpload;
  history: BrimTaskHistory;
  context: JobContext;
  schedule: PollSchedule;
  /** Called once Brim has the file (the staged copy is no longer needed). */
  onSent: () => Promise<void>;
}): Promise<JobResult> {
  const { client, request, file, history, context, schedule } = options;
  context.progress(0, file.bytes, sentMessage(0, file.bytes), 'bytes');
  const uploaded = await send(client, request, file, context);
  await options.onSent();
  const generationId = uploaded.generationTaskId;
  history.record({ taskId: uploaded.uploadTaskId, kind: request.kind, state: 'waiting', fileName: file.fileName, childTaskId: generationId, jobId: context.id });
  if (generationId) history.record({ taskId: generationId, kind: 'generation', state: 'waiting', fileName: file.fileName, jobId: context.id });

  const total = generationId ? 3 : 2;
  const upload = await followAndRecord({ client, taskId: uploaded.uploadTaskId, history, context, schedule, step: { done: 1, total, label: 'Brim is reading the upload' } });
  if (!generationId) return taskResult(upload, null);
  if (upload.state !== 'complete') {
    // The generation waits on its upload; after a failed upload Brim will not run it. Its own status says so.
    const child = await client.taskStatus(generationId, { signal: context.signal }).catch(() => null);
    history.update(generationId, { jobId: null, ...(child ? { state: child.state, message: child.message } : {}) });
    return taskResult(upload, generationId);
  }
  const generation = await followAndRecord({ client, taskId: generationId, history, context, schedule, step: { done: 2, total, label: 'Brim is generating labels' } });
  // The job names the upload (what the user started) and ends in the generation's state.
  return { kind: 'brim-task', taskId: uploaded.uploadTaskId, state: generation.state, childTaskId: generationId, message: generation.message };
}

export function taskResult(status: TaskStatus, childTaskId: string | null): JobResult {
  return { kind: 'brim-task', taskId: status.taskId, state: status.state, childTaskId, message: status.message };
}
