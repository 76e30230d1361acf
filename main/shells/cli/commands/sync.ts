import type { Job } from '../../../../shared/contract/jobs.ts';
import type { Core } from '../../../ipc/core.ts';
import { UsageError } from '../cli-args.ts';
import { call, jobError, listValues, plural, resolveConnection, waitForJob } from '../cli-calls.ts';
import { exitCodes, type CliCommand, type CliOutput } from '../cli-types.ts';

/** Syncs one connection and waits; the job as it ended. */
export async function syncConnection(core: Core, connectionId: string, out: CliOutput, options: { full?: boolean; models?: string[] } = {}): Promise<Job> {
  const { jobId } = await call(core, 'sync.start', { connectionId, mode: options.full ? 'full' : 'auto', ...(options.models?.length ? { models: options.models } : {}) });
  return waitForJob(core, jobId, out);
}

export function describeSync(name: string, job: Job): string {
  if (job.state !== 'succeeded' || job.result?.kind !== 'sync') return `${name}: ${job.error?.message ?? job.message}`;
  const r = job.result;
  const skipped = r.skipped.map((s) => `\n    skipped ${s.name}: ${s.note}`).join('');
  return `${name}: ${r.mode} sync, ${plural(r.records, 'record')} (${plural(r.rows, 'row')} × ${plural(r.columns, 'column')}), ${r.fetched.toLocaleString('en-US')} fetched, ${r.deleted.toLocaleString('en-US')} deleted${skipped}`;
}

export const syncCommand: CliCommand = {
  path: ['sync'],
  summary: 'Bring connections\' offline caches up to date (only what changed, when possible).',
  usage: 'carrel sync CONNECTION… [--full] [--models MODEL,…]',
  examples: ['carrel sync "Cohort study"', 'carrel sync cohort pilot --json', 'carrel sync "BrainSTEM lab" --models session,subject', 'carrel sync cohort --full'],
  options: {
    full: { type: 'boolean', description: 'download everything again instead of only what changed' },
    models: { type: 'string', multiple: true, description: 'BrainSTEM: only these models (comma-separated or repeated)' },
  },
  positionals: { min: 1, max: 50, names: ['CONNECTION'] },
  async run(ctx) {
    const core = await ctx.core();
    const models = listValues(ctx.values.models);
    if (models.some((m) => !/^[a-z][a-z_]{1,63}$/.test(m))) throw new UsageError('--models takes BrainSTEM model names such as session,subject.');
    // Resolve every name first: a typo in the third name should not leave two connections synced and one not.
    const connections = [];
    for (const name of ctx.positionals) connections.push(await resolveConnection(core, name, ctx.io.env));
    let failed = 0;
    for (const connection of connections) {
      const job = await syncConnection(core, connection.id, ctx.out, { full: ctx.values.full === true, models });
      if (job.state === 'cancelled') throw jobError(job);
      const entry = { connectionId: connection.id, name: connection.name, state: job.state, result: job.result, error: job.error };
      if (connections.length === 1) {
        if (job.state !== 'succeeded') throw jobError(job);
        ctx.out.result(entry, () => describeSync(connection.name, job));
        return exitCodes.ok;
      }
      if (job.state !== 'succeeded') failed += 1;
      // Several connections: one JSON line (or text line) each, as each finishes.
      ctx.out.item(entry, () => describeSync(connection.name, job));
    }
    return failed === 0 ? exitCodes.ok : failed === connections.length ? exitCodes.failure : exitCodes.partial;
  },
};
