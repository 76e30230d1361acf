import { brimTaskStates } from '../../../../shared/contract/brim.ts';
import { AppError, isAppError } from '../../../../shared/contract/errors.ts';
import { sleep as realSleep } from '../../http/backoff.ts';
import type { BrimApi } from './api.ts';
import { envelope, taskStatusDataSchema } from './envelopes.ts';
import type { BrimTaskState, CallOptions, FollowTaskOptions, TaskStatus } from './types.ts';

/** Brim's `SummitTask.Status`: 0 Waiting, 1 Running, 2 Complete, 3 Error, 4 Stopped (reference §4). */
export function taskStateOf(code: number, display: string | null): BrimTaskState | null {
  const byCode = brimTaskStates[code];
  if (byCode !== undefined && Number.isInteger(code)) return byCode;
  const byName = display?.trim().toLowerCase();
  return brimTaskStates.find((state) => state === byName) ?? null;
}

export function isTerminal(state: BrimTaskState): boolean {
  return state === 'complete' || state === 'error' || state === 'stopped';
}

/** Brim's own polling schedule (2 s, ×1.5, at most 300 s): the delay after the `poll`-th status (1-based). */
export function brimPollDelay(poll: number, initialMs = 2000, factor = 1.5, capMs = 300_000): number {
  return Math.min(capMs, Math.round(initialMs * factor ** Math.max(0, poll - 1)));
}

/** `POST /api/v1/task_status/`. A read, so it is retried on network errors, 5xx and 429. */
export async function taskStatus(api: BrimApi, projectId: number, taskId: string, options: CallOptions = {}): Promise<TaskStatus> {
  const answer = await api.json(
    { method: 'POST', path: 'task_status', what: 'the task status', projectId, body: { project_id: projectId, task_id: taskId }, idempotent: true, signal: options.signal },
    envelope(taskStatusDataSchema),
  );
  const data = answer.data;
  const state = taskStateOf(data.task_status, data.task_status_display);
  if (state === null) {
    throw new AppError('BAD_RESPONSE', `Brim reported a task status Carrel does not know (${data.task_status}${data.task_status_display ? `, "${data.task_status_display}"` : ''}). Check the task in Brim's Generation History.`);
  }
  return {
    taskId: data.task_id ?? taskId,
    state,
    code: data.task_status,
    message: data.message ?? answer.message ?? data.task_status_display,
    display: data.task_status_display,
    phase: data.phase,
  };
}

/**
 * Polls a task until it completes, fails or is stopped. A failed poll (network, 5xx — each already retried
 * by the HTTP client) is tolerated a few times in a row, because a generation runs for hours and a Wi-Fi
 * blip must not lose it; a rejected token or a missing task ends the watch at once. Aborting the signal
 * stops watching only: Brim's task goes on.
 */
export async function followTask(api: BrimApi, projectId: number, taskId: string, options: FollowTaskOptions = {}): Promise<TaskStatus> {
  const sleep = options.sleep ?? realSleep;
  const maxFailures = options.maxConsecutiveFailures ?? 5;
  let failures = 0;
  for (let poll = 1; ; poll++) {
    if (options.signal?.aborted) throw new AppError('CANCELLED', 'Stopped watching the Brim task. The task itself goes on in Brim.');
    const delay = brimPollDelay(poll, options.initialDelayMs, options.factor, options.maxDelayMs);
    try {
      const status = await taskStatus(api, projectId, taskId, { signal: options.signal });
      failures = 0;
      const done = isTerminal(status.state);
      options.onStatus?.(status, done ? null : delay);
      if (done) return status;
    } catch (error) {
      if (!isAppError(error) || !error.retryable || error.code === 'CANCELLED') throw error;
      failures += 1;
      if (failures >= maxFailures) throw error;
    }
    try {
      await sleep(delay, options.signal);
    } catch {
      throw new AppError('CANCELLED', 'Stopped watching the Brim task. The task itself goes on in Brim.');
    }
  }
}
