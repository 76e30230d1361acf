import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.ts';
import type { Core } from '../../../main/ipc/core.ts';
import { CacheDirectory } from '../../../main/services/cache/cache-db.ts';
import { DatasetViews } from '../../../main/services/cache/dataset-views.ts';
import { RedcapClient } from '../../../main/services/connectors/redcap/client.ts';
import { serverTimeFromLog } from '../../../main/services/connectors/redcap/change-feed.ts';
import { placeRecords } from '../../../main/services/connectors/redcap/sync-records.ts';
import { syncRedcapProject } from '../../../main/services/connectors/redcap/sync-project.ts';
import { redcapSyncSource } from '../../../main/services/connectors/redcap/sync-source-redcap.ts';
import { HttpClient } from '../../../main/services/http/http-client.ts';
import { JobRunner } from '../../../main/services/jobs/job-runner.ts';
import { silentLogger } from '../../../main/services/log/logger.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { redcapDelete, redcapImport, redcapRecords } from '../../helpers/redcap-truth.ts';
import { cachedRecordRows as cached, recordingPorts, syncAndWait as sync, testCore } from '../../helpers/test-core.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
let sandbox: RedcapSandbox | null = null;
let core: Core | null = null;
afterEach(async () => {
  await core?.shutdown();
  await sandbox?.close();
  core = null;
  sandbox = null;
});

const classic = 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE01';
const longitudinal = 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE02';

async function connect(token: string, records: number, batchSize = 100): Promise<{ c: Core; s: RedcapSandbox; id: string }> {
  sandbox = await startRedcapSandbox({ records });
  const dir = tempDir();
  ({ core } = await testCore(dir, recordingPorts(dir)));
  const added = await core.dispatch('connections.add', { kind: 'redcap', url: sandbox.url, token }, { shell: 'desktop' });
  if (!added.ok) throw new Error(added.error.message);
  await core.dispatch('settings.update', { redcapBatchSize: batchSize }, { shell: 'desktop' });
  return { c: core, s: sandbox, id: (added.result as { id: string }).id };
}



async function truth(s: RedcapSandbox, token: string): Promise<string[][]> {
  return (await redcapRecords(s.url, token)).map((record) => Object.values(record));
}

describe('the server clock, learnt from its log', () => {
  it('places a sync on the server clock whatever its time zone, two minutes early', () => {
    const answeredAt = Date.UTC(2026, 10, 22, 7, 30, 40);
    const startedAt = answeredAt - 25_000;
    // A server in Chicago (UTC−6) whose newest entry is from the current minute.
    expect(serverTimeFromLog(startedAt, '2026-11-22 01:30', answeredAt)).toBe('2026-11-22 01:27:00');
    // In Tokyo (UTC+9), across midnight.
    expect(serverTimeFromLog(startedAt, '2026-11-22 16:30', answeredAt)).toBe('2026-11-22 16:27:00');
    // An old newest entry only makes the bound earlier, never later than the truth.
    expect(serverTimeFromLog(startedAt, '2026-11-20 09:00', answeredAt)! < '2026-11-22 01:27:00').toBe(true);
    expect(serverTimeFromLog(startedAt, 'yesterday', answeredAt)).toBeNull();
  });
});

describe('placing records after an incremental sync', () => {
  const cached = new Map([['1', 0], ['2', 1], ['3', 2]]);

  it('keeps cached places and puts new records after the last one', () => {
    const { bases, rebase } = placeRecords(['1', '3', '4', '5'], cached, new Set(['4', '5']));
    expect([...bases]).toEqual([['1', 0], ['3', 2], ['4', 3], ['5', 4]]);
    expect(rebase).toEqual([]);
  });

  it('uses a gap left by a deleted record for a new one in its place', () => {
    expect([...placeRecords(['1', '2b', '3'], new Map([['1', 0], ['3', 2]]), new Set(['2b'])).bases]).toEqual([['1', 0], ['2b', 1], ['3', 2]]);
  });

  it('renumbers everything, moving unchanged records, when a new record has no room', () => {
    const { bases, rebase } = placeRecords(['1', '1a', '2', '3'], cached, new Set(['1a', '2']));
    expect([...bases]).toEqual([['1', 0], ['1a', 1], ['2', 2], ['3', 3]]);
    expect(rebase).toEqual([['3', 3]]);
  });

  it('renumbers when the server reorders cached records', () => {
    const { bases, rebase } = placeRecords(['2', '1', '3'], cached, new Set());
    expect([...bases]).toEqual([['2', 0], ['1', 1], ['3', 2]]);
    expect(rebase).toEqual([['2', 0], ['1', 1]]);
  });
});

