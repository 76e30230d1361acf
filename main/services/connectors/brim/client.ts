/**
 * PUBLIC API of the Brim connector — the integration (main/services/brim) builds on this file and on
 * types.ts; keep changes additive. One BrimClient per connection: `new BrimClient(http, {baseUrl, token,
 * projectId})`, with `baseUrl` from `normalizeBrimUrl` (address.ts). Every method takes an AbortSignal.
 * Errors are AppErrors: AUTH_FAILED (401), FORBIDDEN (403, token scope), NOT_FOUND, VALIDATION (Brim's
 * `detail` in `details.detail`), RATE_LIMITED (`details.retryAfterMs`), SERVICE_ERROR, NOT_SERVICE, and
 * UNSUPPORTED with `details.capability` when an inferred endpoint is missing on this server.
 */
import { AppError } from '../../../../shared/contract/errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { BrimApi } from './api.ts';
import { envelope, inviteSchema, uploadDataSchema } from './envelopes.ts';
import { generate, generateForTask, queueErrors, queuePeek, queuePopAndExport, uploadNote } from './optional.ts';
import { checkProject, ensureProject, listProjects } from './projects.ts';
import { exportResults } from './results.ts';
import { followTask, taskStatus } from './tasks.ts';
import type {
  BrimProject,
  CallOptions,
  EnsuredProject,
  ExportResultsOptions,
  ExportedFile,
  FollowTaskOptions,
  GenerateRequest,
  InviteResult,
  ProjectCheck,
  QueueEntry,
  QueueError,
  ResultsPayloadGeneration,
  SingleNote,
  TaskStatus,
  UploadProgress,
  UploadResult,
} from './types.ts';

export type * from './types.ts';
export { normalizeBrimUrl, brimHost } from './address.ts';
export { brimPollDelay, isTerminal, taskStateOf } from './tasks.ts';

export interface BrimClientOptions {
  baseUrl: string;
  token: string;
  /** The connection's project; methods that need one fail with VALIDATION without it. */
  projectId?: number | null;
  /** Display name for default export file names. */
  projectName?: string | null;
  /** The `/results/` request generation the server accepted before (remembered per connection). */
  resultsPayload?: ResultsPayloadGeneration | null;
  timeoutMs?: number;
}

export interface FileToUpload {
  path: string;
  /** The name Brim records; defaults to the file's own name (a staged copy should pass the user's name). */
  fileName?: string | undefined;
}

export class BrimClient {
  readonly api: BrimApi;
  readonly projectId: number | null;
  private readonly projectName: string | null;
  private payload: ResultsPayloadGeneration | null;
  private readonly http: HttpClient;
  private readonly options: BrimClientOptions;

