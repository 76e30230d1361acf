import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/ipc/core.ts';
import { silentLogger } from '../../../main/services/log/logger.ts';
import { openConfStore } from '../../../main/services/settings/conf-store.ts';
import { forEachBatch } from '../../../main/services/connectors/redcap/record-batches.ts';
import type { CsvTable } from '../../../main/services/connectors/redcap/csv-row.ts';
import { AppError } from '../../../shared/contract/errors.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { redcapRecords } from '../../helpers/redcap-truth.ts';
import { cachedRecordRows as cachedRows, FakeKeychain, recordingPorts, syncAndWait as sync, testCore } from '../../helpers/test-core.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { fakeClient, rejection } from './redcap-sync-batches-support.ts';

const tempDir = useTempDirs();
let sandbox: RedcapSandbox | null = null;
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.shutdown();
  await sandbox?.close();
  sandbox = null;
});



const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function addConnection(core: Core, s: RedcapSandbox, batchSize: number): Promise<string> {
  const added = await core.dispatch('connections.add', { kind: 'redcap', url: s.url, token: s.projects[0]!.token }, { shell: 'desktop' });
  if (!added.ok) throw new Error(added.error.message);
  await core.dispatch('settings.update', { redcapBatchSize: batchSize }, { shell: 'desktop' });
  return (added.result as { id: string }).id;
}

