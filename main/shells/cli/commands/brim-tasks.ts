// `carrel brim generate` and `carrel brim status`: Brim's tasks, started and followed as in the app, and
// the task history Carrel keeps per connection (Brim itself has no task list).

import type { BrimTask } from '../../../../shared/contract/brim.ts';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { Core } from '../../../ipc/core.ts';
import { exitCodes, type CliRunContext, type ExitCode } from '../cli-types.ts';
import { UsageError } from '../cli-args.ts';
import { call, listValues, stringValue, waitForJob } from '../cli-calls.ts';
import { pickConnection } from './brainstem-connection.ts';
import { jobResult } from './brim-jobs.ts';

type TaskOutcome = { taskId: string; state: BrimTask['state']; childTaskId: string | null; message: string | null };

function outcomeText(what: string, task: TaskOutcome): string {
  return `${what} ${task.taskId}: ${task.state}${task.message && task.message.toLowerCase() !== task.state ? ` — ${task.message}` : ''}`;
}

const exitFor = (task: TaskOutcome): ExitCode => (task.state === 'complete' ? exitCodes.ok : exitCodes.failure);

/** One look at a task: 1 when it ended badly (error, stopped); 0 when complete or still going (the state says which). */
const statusExit = (state: BrimTask['state']): ExitCode => (state === 'error' || state === 'stopped' ? exitCodes.failure : exitCodes.ok);

/**
 * How long `brim generate` (without --wait) waits for the task id: the follow job records the task once
 * Brim has answered its first status request, which a busy Brim may take a while to do. Tests shorten it.
 */
export const taskWait = { firstDelayMs: 100, maxDelayMs: 2000, giveUpMs: 30_000 };

/**
 * The task a just-started follow job watches: the job records it in the history as it starts, and the
 * overview shows a task's job id while that job runs. Null when the job ended first; 'timeout' when the
 * task did not show up within taskWait.giveUpMs.
 */
async function taskOfJob(core: Core, connectionId: string, jobId: string): Promise<BrimTask | null | 'timeout'> {
  const started = Date.now();
  let delayMs = taskWait.firstDelayMs;
  for (;;) {
    const overview = await call(core, 'brim.overview', { connectionId });
    const task = overview.tasks.find((t) => t.jobId === jobId);
    if (task) return task;
    const job = core.services.jobs.get(jobId);
    if (!job || job.state !== 'running') return null;
    const left = taskWait.giveUpMs - (Date.now() - started);
    if (left <= 0) return 'timeout';
    // Back off, but wake at once when the job ends (it may end before it is ever seen in the history).
    await Promise.race([new Promise((resolve) => setTimeout(resolve, Math.min(delayMs, left)).unref()), core.services.jobs.settled(jobId)]);
    delayMs = Math.min(delayMs * 2, taskWait.maxDelayMs);
  }
}

export async function runGenerate(context: CliRunContext): Promise<ExitCode> {
  const { values, out } = context;
  const patientIds = listValues(values.patients);
  const core = await context.core();
  const connection = await pickConnection(core, 'brim', stringValue(values.connection), context.io.env);
  const started = await call(core, 'brim.generate', { connectionId: connection.id, ...(patientIds.length > 0 ? { patientIds } : {}) });
  if (values.wait === true) {
    const task = await jobResult(core, started.jobId, out, 'brim-task');
    out.result(task, () => outcomeText('Generation task', task));
    return exitFor(task);
  }
  const task = await taskOfJob(core, connection.id, started.jobId);
  if (task === 'timeout') {
    // Brim took the request; only its task id is missing. Brim goes on generating whatever Carrel does.
    await call(core, 'jobs.cancel', { jobId: started.jobId });
    await waitForJob(core, started.jobId, out);
    const seconds = Math.round(taskWait.giveUpMs / 1000);
    throw new AppError('TIMEOUT', `Brim started the generation but did not report on its task within ${seconds} s, so Carrel stopped waiting; Brim goes on generating. Check it with \`carrel brim status\` (the tasks Carrel knows) or in the Brim project, and fetch the labels with \`carrel brim results\` once it is done. \`carrel brim generate --wait\` follows a generation however long Brim takes.`);
  }
  if (task === null) {
    // The task ended (or failed) before it was seen running: report how the job ended.
    const done = await jobResult(core, started.jobId, out, 'brim-task');
    out.result(done, () => outcomeText('Generation task', done));
    return exitFor(done);
  }
  // Brim goes on generating; this command only stops watching.
  await call(core, 'jobs.cancel', { jobId: started.jobId });
  await waitForJob(core, started.jobId, out);
  const shown = { taskId: task.taskId, state: task.state, childTaskId: task.childTaskId, message: task.message };
  out.result(shown, () => `Generation started: task ${task.taskId}. Follow it with: carrel brim status ${task.taskId} --watch`);
  return exitCodes.ok;
}

function taskLine(task: BrimTask): string {
  const when = task.startedAt.slice(0, 16).replace('T', ' ');
  return [task.taskId.padEnd(14), task.kind.padEnd(17), task.state.padEnd(8), when, task.fileName ?? '', task.message && task.message.toLowerCase() !== task.state ? `— ${task.message}` : ''].filter(Boolean).join('  ');
}

export async function runStatus(context: CliRunContext): Promise<ExitCode> {
  const { values, out } = context;
  const core = await context.core();
  const connection = await pickConnection(core, 'brim', stringValue(values.connection), context.io.env);
  const overview = await call(core, 'brim.overview', { connectionId: connection.id });
  let taskId = context.positionals[0];

  if (taskId === undefined && values.watch !== true) {
    // The history, newest first: JSON lines in --json mode.
    if (context.globals.json) for (const task of overview.tasks) out.item(task, () => taskLine(task));
    else out.result(overview.tasks, () => overview.tasks.map(taskLine).join('\n'));
    if (overview.tasks.length === 0) out.note(`No Brim tasks are known for ${connection.name} yet (Carrel lists the tasks it started or watched).`);
    return exitCodes.ok;
  }
  if (taskId === undefined) {
    const running = overview.tasks.find((t) => t.state === 'waiting' || t.state === 'running');
    if (!running) throw new UsageError('No Brim task is running; say which task to watch: carrel brim status TASK --watch');
    taskId = running.taskId;
  }
  const known = overview.tasks.find((t) => t.taskId === taskId) ?? null;

  if (values.watch === true) {
    const watch = await call(core, 'brim.watchTask', { connectionId: connection.id, taskId });
    const task = await jobResult(core, watch.jobId, out, 'brim-task');
    out.result({ ...task, kind: known?.kind ?? null }, () => outcomeText('Brim task', task));
    return exitFor(task);
  }
  // One look at Brim now; the history may be older than the task's real state.
  const brim = core.services.connections.brim;
  const client = await brim.client(brim.get(connection.id));
  const status = await client.taskStatus(taskId);
  const shown = {
    taskId,
    kind: known?.kind ?? null,
    state: status.state,
    message: status.message,
    phase: status.phase,
    fileName: known?.fileName ?? null,
    startedAt: known?.startedAt ?? null,
    childTaskId: known?.childTaskId ?? null,
  };
  out.result(shown, () => `${outcomeText('Brim task', { ...shown })}${status.phase ? ` (${status.phase})` : ''}`);
  return statusExit(status.state);
}
