// The BrainSTEM operations of the fault matrix: a sync of the private portal and a journaled import of
// sessions (creates and an update), each on a fresh sandbox and user-data folder.

import { Readable } from 'node:stream';
import type { Job } from '../../shared/contract/jobs.ts';
import { startBrainstemCore, type BrainstemCore } from '../helpers/brainstem-test-core.ts';
import { MATRIX_TIMEOUT_SECONDS } from './fault-vocabulary.ts';
import { jobOutcome, type Operation, type OperationRun, type Outcome } from './matrix-types.ts';

async function bench(sessions: number, synced: boolean): Promise<BrainstemCore> {
  const c = await startBrainstemCore({ sessions });
  try {
    await c.call('settings.update', { requestTimeoutSeconds: MATRIX_TIMEOUT_SECONDS });
    if (synced) {
      const job = await syncJob(c);
      if (job.state !== 'succeeded') throw new Error(`setup sync ${job.state}`);
    }
    return c;
  } catch (error) {
    await c.close();
    throw error;
  }
}

async function settled(c: BrainstemCore, jobId: string): Promise<Job> {
  const job = await c.core.services.jobs.settled(jobId);
  if (!job) throw new Error('the job vanished');
  return job;
}

async function syncJob(c: BrainstemCore): Promise<Job> {
  const { jobId } = await c.call('sync.start', { connectionId: c.connectionId });
  return settled(c, jobId);
}

function base(c: BrainstemCore): Pick<OperationRun, 'faults' | 'requests' | 'userDataDir' | 'close'> {
  return {
    faults: c.sandbox.faults,
    requests: () => Object.values(c.sandbox.stats()).reduce((sum, n) => sum + n, 0),
    userDataDir: c.userDataDir,
    close: () => c.close(),
  };
}

/** Every object of a model on the server, read with plain HTTP (not through Carrel's client). */
async function serverObjects(c: BrainstemCore, app: string, model: string, key: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (let offset = 0; ; offset += 100) {
    const response = await fetch(`${c.sandbox.url}api/private/${app}/${model}/?limit=100&offset=${offset}`, { headers: { authorization: `Bearer ${c.sandbox.token}` } });
    if (!response.ok) throw new Error(`the sandbox answered ${response.status} for ${model}`);
    const page = ((await response.json()) as Record<string, Array<Record<string, unknown>>>)[key] ?? [];
    out.push(...page);
    if (page.length < 100) return out;
  }
}

/** A cached table's rows by column name, read through the contract as the grid reads them. */
async function cachedTable(c: BrainstemCore, dataset: string): Promise<Array<Record<string, string>>> {
  const view = await c.call('records.openView', { connectionId: c.connectionId, dataset, mode: 'raw', sort: [], filter: '' });
  const names = view.columns.map((column) => column.name);
  const rows: Array<Record<string, string>> = [];
  for (let offset = 0; offset < view.total; offset += 2000) {
    const page = await c.call('records.rows', { viewId: view.viewId, offset, limit: 2000 });
    for (const row of page.rows) rows.push(Object.fromEntries(names.map((name, i) => [name, row[i] ?? ''])));
  }
  await c.call('records.closeView', { viewId: view.viewId });
  return rows;
}

const sortedPairs = (rows: Array<{ id: unknown; name: unknown }>): string => JSON.stringify(rows.map((row) => `${String(row.id)}=${String(row.name)}`).sort());

/** A sync that kept an old copy of some model ends "succeeded" with notes: to the user that is a partial sync. */
function syncOutcome(job: Job): Outcome {
  const skipped = job.result?.kind === 'sync' ? job.result.skipped : [];
  if (job.state !== 'succeeded' || skipped.length === 0) return jobOutcome(job);
  return { state: 'failed', error: { code: 'PARTIAL', message: skipped.map((entry) => entry.note).join(' ') }, job };
}

export const brainstemSync: Operation = {
  name: 'brainstem sync',
  service: 'brainstem',
  async setup() {
    const c = await bench(30, false);
    const sync = async (): Promise<Outcome> => syncOutcome(await syncJob(c));
    return {
      ...base(c),
      perform: sync,
      recover: sync,
      async verify() {
        for (const [app, model, key] of [['stem', 'session', 'sessions'], ['stem', 'subject', 'subjects'], ['stem', 'project', 'projects']] as const) {
          const server = sortedPairs((await serverObjects(c, app, model, key)).map((o) => ({ id: o.id, name: o.name })));
          const cached = sortedPairs((await cachedTable(c, `bs_private_${model}`)).map((row) => ({ id: row.id, name: row.name })));
          if (server !== cached) throw new Error(`the cached ${model}s differ from the server's`);
        }
      },
    };
  },
};

const PROJECT = 'Hippocampal Replay in Rats';
const NEW_SESSIONS = Array.from({ length: 6 }, (_, n) => `S_fault_${n + 1}`);

export const brainstemImport: Operation = {
  name: 'brainstem import',
  service: 'brainstem',
  async setup() {
    const c = await bench(8, true);
    const sessions = await cachedTable(c, 'bs_private_session');
    const changed = sessions.find((row) => row.projects === PROJECT)!;
    const lines = [
      'id,name,projects,description',
      `${changed.id},${changed.name},${PROJECT},Changed by the fault matrix`,
      ...NEW_SESSIONS.map((name) => `,${name},${PROJECT},made ${name}`),
    ];
    const { stageId } = await c.core.services.staging.fromStream('fault-sessions.csv', Readable.from([Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]));
    const planned = await c.call('imports.plan', { connectionId: c.connectionId, stageId, model: 'session', options: { dateFormat: 'YMD', labelsToCodes: false, overwrite: false } });
    const plan = await settled(c, planned.jobId);
    if (plan.result?.kind !== 'import-plan') throw new Error(`import plan ${plan.state}: ${plan.error?.message ?? ''}`);
    const planId = plan.result.planId;
    const before = await serverObjects(c, 'stem', 'session', 'sessions');
    let importId = '';
    return {
      ...base(c),
      async perform() {
        const started = await c.call('imports.start', { planId });
        importId = started.importId;
        return jobOutcome(await settled(c, started.jobId));
      },
      async recover() {
        const entry = (await c.call('imports.list', { connectionId: c.connectionId })).find((item) => item.importId === importId);
        if (entry?.state !== 'interrupted') throw new Error(`the failed import is listed as ${entry?.state ?? 'missing'}, not interrupted`);
        const resumed = await c.call('imports.resume', { connectionId: c.connectionId, importId });
        return jobOutcome(await settled(c, resumed.jobId));
      },
      async verify() {
        const after = await serverObjects(c, 'stem', 'session', 'sessions');
        if (after.length !== before.length + NEW_SESSIONS.length) throw new Error(`BrainSTEM holds ${after.length} sessions, expected ${before.length + NEW_SESSIONS.length}`);
        for (const name of NEW_SESSIONS) {
          const made = after.filter((session) => session.name === name);
          if (made.length !== 1 || made[0]!.description !== `made ${name}`) throw new Error(`session ${name} is there ${made.length} times`);
        }
        const updated = after.find((session) => String(session.id) === changed.id);
        if (updated?.description !== 'Changed by the fault matrix') throw new Error('the updated session does not hold the imported description');
      },
    };
  },
};
