// One REDCap benchmark scenario in a process of its own, so its peak RSS is the sync's main-process cost.
// Usage: node test/bench/redcap-worker.ts <full|resync|reset> <apiUrl> <token> <userDataDir> <batchSize> <run>
//   full    add the project and sync it once
//   resync  full sync, then change 10 records and delete 2 through the API, then time the re-sync
//   reset   a full sync during which the sandbox resets the connection halfway through the records
// Every scenario then checks the cache against the server: every row once, nothing missing.
import { readDatasetState } from '../../main/services/cache/dataset-state.ts';
import type { Job } from '../../shared/contract/jobs.ts';
import { redcapDelete, redcapImport } from '../helpers/redcap-truth.ts';
import { recordingPorts, testCore } from '../helpers/test-core.ts';

const [scenario, url, token, userData, batchSize, runText] = process.argv.slice(2) as [string, string, string, string, string, string];
const run = Number(runText);
const { core } = await testCore(userData, recordingPorts(userData));

async function post(params: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams({ token, format: 'json', returnFormat: 'json', ...params }) });
  if (!response.ok) throw new Error(`sandbox answered HTTP ${response.status}`);
  return response.json();
}

async function sync(connectionId: string, mode: 'auto' | 'full'): Promise<{ ms: number; job: Job }> {
  const started = performance.now();
  const reply = await core.dispatch('sync.start', { connectionId, mode }, { shell: 'desktop' });
  if (!reply.ok) throw new Error(reply.error.message);
  const job = (await core.services.jobs.settled((reply.result as { jobId: string }).jobId))!;
  const ms = performance.now() - started;
  if (job.state !== 'succeeded' || job.result?.kind !== 'sync') throw new Error(`sync ${job.state}: ${job.error?.message}`);
  return { ms, job };
}

/** 10 records changed (a screening field rewritten) and 2 deleted, different ones on every run. */
async function changeOnServer(): Promise<{ changed: string[]; deleted: string[] }> {
  const metadata = (await post({ content: 'metadata' })) as Array<{ field_name: string }>;
  const idField = metadata[0]!.field_name;
  const ids = [...new Set(((await post({ content: 'record', type: 'flat', 'fields[0]': idField })) as Array<Record<string, string>>).map((row) => String(row[idField])))];
  const step = Math.floor(ids.length / 13);
  const pick = Array.from({ length: 12 }, (_, i) => ids[step * (i + 1) - 1 - run]!);
  const changed = pick.slice(0, 10);
  const deleted = pick.slice(10);
  const params: Record<string, string> = { content: 'record', type: 'flat', 'fields[0]': idField, 'fields[1]': 'initials' };
  changed.forEach((id, i) => (params[`records[${i}]`] = id));
  const rows = (await post(params)) as Array<Record<string, string | number>>;
  const screening = rows.filter((row) => String(row.redcap_event_name ?? '').startsWith('screening') && String(row.redcap_repeat_instrument ?? '') === '');
  const imports = screening.map((row) => ({ ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])), initials: `Q${'XYZ'[run % 3]}` }));
  if (imports.length !== changed.length) throw new Error(`expected one screening row for each of the ${changed.length} records, found ${imports.length}`);
  await redcapImport(url, token, imports);
  await redcapDelete(url, token, deleted);
  return { changed, deleted };
}

/** Every row of the server's flat export is in the cache exactly once, and nothing else is. */
async function checkAgainstServer(connectionId: string): Promise<{ rows: number; records: number }> {
  const truth = (await post({ content: 'record', type: 'flat', rawOrLabel: 'raw' })) as Array<Record<string, string | number>>;
  const db = core.services.cache.db(connectionId);
  const state = readDatasetState(db, 'records')!;
  const statement = db.prepare(`SELECT * FROM ${state.table} ORDER BY ord`);
  statement.setReturnArrays(true);
  const cached = (statement.all() as unknown as unknown[][]).map((row) => JSON.stringify(row.slice(0, state.columns.length)));
  const expected = truth.map((row) => JSON.stringify(Object.values(row).map(String)));
  if (new Set(cached).size !== cached.length) throw new Error('the cache holds a row twice');
  if (cached.length !== expected.length) throw new Error(`the cache holds ${cached.length} rows, the server ${expected.length}`);
  const have = new Set(cached);
  const missing = expected.filter((row) => !have.has(row)).length;
  if (missing > 0) throw new Error(`${missing} of the server's rows are missing or different in the cache`);
  const records = new Set(truth.map((row) => String(Object.values(row)[0]))).size;
  return { rows: cached.length, records };
}

const added = await core.dispatch('connections.add', { kind: 'redcap', url, token }, { shell: 'desktop' });
if (!added.ok) throw new Error(added.error.message);
await core.dispatch('settings.update', { redcapBatchSize: Number(batchSize) }, { shell: 'desktop' });
const connectionId = (added.result as { id: string }).id;

/** The connection drops mid-body halfway through the record batches (after the ID list and half of them). */
async function resetHalfway(): Promise<void> {
  const ids = (await post({ content: 'record', type: 'flat', 'fields[0]': 'study_id' })) as unknown[];
  const batches = Math.ceil(new Set(ids.map((row) => JSON.stringify(Object.values(row as object)[0]))).size / Number(batchSize));
  const spec = { kind: 'reset', afterBytes: 64 * 1024, times: 1, match: { content: 'record' }, afterRequests: 1 + Math.floor(batches / 2) };
  const response = await fetch(new URL('/__sandbox/faults', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  if (response.status !== 201) throw new Error(`the sandbox refused the fault: HTTP ${response.status}`);
}

if (scenario === 'resync') {
  // Runs follow each other on one sandbox within seconds; the previous run's changes would fall inside
  // the two-minute margin the next sync's anchor keeps. Let five minutes pass on the server first, as
  // they would between a colleague's edits and a user's first sync.
  const response = await fetch(new URL('/__sandbox/clock', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 300 }) });
  if (!response.ok) throw new Error(`the sandbox did not move its clock: HTTP ${response.status}`);
}
if (scenario === 'reset') await resetHalfway();
const first = await sync(connectionId, 'full');
const stats = scenario === 'reset' ? await (await fetch(new URL('/__sandbox/faults', url))).json() as unknown[] : [];
if (scenario === 'reset' && stats.length !== 0) throw new Error('the reset fault never fired');
let measured = first;
let changes: { changed: string[]; deleted: string[] } | null = null;
if (scenario === 'resync') {
  changes = await changeOnServer();
  measured = await sync(connectionId, 'auto');
}
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const check = await checkAgainstServer(connectionId);
const result = measured.job.result as Extract<NonNullable<Job['result']>, { kind: 'sync' }>;
await core.shutdown();
process.stdout.write(`${JSON.stringify({ ms: measured.ms, fullMs: first.ms, maxRssMb, mode: result.mode, fetched: result.fetched, deleted: result.deleted, rows: result.rows, columns: result.columns, check, changes: changes ? { changed: changes.changed.length, deleted: changes.deleted.length } : null })}\n`);
