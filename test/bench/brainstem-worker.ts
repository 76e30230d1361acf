// One BrainSTEM benchmark step in a process of its own (the sandbox runs in the parent), so timings and
// peak RSS are the client's alone.
// Usage: node test/bench/brainstem-worker.ts loadall <url> <token> <include,include|->
//          load-all of every session the token lists through BrainstemClient.loadAll; prints the count, the
//          number of distinct ids and a digest of the sorted ids for the parent to compare with its store.
//        node test/bench/brainstem-worker.ts sync <url> <token> <userDataDir>
//          connect, sign in with the token and sync the whole private portal into the cache (as the app does).
//        node test/bench/brainstem-worker.ts table <userDataDir> <connectionId> <warmRuns>
//          open the cached session table through the views API, as the grid does: the first 100 rows of
//          the first open in a fresh process (cold), then of later opens with other sorts and filters (warm).
import { createHash } from 'node:crypto';
import { BrainstemApi } from '../../main/services/connectors/brainstem/api.ts';
import { BrainstemClient } from '../../main/services/connectors/brainstem/client.ts';
import { HttpClient } from '../../main/services/http/http-client.ts';
import type { Core } from '../../main/ipc/core.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.ts';
import { recordingPorts, testCore } from '../helpers/test-core.ts';
import { readCheck, viewerFor } from '../sandbox/brainstem/access.ts';
import { modelByKey } from '../sandbox/brainstem/catalog.ts';
import { startBrainstemSandbox } from '../sandbox/brainstem/index.ts';
import { formatMs, median, runWorker } from './bench-support.ts';

export function idDigest(ids: Iterable<string>): string {
  return createHash('sha256').update([...ids].sort().join('\n')).digest('hex');
}

const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;

async function call<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const reply = await core.dispatch(method, input, { shell: 'desktop' });
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result as MethodOutput<M>;
}

async function loadAll(url: string, token: string, includeArg: string): Promise<unknown> {
  const include = includeArg === '-' ? [] : includeArg.split(',');
  const client = new BrainstemClient(new BrainstemApi(new HttpClient((u, init) => fetch(u, init)), { baseUrl: url, portal: 'private', token }));
  const started = performance.now();
  const result = await client.loadAll('session', include.length > 0 ? { include } : {});
  const ms = performance.now() - started;
  const ids = result.records.map((record) => String(record.id));
  // Every sideloaded relation really came along: count the objects merged onto the records.
  const merged = Object.fromEntries(include.map((relation) => [relation, result.records.reduce((n, record) => n + (Array.isArray(record[relation]) ? (record[relation] as unknown[]).filter((item) => typeof item === 'object').length : 0), 0)]));
  return { ms, records: ids.length, distinct: new Set(ids).size, digest: idDigest(ids), pages: result.pages, endedBy: result.endedBy, issues: result.issues, merged, maxRssMb: maxRssMb() };
}

async function sync(url: string, token: string, userData: string): Promise<unknown> {
  const { core } = await testCore(userData, recordingPorts(userData));
  const connection = await call(core, 'brainstem.connect', { url, portal: 'private', name: 'Bench BrainSTEM' });
  await call(core, 'brainstem.signIn.token', { connectionId: connection.id, token });
  const started = performance.now();
  const { jobId } = await call(core, 'sync.start', { connectionId: connection.id });
  const job = await core.services.jobs.settled(jobId);
  const ms = performance.now() - started;
  if (job?.state !== 'succeeded' || job.result?.kind !== 'sync') throw new Error(`sync ${job?.state}: ${job?.error?.message}`);
  const overview = await call(core, 'brainstem.overview', { connectionId: connection.id });
  const sessions = overview.apps.flatMap((app) => app.models).find((model) => model.model === 'session')!.rowCount;
  await core.shutdown();
  return { ms, records: job.result.records, sessions, skipped: job.result.skipped.length, connectionId: connection.id, maxRssMb: maxRssMb() };
}

async function table(userData: string, connectionId: string, warmRuns: number): Promise<unknown> {
  const { core } = await testCore(userData, recordingPorts(userData));
  const firstRows = async (spec: { sort: Array<{ column: string; direction: 'asc' | 'desc' }>; filter: string }): Promise<{ ms: number; total: number }> => {
    const started = performance.now();
    const view = await call(core, 'records.openView', { connectionId, dataset: 'bs_private_session', mode: 'label', ...spec });
    const rows = await call(core, 'records.rows', { viewId: view.viewId, offset: 0, limit: 100 });
    const ms = performance.now() - started;
    if (view.total > 0 && rows.rows.length === 0) throw new Error('the view returned no rows');
    await call(core, 'records.closeView', { viewId: view.viewId });
    return { ms, total: view.total };
  };
  const cold = await firstRows({ sort: [], filter: '' });
  const specs = [
    { sort: [{ column: 'date_time', direction: 'desc' as const }], filter: '' },
    { sort: [{ column: 'name', direction: 'asc' as const }], filter: '' },
    { sort: [], filter: 'morning' },
    { sort: [{ column: 'projects', direction: 'asc' as const }], filter: '' },
    { sort: [], filter: '' },
  ];
  const warm: number[] = [];
  for (let run = 0; run < warmRuns; run++) warm.push((await firstRows(specs[run % specs.length]!)).ms);
  await core.shutdown();
  return { cold: cold.ms, rows: cold.total, warm, maxRssMb: maxRssMb() };
}