  constructor(http: HttpClient, options: BrimClientOptions) {
    this.http = http;
    this.options = options;
    this.api = new BrimApi(http, { baseUrl: options.baseUrl, token: options.token, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
    this.projectId = options.projectId ?? null;
    this.projectName = options.projectName ?? null;
    this.payload = options.resultsPayload ?? null;
  }

  /** The same server and token for another project. */
  forProject(projectId: number, projectName: string | null = null): BrimClient {
    return new BrimClient(this.http, { ...this.options, projectId, projectName, resultsPayload: this.payload });
  }

  /** The `/results/` request generation this server accepted (null until an export succeeded). */
  get resultsPayload(): ResultsPayloadGeneration | null {
    return this.payload;
  }

  /** Proves the token opens the project (no change in Brim); the name when the server lists projects. */
  async checkProject(projectId: number = this.requireProject(), options: CallOptions = {}): Promise<ProjectCheck> {
    return checkProject(this.api, projectId, options);
  }

  /** Creates the project, or reuses the one of that name (`created: false`). */
  ensureProject(name: string, options: CallOptions = {}): Promise<EnsuredProject> {
    return ensureProject(this.api, name, options);
  }

  /** Inferred endpoint (capability `projectList`). */
  listProjects(options: CallOptions = {}): Promise<BrimProject[]> {
    return listProjects(this.api, options);
  }

  /** `POST /upload/csv/`: the notes CSV streamed from disk with byte progress. Never retried. */
  async uploadNotes(file: FileToUpload, generateAfterUpload: boolean, options: CallOptions & UploadProgress = {}): Promise<UploadResult> {
    const projectId = this.requireProject();
    return this.uploadFile('upload/csv', 'the notes upload', null, projectId, file, 'csv_file', 'text/csv', [['project_id', String(projectId)], ['generate_after_upload', generateAfterUpload ? 'true' : 'false']], options);
  }

  /** `POST /upload/structured-data/` (no generate-after-upload: Brim does not offer it there). */
  async uploadStructured(file: FileToUpload, options: CallOptions & UploadProgress = {}): Promise<UploadResult> {
    const projectId = this.requireProject();
    return this.uploadFile('upload/structured-data', 'the structured-data upload', null, projectId, file, 'csv_file', 'text/csv', [['project_id', String(projectId)]], options);
  }

  /** Inferred `POST /upload/resource/` (capability `resourceUpload`): a reference document. */
  async uploadResource(file: FileToUpload, description: string | null, options: CallOptions & UploadProgress = {}): Promise<UploadResult> {
    const projectId = this.requireProject();
    const fields: Array<[string, string]> = [['project_id', String(projectId)]];
    if (description) fields.push(['description', description]);
    return this.uploadFile('upload/resource', 'uploading reference documents', 'resourceUpload', projectId, file, 'file', resourceType(file.fileName ?? file.path), fields, options);
  }

  async taskStatus(taskId: string, options: CallOptions = {}): Promise<TaskStatus> {
    return taskStatus(this.api, this.requireProject(), taskId, options);
  }

  /** Polls with Brim's backoff until the task ends; aborting stops watching (Brim's task goes on). */
  async followTask(taskId: string, options: FollowTaskOptions = {}): Promise<TaskStatus> {
    return followTask(this.api, this.requireProject(), taskId, options);
  }

  /** Starts (or resumes) an export, waits while Brim prepares it, and streams the CSV to the destination. */
  async exportResults(options: ExportResultsOptions): Promise<ExportedFile> {
    const projectId = this.requireProject();
    const file = await exportResults(this.api, projectId, this.projectName ?? `project_${projectId}`, options, this.payload);
    this.payload = file.payload;
    return file;
  }

  /**
   * `POST /users/invite/`. "Already a member" (Brim's 400) is an answer, not a failure: `invited: false`
   * with Brim's message. Never retried (a second e-mail would go out).
   */
  async invite(email: string, canUpload = false, options: CallOptions = {}): Promise<InviteResult> {
    const projectId = this.requireProject();
    try {
      const answer = await this.api.json(
        { method: 'POST', path: 'users/invite', what: 'the invitation', projectId, body: { email, project_id: projectId, can_upload_permission: canUpload }, idempotent: false, signal: options.signal },
        inviteSchema,
      );
      return { invited: answer.success !== false, message: answer.message ?? answer.detail ?? `Invitation for ${email} sent.` };
    } catch (error) {
      const detail = error instanceof AppError && typeof error.details?.detail === 'string' ? error.details.detail : null;
      if (error instanceof AppError && error.code === 'VALIDATION' && detail && /already/i.test(detail)) return { invited: false, message: detail };
      throw error;
    }
  }

  /** Inferred (capability `generate`): generation for all or chosen patients and variables; the task id. */
  async generate(request: GenerateRequest = {}, options: CallOptions = {}): Promise<string> {
    return generate(this.api, this.requireProject(), request, options);
  }

  /** Inferred (capability `singleNote`). */
  async uploadNote(note: SingleNote, generateAfterUpload: boolean, options: CallOptions = {}): Promise<{ uploadTaskId: string; generationTaskId: string | null }> {
    return uploadNote(this.api, this.requireProject(), note, generateAfterUpload, options);
  }

  async generateForTask(uploadTaskId: string, options: CallOptions = {}): Promise<string> {
    return generateForTask(this.api, this.requireProject(), uploadTaskId, options);
  }

  async queuePeek(options: CallOptions = {}): Promise<QueueEntry | null> {
    return queuePeek(this.api, this.requireProject(), options);
  }

  async queuePopAndExport(destinationPath: string, includeNulls = true, options: CallOptions = {}): Promise<{ path: string; bytes: number } | null> {
    return queuePopAndExport(this.api, this.requireProject(), destinationPath, includeNulls, options);
  }

  async queueErrors(options: CallOptions = {}): Promise<QueueError[]> {
    return queueErrors(this.api, this.requireProject(), options);
  }

  private async uploadFile(
    path: string,
    what: string,
    capability: 'resourceUpload' | null,
    projectId: number,
    file: FileToUpload,
    field: string,
    contentType: string,
    fields: ReadonlyArray<readonly [string, string]>,
    options: CallOptions & UploadProgress,
  ): Promise<UploadResult> {
    const { data, bytesSent } = await this.api.upload(
      { path, what, projectId, capability, signal: options.signal, fields, file: { field, path: file.path, fileName: file.fileName, contentType }, onProgress: options.onProgress },
      envelope(uploadDataSchema),
    );
    return {
      uploadTaskId: (data.data.upload_task_id ?? data.data.api_session_id) as string,
      generationTaskId: data.data.generation_task_id,
      originalFilename: data.data.original_filename,
      bytesSent,
    };
  }

  private requireProject(): number {
    if (this.projectId === null) throw new AppError('VALIDATION', 'Choose a Brim project first (its id, or a name to create or reuse).');
    return this.projectId;
  }
}

function resourceType(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const types: Record<string, string> = {
    pdf: 'application/pdf',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    txt: 'text/plain',
    md: 'text/markdown',
  };
  return (ext && types[ext]) ?? 'application/octet-stream';
}
