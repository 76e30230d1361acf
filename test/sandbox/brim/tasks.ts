// Brim's task state machine: WAITING → RUNNING → COMPLETE | ERROR | STOPPED (reference §4, I-4).
// A task's state follows from the clock and its delays, so no timers run; `settleAll` applies what a
// finished task does (a generation labels its notes, fills the single-note queue) in the order the
// tasks finished, before every request is answered.

import type { SandboxClock } from '../brainstem/clock.ts';
import type { Prng } from '../brainstem/random.ts';
import { TASK_DISPLAY, TASK_STATUS, noteKey } from './store.ts';
import type { ExportSpec, Project, Store, Task, TaskKind, TaskState } from './store.ts';

export type DelayKind = 'upload' | 'generation' | 'export';

export interface TaskDelays {
  waitingMs: number;
  runningMs: number;
  /** Extra running time per note (generations) — the realistic pace makes big runs take longer. */
  perNoteMs: number;
  /** Cap on the per-note part. */
  maxPerNoteMs: number;
}

export const FAST_DELAYS: Record<DelayKind, TaskDelays> = {
  upload: { waitingMs: 50, runningMs: 100, perNoteMs: 0, maxPerNoteMs: 0 },
  generation: { waitingMs: 100, runningMs: 300, perNoteMs: 0, maxPerNoteMs: 0 },
  export: { waitingMs: 50, runningMs: 150, perNoteMs: 0, maxPerNoteMs: 0 },
};

/** Close to the reference's suggested demo pace (WAITING 1 s, RUNNING 3 s) plus time per note. */
export const REALISTIC_DELAYS: Record<DelayKind, TaskDelays> = {
  upload: { waitingMs: 1000, runningMs: 2000, perNoteMs: 1, maxPerNoteMs: 10_000 },
  generation: { waitingMs: 1000, runningMs: 3000, perNoteMs: 40, maxPerNoteMs: 60_000 },
  export: { waitingMs: 500, runningMs: 1500, perNoteMs: 0, maxPerNoteMs: 0 },
};

/** The message real Brim showed a user for a generation that had nothing to work on (reference I-4). */
export const NO_NOTES_ERROR = "UnboundLocalError: cannot access local variable 'results' where it is not associated with a value";
export const EMPTY_NOTE_ERROR = 'ValueError: the note text is empty, nothing to abstract';

export interface TaskEngine {
  store: Store;
  clock: SandboxClock;
  ids: Prng;
  delays: Record<DelayKind, TaskDelays>;
  /** Messages the next generations end with (ERROR), for tests of failing runs. */
  failNextGenerations: string[];
}

const delayKindOf = (kind: TaskKind): DelayKind => (kind === 'generation' ? 'generation' : kind === 'export' ? 'export' : 'upload');

export interface NewTask {
  projectId: number;
  kind: TaskKind;
  fileName?: string | null;
  noteKeys?: string[];
  variableNames?: string[] | null;
  queued?: boolean;
  exportSpec?: ExportSpec | null;
  /** Starts when this task ends (a generation after its upload). */
  after?: Task;
  /** Work units for the per-note delay. */
  units?: number;
  /** An id chosen before the task is made (an upload's notes carry it while they stream in). */
  id?: string;
}

export function endOf(task: Task): number {
  return task.startsAt + task.waitingMs + task.runningMs;
}