interface LoadRun {
  ms: number;
  records: number;
  distinct: number;
  digest: string;
  pages: number;
  endedBy: string;
  issues: unknown[];
  merged: Record<string, number>;
  maxRssMb: number;
}

/**
 * `npm run bench -- brainstem`: load-all of `sessions` sessions with two includes (baseline: the same
 * without includes), each checked id for id against the sandbox's store; then the whole private portal
 * synced into the cache, and the cached session table opened through the views API, cold and warm.
 * The sandbox runs in this (otherwise idle) process; every measurement runs in a worker of its own.
 */
export async function benchBrainstem(options: { sessions: number; runs: number; work: string; write: (line: string) => void }): Promise<string[][]> {
  const { sessions, runs, work, write } = options;
  const sandbox = await startBrainstemSandbox({ port: 0, sessions });
  const script = 'test/bench/brainstem-worker.ts';
  try {
    const store = sandbox.store();
    const demo = store.get('user', sandbox.users.demo.id);
    const visible = readCheck(store, viewerFor(store, 'private', demo), modelByKey('session'));
    const truth = [...store.table('session').values()].filter(visible).map((row) => String(row.id));
    const digest = idDigest(truth);
    const check = (run: LoadRun, what: string): void => {
      if (run.records !== truth.length || run.distinct !== truth.length || run.digest !== digest) {
        throw new Error(`${what}: ${run.records} records (${run.distinct} distinct) do not match the sandbox's ${truth.length} sessions`);
      }
    };
    const withIncludes: LoadRun[] = [];
    const plain: LoadRun[] = [];
    for (let run = 0; run < runs; run++) {
      const a = await runWorker<LoadRun>(script, ['loadall', sandbox.url, sandbox.token, 'projects,dataacquisition']);
      check(a, 'load-all with includes');
      if (a.merged.projects! < truth.length || a.merged.dataacquisition! < truth.length) throw new Error(`the includes did not come along: ${JSON.stringify(a.merged)}`);
      withIncludes.push(a);
      const b = await runWorker<LoadRun>(script, ['loadall', sandbox.url, sandbox.token, '-']);
      check(b, 'load-all without includes');
      plain.push(b);
      write(`  load-all run ${run + 1}: ${formatMs(a.ms)} with projects + dataacquisition (${a.pages} pages, ended by ${a.endedBy}, ${a.issues.length} issues, peak RSS ${a.maxRssMb.toFixed(0)} MB); ${formatMs(b.ms)} without; ${truth.length} sessions each once, ids match the sandbox\n`);
    }
    const userData = `${work}/brainstem-user-data`;
    const synced = await runWorker<{ ms: number; records: number; sessions: number; skipped: number; connectionId: string; maxRssMb: number }>(script, ['sync', sandbox.url, sandbox.token, userData]);
    if (synced.sessions !== truth.length || synced.skipped !== 0) throw new Error(`the sync cached ${synced.sessions} sessions (${synced.skipped} models skipped)`);
    write(`  full private sync: ${formatMs(synced.ms)}, ${synced.records} records in all, peak RSS ${synced.maxRssMb.toFixed(0)} MB\n`);
    const cold: number[] = [];
    const warm: number[] = [];
    for (let run = 0; run < runs; run++) {
      const t = await runWorker<{ cold: number; rows: number; warm: number[] }>(script, ['table', userData, synced.connectionId, '5']);
      if (t.rows !== truth.length) throw new Error(`the session table has ${t.rows} rows`);
      cold.push(t.cold);
      warm.push(...t.warm);
      write(`  session table run ${run + 1}: first rows ${formatMs(t.cold)} cold, ${t.warm.map(formatMs).join(', ')} warm (sorts, a filter)\n`);
    }
    const ms = median(withIncludes.map((r) => r.ms));
    const base = median(plain.map((r) => r.ms));
    const verdict = (value: number, limit: number): string => (value <= limit ? 'ok' : 'OVER');
    return [
      [`BrainSTEM load-all, ${truth.length} sessions + 2 includes`, formatMs(ms), formatMs(base), `${(ms / base).toFixed(2)}×`, '≤ 20 s', verdict(ms, 20_000)],
      [`BrainSTEM full private sync`, formatMs(synced.ms), formatMs(ms), `${(synced.ms / ms).toFixed(2)}×`, '', ''],
      [`BrainSTEM session table, first rows (cold)`, formatMs(median(cold)), formatMs(median(warm)), `${(median(cold) / median(warm)).toFixed(2)}×`, '≤ 500 ms', verdict(median(cold), 500)],
      [`BrainSTEM session table, first rows (warm)`, formatMs(median(warm)), formatMs(median(cold)), `${(median(warm) / median(cold)).toFixed(2)}×`, '≤ 500 ms', verdict(median(warm), 500)],
    ];
  } finally {
    await sandbox.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [scenario, ...args] = process.argv.slice(2) as [string, ...string[]];
  let result: unknown;
  if (scenario === 'loadall') result = await loadAll(args[0]!, args[1]!, args[2]!);
  else if (scenario === 'sync') result = await sync(args[0]!, args[1]!, args[2]!);
  else if (scenario === 'table') result = await table(args[0]!, args[1]!, Number(args[2]));
  else throw new Error(`unknown scenario ${scenario}`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
