import { isAppError } from '../../../shared/contract/errors.ts';
import type { BrimClient, TaskStatus } from '../connectors/brim/client.ts';
import type { JobContext } from '../jobs/job-runner.ts';
import type { BrimTaskHistory } from './task-history.ts';

/** How often a task is asked about: Brim's own schedule (2 s, ×1.5, at most 300 s) unless a test or bench shortens it. */
export interface PollSchedule {
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
}

export const brimPollSchedule: PollSchedule = { initialDelayMs: 2000, factor: 1.5, maxDelayMs: 300_000 };

/** Where a followed task sits in the job's step count, and how it is named in the job's message. */
export interface FollowStep {
  done: number;
  total: number;
  label: string;
}

/**
 * Follows one Brim task to its end with the job's signal, writing every status into the task history and
 * the job's progress (in steps: Brim reports states, not percentages). Cancelling stops watching only; the
 * history then shows the last known state, with no job watching it.
 */
export async function followAndRecord(options: {
  client: BrimClient;
  taskId: string;
  history: BrimTaskHistory;
  context: JobContext;
  schedule: PollSchedule;
  step: FollowStep;
}): Promise<TaskStatus> {
  const { client, taskId, history, context, schedule, step } = options;
  const started = Date.now();
  context.progress(step.done, step.total, `${step.label}: asking Brim…`, 'steps');
  try {
    const status = await client.followTask(taskId, {
      signal: context.signal,
      initialDelayMs: schedule.initialDelayMs,
      factor: schedule.factor,
      maxDelayMs: schedule.maxDelayMs,
      onStatus: (current, nextDelayMs) => {
        history.update(taskId, { state: current.state, message: current.message, jobId: nextDelayMs === null ? null : context.id });
        const elapsed = Math.round((Date.now() - started) / 1000);
        const next = nextDelayMs === null ? '' : `; next check in ${Math.round(nextDelayMs / 1000)} s`;
        context.progress(step.done, step.total, `${step.label}: ${current.display ?? current.state} (${elapsed} s${next})`, 'steps');
      },
    });
    context.progress(step.done + 1, step.total, `${step.label}: ${status.display ?? status.state}`, 'steps');
    return status;
  } catch (error) {
    // The task is not ours to end: it stays in the history with its last known state, unwatched.
    history.update(taskId, { jobId: null, ...(isAppError(error) && error.code !== 'CANCELLED' ? { message: `Carrel stopped watching: ${error.message}` } : {}) });
    throw error;
  }
}