describe('REDCap sync with several batches in flight, against the sandbox', () => {
  it('caches exactly what REDCap holds, asks once per batch, and reports progress in batch order', async () => {
    sandbox = await startRedcapSandbox({ records: 400 });
    const s = sandbox;
    const dir = tempDir();
    const { core } = await testCore(dir, recordingPorts(dir));
    cores.push(core);
    const connectionId = await addConnection(core, s, 50);
    // The second batch answers late: the third and fourth arrive before it and must wait their turn.
    s.faults.add({ kind: 'latency', latencyMs: 400, times: 1, match: { content: 'record' }, afterRequests: 2 });
    const messages: string[] = [];
    core.subscribe((name, payload) => {
      if (name === 'job.updated' && (payload as Job).kind === 'sync') messages.push((payload as Job).message);
    });

    const job = await sync(core, connectionId);
    expect(job.error).toBeNull();
    expect(job.state).toBe('succeeded');
    expect(job.result).toMatchObject({ kind: 'sync', records: 400, rows: 400 });
    // one ID list + ceil(400 / 50) batches
    expect(s.stats().record).toBe(1 + Math.ceil(400 / 50));
    const truth = await redcapRecords(s.url, s.projects[0]!.token);
    expect(truth).toHaveLength(400);
    expect(await cachedRows(core, connectionId)).toEqual(truth.map((record) => Object.values(record)));

    // Updates are throttled (one per 100 ms), so some batches are not seen; those seen come in order.
    const batches = messages
      .map((message) => /^Downloaded ([\d,]+) of 400 records \(batch (\d+) of (\d+)\)$/.exec(message))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => ({ done: Number(match[1]!.replace(/,/g, '')), batch: Number(match[2]), count: Number(match[3]) }));
    expect(batches.length).toBeGreaterThan(0);
    for (const [i, seen] of batches.entries()) {
      expect(seen.count).toBe(8);
      expect(seen.done).toBe(seen.batch * 50);
      if (i > 0) expect(seen.batch).toBeGreaterThanOrEqual(batches[i - 1]!.batch);
    }
  });

  it('a command-line core (search text deferred) caches the same rows, and its filter box finds the same rows', async () => {
    sandbox = await startRedcapSandbox({ records: 400 });
    const s = sandbox;
    const dir = tempDir();
    const { core: desktop } = await testCore(dir, recordingPorts(dir));
    cores.push(desktop);
    const cliDir = tempDir();
    const cli = await createCore({
      userDataDir: cliDir,
      version: '0.0.0-test',
      fetch: (url, init) => fetch(url, init),
      store: openConfStore(cliDir),
      keychain: () => new FakeKeychain(),
      ports: recordingPorts(cliDir),
      log: silentLogger,
      deferSearch: true,
    });
    cores.push(cli);
    const desktopId = await addConnection(desktop, s, 50);
    const cliId = await addConnection(cli, s, 50);
    expect((await sync(desktop, desktopId)).state).toBe('succeeded');
    expect((await sync(cli, cliId)).state).toBe('succeeded');

    const cliDb = cli.services.cache.db(cliId);
    expect(cliDb.prepare('SELECT count(*) AS n, sum(search_raw IS NULL) AS deferred FROM ds_records').get()).toEqual({ n: 400, deferred: 400 });
    const desktopDb = desktop.services.cache.db(desktopId);
    expect(desktopDb.prepare('SELECT sum(search_raw IS NULL) AS deferred FROM ds_records').get()).toEqual({ deferred: 0 });
    const rows = await cachedRows(desktop, desktopId);
    expect(await cachedRows(cli, cliId)).toEqual(rows);

    const filtered = async (core: Core, connectionId: string, mode: 'raw' | 'label', filter: string): Promise<string[][]> => {
      const view = await core.dispatch('records.openView', { connectionId, dataset: 'records', mode, sort: [], filter }, { shell: 'desktop' });
      if (!view.ok) throw new Error(view.error.message);
      const { viewId } = view.result as { viewId: string };
      const read = await core.dispatch('records.rows', { viewId, offset: 0, limit: 1000 }, { shell: 'desktop' });
      if (!read.ok) throw new Error(read.error.message);
      return (read.result as { rows: string[][] }).rows;
    };
    // words taken from the data itself, in both cases and with and without accents
    const words = [...new Set(rows.flatMap((row) => row.slice(1, 4)).filter((value) => /[a-z]{3,}/i.test(value)))].slice(0, 6);
    for (const mode of ['raw', 'label'] as const) {
      for (const filter of [...words, ...words.map((word) => word.toUpperCase()), 'muller', 'MÜLLER', 'zoe', 'emilie', 'nguyen', 'søren', '美玲', 'µg', 'complete', 'incomplete', 'female', 'yes', '1', '10', 'nothing-matches-this']) {
        expect(await filtered(cli, cliId, mode, filter), `${mode} ${filter}`).toEqual(await filtered(desktop, desktopId, mode, filter));
      }
    }
  });
  // BUG (reported): a cache written before search text could be NULL declares search_label NOT NULL,
  // and nothing migrates it. The next sync patches the logging table (and, incrementally, records)
  // with rows whose label text is now NULL: "NOT NULL constraint failed: ds_logging.search_label",
  // and the whole sync fails as INTERNAL. Flip to `it` once fixed.
  it('syncs again over a cache whose tables were written by the previous version', async () => {
    sandbox = await startRedcapSandbox({ records: 20 });
    const s = sandbox;
    const dir = tempDir();
    const { core } = await testCore(dir, recordingPorts(dir));
    cores.push(core);
    const connectionId = await addConnection(core, s, 50);
    expect((await sync(core, connectionId)).state).toBe('succeeded');
    // Rewrite the tables the way the previous version defined them: both search texts NOT NULL, label text always there.
    const db = core.services.cache.db(connectionId);
    for (const table of ['ds_records', 'ds_logging']) {
      const names = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((column) => column.name);
      const definition = names.map((name) => `${name} ${name === 'ord' ? 'INTEGER' : 'TEXT'} NOT NULL`).join(', ');
      const values = names.map((name) => (name === 'search_label' ? 'coalesce(search_label, search_raw)' : name)).join(', ');
      db.exec(`CREATE TABLE old_format (${definition}); INSERT INTO old_format SELECT ${values} FROM ${table}; DROP TABLE ${table}; ALTER TABLE old_format RENAME TO ${table};`);
    }
    const again = await sync(core, connectionId);
    expect(again.error).toBeNull();
    expect(again.state).toBe('succeeded');
  });
});

type Handled = { ids: string[]; table: CsvTable; deleted: string[]; index: number; count: number };

const idList = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i + 1));

