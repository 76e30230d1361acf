import { randomBytes } from 'node:crypto';
import { AppError, isAppError, type AppErrorShape } from '../../../shared/contract/errors.ts';
import type { Job, JobKind, JobResult } from '../../../shared/contract/jobs.ts';
import type { Logger } from '../log/logger.ts';
import { redact } from '../log/redact.ts';

export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  /**
   * Report progress; updates are sent to the UI at most every `progressIntervalMs`. `unit` changes what is
   * counted, for jobs with phases (an upload counts bytes while sending, then steps while Brim works).
   */
  progress(done: number, total?: number | null, message?: string, unit?: Job['progress']['unit']): void;
  /** Throws CANCELLED if the user cancelled the job. */
  throwIfCancelled(): void;
}

export interface JobSpec {
  kind: JobKind;
  title: string;
  connectionId: string | null;
  unit: Job['progress']['unit'];
  /** Runs after a failure or cancel, e.g. to remove a partial file. */
  cleanup?: () => Promise<void> | void;
}

export type JobListener = (job: Job) => void;

const keepFinished = 50;

/**
 * Long work in main: sync, export, later import and upload. A job returns an id at once; the UI follows
 * it through `job.updated` events and can cancel it through its AbortSignal.
 */
export class JobRunner {
  private readonly jobs = new Map<string, { job: Job; controller: AbortController; done: Promise<void> }>();
  private readonly listener: JobListener;
  private readonly log: Logger;
  private readonly progressIntervalMs: number;

  constructor(options: { onUpdate: JobListener; log: Logger; progressIntervalMs?: number }) {
    this.listener = options.onUpdate;
    this.log = options.log;
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
  }

  start(spec: JobSpec, run: (context: JobContext) => Promise<JobResult>): Job {
    const controller = new AbortController();
    const job: Job = {
      id: randomBytes(9).toString('base64url'),
      kind: spec.kind,
      title: spec.title,
      connectionId: spec.connectionId,
      state: 'running',
      progress: { done: 0, total: null, unit: spec.unit },
      message: 'Starting…',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
      result: null,
    };
    let lastSent = 0;
    let pending: NodeJS.Timeout | undefined;
    const send = (): void => {
      lastSent = Date.now();
      pending = undefined;
      this.listener(structuredClone(job));
    };
    const context: JobContext = {
      id: job.id,
      signal: controller.signal,
      progress: (done, total, message, unit) => {
        if (unit !== undefined && unit !== job.progress.unit) {
          // A new phase: the last state of the previous one (e.g. "all bytes sent") is shown, not skipped.
          if (pending) {
            clearTimeout(pending);
            send();
          }
          job.progress.unit = unit;
        }
        job.progress.done = done;
        if (total !== undefined) job.progress.total = total;
        if (message !== undefined) job.message = message;
        const wait = this.progressIntervalMs - (Date.now() - lastSent);
        if (wait <= 0) send();
        else pending ??= setTimeout(send, wait);
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new AppError('CANCELLED', 'Cancelled.');
      },
    };

    const done = (async () => {
      try {
        const result = await run(context);
        context.throwIfCancelled();
        job.state = 'succeeded';
        job.result = result;
        job.message = 'Done';
      } catch (error) {
        const shape = toErrorShape(error, controller.signal.aborted);
        job.state = shape.code === 'CANCELLED' ? 'cancelled' : 'failed';
        job.error = shape;
        job.message = shape.code === 'CANCELLED' ? 'Cancelled' : shape.message;
        // A server's error text may quote the values it refused (research data): the log keeps the code only,
        // and the message only for Carrel's own internal errors.
        if (job.state === 'failed') this.log.warn('job failed', { kind: job.kind, code: shape.code, ...(shape.code === 'INTERNAL' ? { message: shape.message } : {}) });
        try {
          await spec.cleanup?.();
        } catch (cleanupError) {
          this.log.warn('job cleanup failed', { kind: job.kind, error: String(cleanupError) });
        }
      } finally {
        clearTimeout(pending);
        job.finishedAt = new Date().toISOString();
        send();
        this.prune();
      }
    })();

    this.jobs.set(job.id, { job, controller, done });
    send();
    return structuredClone(job);
  }

  list(): Job[] {
    return [...this.jobs.values()].map((entry) => structuredClone(entry.job)).reverse();
  }

  get(jobId: string): Job | null {
    const entry = this.jobs.get(jobId);
    return entry ? structuredClone(entry.job) : null;
  }

  running(kind: JobKind, connectionId: string): Job | null {
    for (const { job } of this.jobs.values()) {
      if (job.state === 'running' && job.kind === kind && job.connectionId === connectionId) return structuredClone(job);
    }
    return null;
  }

  cancel(jobId: string): boolean {
    const entry = this.jobs.get(jobId);
    if (!entry || entry.job.state !== 'running') return false;
    entry.job.message = 'Cancelling…';
    entry.controller.abort(new AppError('CANCELLED', 'Cancelled.'));
    return true;
  }

  dismiss(jobId: string): boolean {
    const entry = this.jobs.get(jobId);
    if (!entry || entry.job.state === 'running') return false;
    return this.jobs.delete(jobId);
  }

  /** Resolves when the job has finished (any outcome); for tests, shutdown and the CLI. */
  async settled(jobId: string): Promise<Job | null> {
    await this.jobs.get(jobId)?.done;
    return this.get(jobId);
  }

  /** Cancels everything still running and waits for the jobs to wind down. */
  async shutdown(): Promise<void> {
    for (const { controller } of this.jobs.values()) controller.abort(new AppError('CANCELLED', 'Carrel is closing.'));
    await Promise.allSettled([...this.jobs.values()].map((entry) => entry.done));
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((entry) => entry.job.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - keepFinished))) this.jobs.delete(entry.job.id);
  }
}

export function toErrorShape(error: unknown, aborted = false): AppErrorShape {
  if (isAppError(error)) return { ...error.toShape(), message: redact(error.message) };
  if (aborted) return { code: 'CANCELLED', message: 'Cancelled.', retryable: false };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: redact(`Something went wrong inside Carrel: ${message}`), retryable: false };
}
