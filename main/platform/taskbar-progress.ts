import type { Job } from '../../shared/contract/jobs.ts';

/** Electron's `setProgressBar` values: -1 hides the bar, above 1 shows it without a known amount. */
export const noProgress = -1;
export const indeterminateProgress = 2;

export interface TaskbarState {
  /** -1, a fraction 0…1, or 2 (indeterminate). */
  progress: number;
  /** Running jobs, for the macOS dock badge. */
  running: number;
}

/**
 * One bar for all running jobs: the mean of their fractions (jobs count records, rows or bytes, so
 * their amounts cannot be added), indeterminate while any of them does not know its total yet.
 */
export function taskbarState(jobs: Iterable<Job>): TaskbarState {
  const running = [...jobs].filter((job) => job.state === 'running');
  if (running.length === 0) return { progress: noProgress, running: 0 };
  if (running.some((job) => !job.progress.total)) return { progress: indeterminateProgress, running: running.length };
  const fractions = running.map((job) => Math.min(1, Math.max(0, job.progress.done / job.progress.total!)));
  return { progress: fractions.reduce((a, b) => a + b, 0) / fractions.length, running: running.length };
}

export interface TaskbarSink {
  setProgress(value: number): void;
  setBadge(running: number): void;
}

/**
 * Follows `job.updated` events and drives the dock/taskbar. It only talks to the system when what is
 * shown changes (a whole percent, the indeterminate state, the count), as progress events come often.
 */
export class TaskbarProgress {
  private readonly jobs = new Map<string, Job>();
  private shown: TaskbarState = { progress: noProgress, running: 0 };
  private readonly sink: TaskbarSink;

  constructor(sink: TaskbarSink) {
    this.sink = sink;
  }

  update(job: Job): void {
    if (job.state === 'running') this.jobs.set(job.id, job);
    else this.jobs.delete(job.id);
    const next = taskbarState(this.jobs.values());
    const percent = (value: number): number => (value >= 0 && value <= 1 ? Math.floor(value * 100) : value);
    if (percent(next.progress) !== percent(this.shown.progress)) this.sink.setProgress(next.progress);
    if (next.running !== this.shown.running) this.sink.setBadge(next.running);
    this.shown = next;
  }

  /** Jobs still running when the window is recreated (macOS: closed and reopened from the dock). */
  reapply(): void {
    this.sink.setProgress(this.shown.progress);
    this.sink.setBadge(this.shown.running);
  }
}