describe('forEachBatch', () => {
  it.each([1, 2, 3, 4])('hands every batch over once, in order, with at most three requests out (seed %i)', async (seed) => {
    const ids = idList(227);
    const { client, stats } = fakeClient({ ids, seed });
    const handled: Handled[] = [];
    let outstandingWhileHandling = 0;
    await forEachBatch(client, 'record_id', ids, 10, new AbortController().signal, (batch) => {
      outstandingWhileHandling = Math.max(outstandingWhileHandling, stats.outstanding);
      handled.push(batch);
    });
    expect(handled.map((batch) => batch.index)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(handled.every((batch) => batch.count === 23)).toBe(true);
    expect(handled.map((batch) => batch.ids)).toEqual(Array.from({ length: 23 }, (_, i) => ids.slice(i * 10, i * 10 + 10)));
    expect(handled.at(-1)!.ids).toHaveLength(7);
    for (const batch of handled) {
      expect(batch.table.rows.map((row) => row[0])).toEqual(batch.ids);
      expect(batch.deleted).toEqual([]);
    }
    expect(stats.calls).toBe(23);
    expect(stats.maxOutstanding).toBe(3);
    // the next batches are on their way while one is handled
    expect(outstandingWhileHandling).toBeGreaterThanOrEqual(2);
    expect(outstandingWhileHandling).toBeLessThanOrEqual(3);
    expect(stats.outstanding).toBe(0);
  });

  it('keeps batches in order when later ones answer first', async () => {
    const ids = idList(60);
    // every batch answers faster than the one before it
    const { client, stats } = fakeClient({ ids, seed: 9, delay: (first) => 60 - Number(first) });
    const handled: number[] = [];
    await forEachBatch(client, 'record_id', ids, 10, new AbortController().signal, (batch) => handled.push(batch.index));
    expect(handled).toEqual([0, 1, 2, 3, 4, 5]);
    expect(stats.maxOutstanding).toBe(3);
  });

  it('keeps the number in flight it is given', async () => {
    const ids = idList(50);
    for (const inFlight of [1, 2, 5]) {
      const { client, stats } = fakeClient({ ids, seed: inFlight });
      const handled: number[] = [];
      await forEachBatch(client, 'record_id', ids, 5, new AbortController().signal, (batch) => handled.push(batch.index), inFlight);
      expect(handled).toEqual(Array.from({ length: 10 }, (_, i) => i));
      expect(stats.maxOutstanding).toBe(inFlight);
    }
  });

  it('does nothing without IDs, and copes with fewer batches than requests in flight', async () => {
    const none = fakeClient({ ids: [], seed: 1 });
    let calls = 0;
    await forEachBatch(none.client, 'record_id', [], 10, new AbortController().signal, () => calls++);
    expect(calls).toBe(0);
    expect(none.stats.calls).toBe(0);

    const ids = idList(15);
    const two = fakeClient({ ids, seed: 2 });
    const handled: Handled[] = [];
    await forEachBatch(two.client, 'record_id', ids, 10, new AbortController().signal, (batch) => handled.push(batch));
    expect(handled.map((batch) => [batch.index, batch.count, batch.ids.length])).toEqual([[0, 2, 10], [1, 2, 5]]);
    expect(two.stats.calls).toBe(2);
  });

  it('asks again for a short answer, and reports records that are gone, without upsetting the order', async () => {
    const ids = idList(80);
    const { client, stats } = fakeClient({
      ids,
      seed: 5,
      listed: ids.filter((id) => id !== '47'),
      // batch 2 comes back short once; record 47 is never returned (it was deleted meanwhile)
      drop: (first, attempt) => [...(first === '21' && attempt === 1 ? ['23', '24'] : []), '47'],
    });
    const handled: Handled[] = [];
    await forEachBatch(client, 'record_id', ids, 10, new AbortController().signal, (batch) => handled.push(batch));
    expect(handled.map((batch) => batch.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(handled[2]!.table.rows.map((row) => row[0])).toEqual(ids.slice(20, 30));
    expect(handled[4]!.deleted).toEqual(['47']);
    expect(handled[4]!.table.rows.map((row) => row[0])).toEqual(ids.slice(40, 50).filter((id) => id !== '47'));
    // 8 batches + 1 repeat for batch 2 + 2 repeats for batch 4; the ID list once, for batch 4
    expect(stats.calls).toBe(11);
    expect(stats.idLists).toBe(1);
    expect(stats.maxOutstanding).toBeLessThanOrEqual(3);
  });

  it('rejects with the error of a failed batch, after handling only the batches before it', async () => {
    const ids = idList(100);
    const failure = new AppError('SERVICE_ERROR', 'The fake server refused batch 6.');
    const { client, stats } = fakeClient({ ids, seed: 3, failure: (first) => (first === '51' ? failure : undefined) });
    const handled: number[] = [];
    const error = await rejection(forEachBatch(client, 'record_id', ids, 10, new AbortController().signal, (batch) => handled.push(batch.index)));
    expect(error).toBe(failure);
    expect(handled).toEqual([0, 1, 2, 3, 4]);
    // the requests still out are cancelled, and nothing is handled later
    expect(stats.signals.every((signal) => signal.aborted)).toBe(true);
    await sleep(40);
    expect(handled).toEqual([0, 1, 2, 3, 4]);
    expect(stats.outstanding).toBe(0);
    expect(stats.calls).toBeLessThanOrEqual(8);
  });

  it('reports the first failed batch in order even when a later one fails first', async () => {
    const ids = idList(100);
    const late = new AppError('SERVICE_ERROR', 'batch 4 failed');
    const early = new AppError('SERVICE_ERROR', 'batch 5 failed');
    const { client } = fakeClient({
      ids,
      seed: 4,
      delay: (first) => (first === '31' ? 40 : first === '41' ? 0 : 2),
      failure: (first) => (first === '31' ? late : first === '41' ? early : undefined),
    });
    const handled: number[] = [];
    const error = await rejection(forEachBatch(client, 'record_id', ids, 10, new AbortController().signal, (batch) => handled.push(batch.index)));
    expect(error).toBe(late);
    expect(handled).toEqual([0, 1, 2]);

    // a later batch failing while an earlier one is still out: the earlier one is handled first
    const second = fakeClient({
      ids,
      seed: 4,
      delay: (first) => (first === '31' ? 40 : first === '41' ? 0 : 2),
      failure: (first) => (first === '41' ? early : undefined),
    });
    const handledSecond: number[] = [];
    const secondError = await rejection(forEachBatch(second.client, 'record_id', ids, 10, new AbortController().signal, (batch) => handledSecond.push(batch.index)));
    expect(secondError).toBe(early);
    expect(handledSecond).toEqual([0, 1, 2, 3]);
  });

  it('rejects with what handle() throws and stops asking', async () => {
    const ids = idList(100);
    const { client, stats } = fakeClient({ ids, seed: 6 });
    const handled: number[] = [];
    const thrown = new AppError('BAD_RESPONSE', 'handle refused batch 3');
    const error = await rejection(
      forEachBatch(client, 'record_id', ids, 10, new AbortController().signal, (batch) => {
        if (batch.index === 2) throw thrown;
        handled.push(batch.index);
      }),
    );
    expect(error).toBe(thrown);
    expect(handled).toEqual([0, 1]);
    expect(stats.signals.every((signal) => signal.aborted)).toBe(true);
    await sleep(30);
    expect(stats.calls).toBeLessThanOrEqual(6);
  });

  it.each([
    ['a client that cancels its request', true],
    ['a client that ignores the signal', false],
  ] as const)('rejects with CANCELLED when the signal is aborted, with %s', async (_label, honourSignal) => {
    const ids = idList(200);
    const { client, stats } = fakeClient({ ids, seed: 8, honourSignal });
    const controller = new AbortController();
    const handled: number[] = [];
    const error = await rejection(
      forEachBatch(client, 'record_id', ids, 10, controller.signal, (batch) => {
        handled.push(batch.index);
        if (batch.index === 2) controller.abort();
      }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(handled).toEqual([0, 1, 2]);
    await sleep(40);
    expect(handled).toEqual([0, 1, 2]);
    // batches 0…5 were asked for before the abort; at most one more before it is noticed
    expect(stats.calls).toBeLessThanOrEqual(7);
  });

  it('rejects with CANCELLED when aborted while waiting for an answer, and when aborted before it starts', async () => {
    const ids = idList(100);
    const slow = fakeClient({ ids, seed: 10, delay: () => 200 });
    const controller = new AbortController();
    const handled: number[] = [];
    const running = forEachBatch(slow.client, 'record_id', ids, 10, controller.signal, (batch) => handled.push(batch.index));
    setTimeout(() => controller.abort(new AppError('CANCELLED', 'Cancelled.')), 20);
    // Every answer is 200 ms away: rejecting with none handled and none outstanding means the abort ended the wait.
    expect((await rejection(running)).code).toBe('CANCELLED');
    expect(handled).toEqual([]);
    expect(slow.stats.outstanding).toBe(0);

    const before = new AbortController();
    before.abort();
    const idle = fakeClient({ ids, seed: 11 });
    expect((await rejection(forEachBatch(idle.client, 'record_id', ids, 10, before.signal, () => handled.push(-1)))).code).toBe('CANCELLED');
    expect(handled).toEqual([]);
  });
});
