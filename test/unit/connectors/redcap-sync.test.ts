import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/ipc/core.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { redcapRecords } from '../../helpers/redcap-truth.ts';
import { cachedRecordRows as cachedRows, recordingPorts, syncAndWait as sync, testCore } from '../../helpers/test-core.ts';
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

async function setUp(records: number, batchSize = 100): Promise<{ core: Core; sandbox: RedcapSandbox; connectionId: string; dir: string }> {
  sandbox = await startRedcapSandbox({ records });
  const dir = tempDir();
  ({ core } = await testCore(dir, recordingPorts(dir)));
  const added = await core.dispatch('connections.add', { kind: 'redcap', url: sandbox.url, token: sandbox.projects[0]!.token }, { shell: 'desktop' });
  if (!added.ok) throw new Error(added.error.message);
  await core.dispatch('settings.update', { redcapBatchSize: batchSize }, { shell: 'desktop' });
  return { core, sandbox, connectionId: (added.result as { id: string }).id, dir };
}



describe('REDCap sync against the sandbox', () => {
  it('lists the IDs, fetches them in batches, and caches exactly what REDCap holds', async () => {
    const { core: c, sandbox: s, connectionId } = await setUp(250, 100);
    const job = await sync(c, connectionId);
    expect(job.state).toBe('succeeded');
    expect(job.result).toMatchObject({ kind: 'sync', records: 250, rows: 250, columns: 40 });
    // one ID list + ceil(250 / 100) batches
    expect(s.stats().record).toBe(4);
    const truth = await redcapRecords(s.url, s.projects[0]!.token);
    expect(await cachedRows(c, connectionId)).toEqual(truth.map((record) => Object.values(record)));
  });

  it.each([
    ['an HTML page with status 200', { kind: 'html200', times: 1 }],
    ['a truncated body', { kind: 'truncate', times: 1 }],
    ['a 503', { kind: 'status', status: 503, times: 2 }],
    ['a 429 with Retry-After', { kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 }],
    ['a connection reset', { kind: 'reset', times: 1 }],
    ['records silently left out once', { kind: 'dropRecords', dropCount: 3, times: 1 }],
  ] as const)('survives %s in the middle of a sync', async (_label, fault) => {
    const { core: c, sandbox: s, connectionId } = await setUp(300, 100);
    s.faults.add({ ...fault, match: { content: 'record' }, afterRequests: 2 });
    const job = await sync(c, connectionId);
    expect(job.error).toBeNull();
    expect(job.state).toBe('succeeded');
    const truth = await redcapRecords(s.url, s.projects[0]!.token);
    expect(await cachedRows(c, connectionId)).toEqual(truth.map((record) => Object.values(record)));
  });

  it('refuses a server that keeps leaving records out, and keeps the previous cache', async () => {
    const { core: c, sandbox: s, connectionId } = await setUp(150, 100);
    expect((await sync(c, connectionId)).state).toBe('succeeded');
    const before = await cachedRows(c, connectionId);
    s.faults.add({ kind: 'dropRecords', dropCount: 2, times: 0, match: { content: 'record' }, afterRequests: 1 });
    const job = await sync(c, connectionId, 'full');
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'INCOMPLETE_DATA', retryable: true });
    expect(job.error?.message).toMatch(/98 of the 100 records/);
    expect(job.error?.message).toMatch(/cached copy was left as it was/);
    expect(await cachedRows(c, connectionId)).toEqual(before);
  });

  it('stops at once when cancelled and leaves the cache as it was', async () => {
    const { core: c, sandbox: s, connectionId } = await setUp(400, 50);
    s.faults.add({ kind: 'latency', latencyMs: 300, times: 0, match: { content: 'record' } });
    const started = await c.dispatch('sync.start', { connectionId }, { shell: 'desktop' });
    const jobId = (started as { result: { jobId: string } }).result.jobId;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await c.dispatch('jobs.cancel', { jobId }, { shell: 'desktop' })).toEqual({ ok: true, result: { cancelled: true } });
    const job = await c.services.jobs.settled(jobId);
    expect(job?.state).toBe('cancelled');
    expect(await c.dispatch('records.openView', { connectionId, dataset: 'records', mode: 'raw', sort: [], filter: '' }, { shell: 'desktop' })).toMatchObject({ ok: false, error: { code: 'NOT_SYNCED' } });
    const db = c.services.cache.db(connectionId);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE '%staging%'").get()).toEqual({ n: 0 });
  });

  it('joins a running sync instead of starting a second one', async () => {
    const { core: c, sandbox: s, connectionId } = await setUp(100, 50);
    s.faults.add({ kind: 'latency', latencyMs: 200, times: 2, match: { content: 'record' } });
    const first = await c.dispatch('sync.start', { connectionId }, { shell: 'desktop' });
    const second = await c.dispatch('sync.start', { connectionId }, { shell: 'desktop' });
    expect(second).toEqual(first);
    await c.services.jobs.settled((first as { result: { jobId: string } }).result.jobId);
  });

  it('explains a revoked token during sync, without ever showing it', async () => {
    const { core: c, sandbox: s, connectionId } = await setUp(20, 10);
    const token = s.projects[0]!.token;
    await c.services.vault.store(`redcap:${connectionId}`, 'ABCDEF0123456789ABCDEF0123456789');
    const job = await sync(c, connectionId);
    expect(job.error).toMatchObject({ code: 'AUTH_FAILED' });
    expect(JSON.stringify(job)).not.toContain('ABCDEF0123456789ABCDEF0123456789');
    expect(JSON.stringify(job)).not.toContain(token);
  });
});
