// The sandbox's live state: organization, projects, tokens, members, notes (as small digests, never
// whole note texts, so a 200 MB upload does not stay in memory), structured data and tasks.

import type { Finding } from './labeller.ts';

/** Brim's SummitTask.Status codes (reference §4). */
export const TASK_STATUS = { waiting: 0, running: 1, complete: 2, error: 3, stopped: 4 } as const;
export type TaskState = keyof typeof TASK_STATUS;
export const TASK_DISPLAY: Record<TaskState, string> = { waiting: 'Waiting', running: 'Running', complete: 'Complete', error: 'Error', stopped: 'Stopped' };

export type TaskKind = 'notes-upload' | 'structured-upload' | 'resource-upload' | 'note-upload' | 'generation' | 'export';

export interface NoteDigest {
  noteId: string;
  personId: string;
  /** Normalised `YYYY-MM-DD HH:MM:SS`, or '' when the file had none. */
  datetime: string;
  title: string;
  textBytes: number;
  /** First sentence of the text, at most 200 characters: the labeller's fallback evidence. */
  firstSentence: string;
  /** What the note says about each variable, found while the upload streamed in. */
  findings: Record<string, Finding>;
  uploadTaskId: string;
  /** The generation that labelled this note last; null until one has. */
  labelledBy: string | null;
}

export interface Task {
  id: string;
  projectId: number;
  kind: TaskKind;
  createdAt: number;
  /** When it leaves WAITING; a chained generation starts when its upload finishes. */
  startsAt: number;
  waitingMs: number;
  runningMs: number;
  /** Where it ends once the delays have passed (an upload completes; a generation may end in error). */
  outcome: 'complete' | 'error';
  outcomeMessage: string | null;
  /** A forced end (stopTask) or the settled end, with its time. */
  settled: { state: 'complete' | 'error' | 'stopped'; at: number; message: string | null } | null;
  fileName: string | null;
  /** Generations: the notes (by "person\u0000note" key) and variables they label; exports: their scope. */
  noteKeys: string[];
  variableNames: string[] | null;
  /** Uploads: the generation it started. */
  childTaskId: string | null;
  /** Generations started through the single-note API go to the project's queue when they finish. */
  queued: boolean;
  /** Exports: what to export. */
  exportSpec: ExportSpec | null;
}

export interface ExportSpec {
  kind: 'detailed' | 'patient';
  includeNulls: boolean;
  /** null = the whole project; else an upload or generation task id. */
  scopeTaskId: string | null;
  /** Export failures decided when the export was asked for. */
  failure: string | null;
}

export interface QueueEntry {
  taskId: string;
  patientId: string;
  noteId: string;
  completedAt: string;
}

export interface QueueError extends QueueEntry {
  message: string;
}

export interface Project {
  id: number;
  name: string;
  /** person id → note id → digest. */
  notes: Map<string, Map<string, NoteDigest>>;
  members: Set<string>;
  structuredValues: number;
  structuredElements: Set<string>;
  resources: string[];
  queue: QueueEntry[];
  queueErrors: QueueError[];
}

export interface TokenRecord {
  token: string;
  kind: 'project' | 'organization';
  /** Project tokens only. */
  projectId: number | null;
  ownerEmail: string;
  active: boolean;
}

export class Store {
  projects = new Map<number, Project>();
  tokens = new Map<string, TokenRecord>();
  tasks = new Map<string, Task>();
  nextProjectId = 1;

  addProject(name: string, id = this.nextProjectId): Project {
    const project: Project = {
      id, name, notes: new Map(), members: new Set(), structuredValues: 0, structuredElements: new Set(), resources: [], queue: [], queueErrors: [],
    };
    this.projects.set(id, project);
    this.nextProjectId = Math.max(this.nextProjectId, id + 1);
    return project;
  }

  projectByName(name: string): Project | undefined {
    for (const project of this.projects.values()) if (project.name === name) return project;
    return undefined;
  }

  noteCount(project: Project): number {
    let count = 0;
    for (const notes of project.notes.values()) count += notes.size;
    return count;
  }
}

export const noteKey = (personId: string, noteId: string): string => `${personId}\u0000${noteId}`;
