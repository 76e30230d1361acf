import type { brimCapabilityNames, brimTaskStates } from '../../../../shared/contract/brim.ts';

/** The public shapes of the Brim client (see client.ts). Task ids are opaque strings; project ids are integers. */

export type BrimTaskState = (typeof brimTaskStates)[number];
export type BrimCapability = (typeof brimCapabilityNames)[number];

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export interface BrimProject {
  id: number;
  /** Null when the server gives no way to read it (no project list). */
  name: string | null;
}

export interface ProjectCheck {
  project: BrimProject;
  /** What proved that the token opens the project. */
  via: 'project-list' | 'task-status';
  /** Whether the (inferred) project list answered; null when it was not tried. */
  projectList: boolean | null;
}

export interface EnsuredProject extends BrimProject {
  name: string;
  /** False when a project of that name already existed and is reused. */
  created: boolean;
}

export interface UploadProgress {
  /** Bytes of the request body handed to the network so far, and the body's total. */
  onProgress?: ((bytesSent: number, total: number) => void) | undefined;
}

export interface UploadResult {
  /** The upload task (2026 `upload_task_id`, else the 2025 `api_session_id`). */
  uploadTaskId: string;
  /** The generation the upload started, when `generate_after_upload` was asked for and the server says so. */
  generationTaskId: string | null;
  originalFilename: string | null;
  bytesSent: number;
}

export interface TaskStatus {
  taskId: string;
  state: BrimTaskState;
  /** Brim's code 0–4. */
  code: number;
  /** The server's message, else its display label ("Running"). */
  message: string | null;
  display: string | null;
  /** The generation phase, when the server says (Prepare, Variable Generation, …). */
  phase: string | null;
}

export interface FollowTaskOptions extends CallOptions {
  /** Called after every poll, with the delay before the next one (null once the task has ended). */
  onStatus?: ((status: TaskStatus, nextDelayMs: number | null) => void) | undefined;
  /** Brim's defaults: 2 s, ×1.5, at most 300 s. */
  initialDelayMs?: number;
  factor?: number;
  maxDelayMs?: number;
  /** Injectable for tests. Must reject when the signal aborts. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Failed polls in a row (network, 5xx) tolerated before giving up; default 5. */
  maxConsecutiveFailures?: number;
}

export type ResultsKind = 'detailed' | 'patient';

export interface ExportResultsOptions extends CallOptions {
  kind: ResultsKind;
  includeNulls: boolean;
  /** One upload's or one generation's documents; absent for the whole project. */
  taskId?: string | undefined;
  /** The CSV is written here (through `<path>.part`, renamed when complete). */
  destinationPath: string;
  /** Each JSON "not ready" answer, with the delay before the next poll. */
  onStatus?: ((status: ExportStatus, nextDelayMs: number) => void) | undefined;
  /** CSV bytes written so far (total from Content-Length, when the server sends one). */
  onBytes?: ((bytesWritten: number, total: number | null) => void) | undefined;
  initialDelayMs?: number;
  factor?: number;
  maxDelayMs?: number;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

export interface ExportStatus {
  exportTaskId: string | null;
  state: BrimTaskState;
  isComplete: boolean;
  message: string | null;
}

export interface ExportedFile {
  path: string;
  bytes: number;
  /** From Content-Disposition, else `<project>_extract_<YYYY-MM-DD>.csv`. */
  fileName: string;
  exportTaskId: string | null;
  /** Which request body the server accepted; remember it for this connection. */
  payload: ResultsPayloadGeneration;
}

/** 2025: help-centre script (`api_session_id`, `detailed_export`…); 2026: brim-utils (`task_id`, `get_csv`). */
export type ResultsPayloadGeneration = '2025' | '2026';

export interface InviteResult {
  invited: boolean;
  message: string;
}

export interface GenerateRequest {
  patientIds?: string[] | undefined;
  variableNames?: string[] | undefined;
  batchSize?: number | undefined;
  overwriteReviewed?: boolean | undefined;
}

export interface SingleNote {
  patientId: string;
  noteId: string;
  noteDatetime: string;
  noteTitle: string;
  noteText: string;
}

export interface QueueEntry {
  taskId: string;
  patientId: string;
  noteId: string;
  completedAt: string | null;
}

export interface QueueError {
  taskId: string;
  patientId: string;
  noteId: string;
  message: string;
  failedAt: string | null;
}
