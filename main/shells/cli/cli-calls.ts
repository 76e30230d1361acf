// What every command does with the core: call a contract method as the desktop window does, find a
// connection by name or id, follow a job to its end with a progress bar.
import { AppError, type ErrorCode } from '../../../shared/contract/errors.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/index.ts';
import type { ConnectionSummary } from '../../../shared/contract/connections.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import type { Core } from '../../ipc/core.ts';
import type { CliOutput } from './cli-types.ts';

/** One contract call through the same door the desktop window uses; a refusal throws its AppError. */
export async function call<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const reply = await core.dispatch(method, input, { shell: 'desktop' });
  if (!reply.ok) throw new AppError(reply.error.code as ErrorCode, reply.error.message, { retryable: reply.error.retryable, ...(reply.error.details ? { details: reply.error.details } : {}) });
  return reply.result as MethodOutput<M>;
}

/** Environment variable with a token to use for this run when no keychain keeps one (headless servers). */
export const tokenEnv = 'CARREL_TOKEN';

/**
 * A connection by id, or by name (case-insensitively). On a machine without a usable keychain (a headless
 * server, or --session-only) tokens do not survive between runs: then the token in $CARREL_TOKEN is
 * used for this run, and never written anywhere.
 */
export async function resolveConnection(core: Core, nameOrId: string, env: Readonly<Record<string, string | undefined>>): Promise<ConnectionSummary> {
  const all = await call(core, 'connections.list', {});
  const wanted = nameOrId.trim().toLowerCase();
  const byId = all.find((c) => c.id === nameOrId);
  const matches = byId ? [byId] : all.filter((c) => c.name.toLowerCase() === wanted);
  if (matches.length === 0) {
    const names = all.map((c) => `"${c.name}" (${c.id})`).join(', ');
    throw new AppError('NOT_FOUND', all.length ? `No connection is called "${nameOrId}". Connections: ${names}.` : 'There are no connections yet. Add one with `carrel connections add`.');
  }
  if (matches.length > 1) throw new AppError('CONFLICT', `Several connections are called "${nameOrId}"; name one by its id: ${matches.map((c) => c.id).join(', ')}.`);
  const connection = matches[0]!;
  const envToken = env[tokenEnv]?.trim();
  if (!connection.hasToken && envToken && connection.kind !== 'brainstem' && !core.services.vault.status().persistent) {
    await core.services.vault.store(core.services.connections.get(connection.id).vaultAccount, envToken);
    return { ...connection, hasToken: true };
  }
  return connection;
}

/** Follows a job to its end, drawing its progress; resolves with its last state (succeeded, failed or cancelled). */
export async function waitForJob(core: Core, jobId: string, out: CliOutput): Promise<Job> {
  const stop = core.subscribe((event, payload) => {
    if (event !== 'job.updated') return;
    const job = payload as Job;
    if (job.id === jobId && job.state === 'running') out.progress(job.progress.done, job.progress.total, job.message);
  });
  try {
    const job = await core.services.jobs.settled(jobId);
    if (!job) throw new AppError('NOT_FOUND', 'The job disappeared before it finished.');
    return job;
  } finally {
    stop();
  }
}

/** A failed or cancelled job as the error it carries. */
export function jobError(job: Job): AppError {
  const error = job.error ?? { code: 'INTERNAL' as const, message: job.message, retryable: false };
  return new AppError(error.code, error.message, { retryable: error.retryable, ...(error.details ? { details: error.details } : {}) });
}

/** `a,b` `c` → ['a', 'b', 'c']. */
export function listValues(value: string | boolean | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function stringValue(value: string | boolean | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : Array.isArray(value) ? value.at(-1) : undefined;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