export function createTask(engine: TaskEngine, spec: NewTask): Task {
  const now = engine.clock.now();
  const delays = engine.delays[delayKindOf(spec.kind)];
  const perNote = Math.min(delays.maxPerNoteMs, delays.perNoteMs * (spec.units ?? spec.noteKeys?.length ?? 0));
  const task: Task = {
    id: spec.id ?? engine.ids.uuid(),
    projectId: spec.projectId,
    kind: spec.kind,
    createdAt: now,
    startsAt: spec.after === undefined ? now : Math.max(now, endOf(spec.after)),
    waitingMs: delays.waitingMs,
    runningMs: delays.runningMs + perNote,
    outcome: 'complete',
    outcomeMessage: null,
    settled: null,
    fileName: spec.fileName ?? null,
    noteKeys: spec.noteKeys ?? [],
    variableNames: spec.variableNames ?? null,
    childTaskId: null,
    queued: spec.queued ?? false,
    exportSpec: spec.exportSpec ?? null,
  };
  if (task.kind === 'generation') {
    const forced = engine.failNextGenerations.shift();
    if (forced !== undefined) [task.outcome, task.outcomeMessage] = ['error', forced];
    else if (task.noteKeys.length === 0) [task.outcome, task.outcomeMessage] = ['error', NO_NOTES_ERROR];
  }
  if (task.exportSpec?.failure != null) task.settled = { state: 'error', at: now, message: task.exportSpec.failure };
  if (spec.after !== undefined) spec.after.childTaskId = task.id;
  engine.store.tasks.set(task.id, task);
  return task;
}

/** The state a task is in now (after settleAll). */
export function stateOf(task: Task, now: number): TaskState {
  if (task.settled !== null) return task.settled.state;
  if (now < task.startsAt + task.waitingMs) return 'waiting';
  return 'running';
}

export function statusFields(task: Task, now: number): { status: number; display: string; state: TaskState } {
  const state = stateOf(task, now);
  return { status: TASK_STATUS[state], display: TASK_DISPLAY[state], state };
}

function finish(engine: TaskEngine, task: Task, at: number): void {
  const project = engine.store.projects.get(task.projectId);
  const failedNote = task.kind === 'generation' && task.queued && project !== undefined ? emptyNoteIn(project, task) : undefined;
  const outcome = failedNote === undefined ? task.outcome : 'error';
  const message = failedNote === undefined ? task.outcomeMessage : EMPTY_NOTE_ERROR;
  task.settled = { state: outcome, at, message };
  if (task.kind !== 'generation' || project === undefined) return;
  const completedAt = new Date(at).toISOString();
  for (const key of task.noteKeys) {
    const [personId = '', noteId = ''] = key.split('\u0000');
    const note = project.notes.get(personId)?.get(noteId);
    if (note === undefined) continue;
    if (outcome === 'complete') note.labelledBy = task.id;
    if (!task.queued) continue;
    if (outcome === 'complete') project.queue.push({ taskId: task.id, patientId: personId, noteId, completedAt });
    else project.queueErrors.push({ taskId: task.id, patientId: personId, noteId, completedAt, message: message ?? 'Generation failed' });
  }
}

function emptyNoteIn(project: Project, task: Task): string | undefined {
  for (const key of task.noteKeys) {
    const [personId = '', noteId = ''] = key.split('\u0000');
    if (project.notes.get(personId)?.get(noteId)?.textBytes === 0) return key;
  }
  return undefined;
}

/** Ends every task whose time has come, oldest end first, so chained effects apply in order. */
export function settleAll(engine: TaskEngine): void {
  const now = engine.clock.now();
  const due = [...engine.store.tasks.values()].filter((task) => task.settled === null && endOf(task) <= now).sort((a, b) => endOf(a) - endOf(b));
  for (const task of due) finish(engine, task, endOf(task));
}

/** Stops a task that has not ended (and the generation its upload would have started). */
export function stopTask(engine: TaskEngine, taskId: string): boolean {
  settleAll(engine);
  const task = engine.store.tasks.get(taskId);
  if (task === undefined || task.settled !== null) return false;
  const now = engine.clock.now();
  task.settled = { state: 'stopped', at: now, message: 'Stopped by a user' };
  const child = task.childTaskId === null ? undefined : engine.store.tasks.get(task.childTaskId);
  if (child !== undefined && child.settled === null) child.settled = { state: 'stopped', at: now, message: 'Stopped: its upload was stopped' };
  return true;
}

/** A generation of this project still waiting or running. */
export function runningGeneration(engine: TaskEngine, projectId: number): Task | undefined {
  for (const task of engine.store.tasks.values()) if (task.projectId === projectId && task.kind === 'generation' && task.settled === null) return task;
  return undefined;
}

export { noteKey };
