import type { BrimTask } from '../../../shared/contract/brim.ts';

type TaskKind = BrimTask['kind'];
type TaskState = BrimTask['state'];

export const taskKindLabels: Record<TaskKind, string> = {
  'notes-upload': 'Notes upload',
  'structured-upload': 'Structured data',
  'resource-upload': 'Reference document',
  generation: 'Generation',
  export: 'Results export',
};

/** Brim's own status words (its status_display), so they match what the user sees in Brim's web app. */
export const taskStateLabels: Record<TaskState, string> = {
  waiting: 'Waiting',
  running: 'Running',
  complete: 'Complete',
  error: 'Error',
  stopped: 'Stopped',
};

export const taskStateBadge: Record<TaskState, string> = {
  waiting: 'badge brim-badge-waiting',
  running: 'badge brim-badge-running',
  complete: 'badge badge-ok',
  error: 'badge brim-badge-error',
  stopped: 'badge badge-warn',
};

export function isActive(state: TaskState): boolean {
  return state === 'waiting' || state === 'running';
}

/** "42 s", "3 min 05 s", "2 h 14 min": how long a task has run (until now, while it runs). */
export function formatElapsed(fromIso: string, toMs: number): string {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return '';
  const seconds = Math.max(0, Math.floor((toMs - from) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A task id is a long UUID; its first block is enough to tell tasks apart on screen. */
export function shortTaskId(taskId: string): string {
  return taskId.length > 12 ? `${taskId.slice(0, 8)}…` : taskId;
}

/** Brim's message, unless it only repeats the state ("Complete" under a Complete badge). */
export function extraMessage(message: string | null | undefined, state: TaskState): string | null {
  if (!message) return null;
  return message.trim().toLowerCase() === taskStateLabels[state].toLowerCase() ? null : message;
}