describe('incremental sync', () => {
  it('fetches only changed and new records, removes deleted ones, and ends up equal to the server', async () => {
    const { c, s, id } = await connect(classic, 400);
    expect((await sync(c, id)).result).toMatchObject({ mode: 'full', records: 400, fetched: 400 });
    await redcapImport(s.url, classic, [
      { record_id: '5', sbp: '141' },
      { record_id: '17', first_name: 'Renamed' },
      { record_id: '250', hdl: '55' },
      { record_id: '401', first_name: 'New', last_name: 'Participant', sex: '1', dob: '1990-01-01' },
    ]);
    await redcapDelete(s.url, classic, ['9', '300']);
    // Five minutes pass on the server before the next sync (beyond the anchor's two-minute margin).
    s.clock.advance(300);
    const job = await sync(c, id);
    expect(job.state).toBe('succeeded');
    expect(job.result).toMatchObject({ kind: 'sync', mode: 'incremental', records: 399, fetched: 4, deleted: 2 });
    expect(await cached(c, id)).toEqual(await truth(s, classic));
    // The server's log placed this sync on the server's clock: the next one asks only for what came after.
    expect((await sync(c, id)).result).toMatchObject({ mode: 'incremental', fetched: 0, deleted: 0 });
  });

  it('a full resync on request downloads everything again', async () => {
    const { c, id } = await connect(classic, 50);
    await sync(c, id);
    expect((await sync(c, id, 'full')).result).toMatchObject({ mode: 'full', fetched: 50 });
  });

  it('without logging rights it asks REDCap for records changed since the last sync instead', async () => {
    sandbox = await startRedcapSandbox({ records: 120 });
    const s = sandbox;
    const cache = new CacheDirectory(tempDir());
    const db = cache.db('c1');
    const client = new RedcapClient(new HttpClient((url, init) => fetch(url, init), { baseDelayMs: 10 }), s.url, classic);
    const base = redcapSyncSource(client);
    const noLogging = { ...base, logging: async () => { throw new AppError('FORBIDDEN', 'no logging rights'); } };
    const jobs = new JobRunner({ onUpdate: () => undefined, log: silentLogger });
    const run = async (): Promise<Awaited<ReturnType<typeof syncRedcapProject>>> => {
      let result!: Awaited<ReturnType<typeof syncRedcapProject>>;
      const job = jobs.start({ kind: 'sync', title: 't', connectionId: 'c1', unit: 'records' }, async (context) => {
        result = await syncRedcapProject({ source: noLogging, db, context, mode: 'auto', batchSize: 50, reports: [] });
        return { kind: 'sync', mode: result.records.kind, records: 0, rows: 0, columns: 0, fetched: 0, deleted: 0, skipped: [] };
      });
      const done = await jobs.settled(job.id);
      if (done?.state !== 'succeeded') throw new Error(done?.error?.message);
      return result;
    };
    await run();
    await redcapImport(s.url, classic, [{ record_id: '7', sbp: '150' }]);
    await redcapDelete(s.url, classic, ['8']);
    const second = await run();
    expect(second.records).toMatchObject({ kind: 'incremental', deleted: 1 });
    expect(second.records.fetched).toBeGreaterThanOrEqual(1);
    expect(second.skipped.map((x) => x.name)).toContain('logging');
    const views = new DatasetViews();
    const view = views.open(db, 'c1', { dataset: 'records', mode: 'raw', sort: [], filter: '' });
    expect(views.rows(db, view, 0, 500)).toEqual(await truth(s, classic));
    cache.closeAll();
  });
});

describe('longitudinal projects', () => {
  it('caches every event row and repeating instance as REDCap exports them, with per-instrument and per-event views', async () => {
    const { c, s, id } = await connect(longitudinal, 60, 20);
    const job = await sync(c, id);
    expect(job.state).toBe('succeeded');
    const expected = await truth(s, longitudinal);
    expect(expected.length).toBeGreaterThan(60);
    expect(await cached(c, id)).toEqual(expected);
    // The connection list counts records, not the rows of their events.
    const list = await c.dispatch('connections.list', {}, { shell: 'desktop' });
    expect((list as { result: Array<{ cached: { rows: number; records: number } }> }).result[0]!.cached).toMatchObject({ rows: expected.length, records: 60 });
    const overview = await c.dispatch('project.overview', { connectionId: id }, { shell: 'desktop' });
    const result = (overview as { result: { presets: Array<{ kind: string; columns: string[] | null; where: unknown[] }>; datasets: Array<{ name: string; availability: string }> } }).result;
    expect(result.presets.filter((p) => p.kind === 'event').length).toBeGreaterThan(1);
    expect(result.presets.some((p) => p.kind === 'repeating')).toBe(true);
    expect(result.datasets.find((d) => d.name === 'events')?.availability).toBe('ok');
    expect(result.datasets.find((d) => d.name === 'form_events')?.availability).toBe('ok');
    const eventPreset = result.presets.find((p) => p.kind === 'event')!;
    const view = await c.dispatch('records.openView', { connectionId: id, dataset: 'records', mode: 'raw', sort: [], filter: '', columns: eventPreset.columns!, where: eventPreset.where as never }, { shell: 'desktop' });
    expect(view.ok).toBe(true);
    expect((view as { result: { total: number } }).result.total).toBeGreaterThan(0);
  });

  it('completes every record exactly once when the connection is reset halfway through', async () => {
    const { c, s, id } = await connect(longitudinal, 200, 20);
    // 1 ID list + 10 batches; the reset hits the 6th record export.
    s.faults.add({ kind: 'reset', times: 1, match: { content: 'record' }, afterRequests: 6 });
    const job = await sync(c, id);
    expect(job.state).toBe('succeeded');
    const rows = await cached(c, id);
    expect(rows).toEqual(await truth(s, longitudinal));
    const keys = new Set(rows.map((row) => `${row[0]}|${row[1]}|${row[2]}|${row[3]}`));
    expect(keys.size).toBe(rows.length);
  });
});
