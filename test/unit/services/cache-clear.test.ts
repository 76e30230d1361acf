import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/ipc/core.ts';
import type { WireReply } from '../../../shared/channels.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { FakeKeychain, recordingPorts, syncAndWait, testCore } from '../../helpers/test-core.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sandbox(records = 40): Promise<RedcapSandbox> {
  const started = await startRedcapSandbox({ records });
  cleanups.push(() => started.close());
  return started;
}

async function call(core: Core, method: string, input: unknown): Promise<WireReply> {
  return (await core.dispatch(method, input, { shell: 'desktop' })) as WireReply;
}

async function addConnection(core: Core, box: RedcapSandbox, extra: Record<string, unknown> = {}): Promise<string> {
  const added = await call(core, 'connections.add', { kind: 'redcap', url: box.url, token: box.projects[0]!.token, ...extra });
  if (!added.ok) throw new Error(added.error.message);
  return (added.result as { id: string }).id;
}

function cacheFiles(dir: string, folder = 'cache'): string[] {
  const path = join(dir, folder);
  return existsSync(path) ? readdirSync(path) : [];
}

async function summary(core: Core, connectionId: string): Promise<{ cached: unknown; offlineCache?: boolean }> {
  const list = await call(core, 'connections.list', {});
  return (list as { result: Array<{ id: string; cached: unknown; offlineCache?: boolean }> }).result.find((c) => c.id === connectionId)!;
}

describe('clear cache', () => {
  it('deletes one connection\'s synced data (database, WAL, shared memory) and says how much it freed', async () => {
    const box = await sandbox();
    const dir = tempDir();
    const { core } = await testCore(dir, recordingPorts(tempDir()));
    cleanups.push(() => core.shutdown());
    const first = await addConnection(core, box);
    const second = await addConnection(core, box, { name: 'Second' });
    await syncAndWait(core, first);
    await syncAndWait(core, second);
    const view = await call(core, 'records.openView', { connectionId: first, dataset: 'records', mode: 'raw', sort: [], filter: '' });
    expect(view.ok).toBe(true);
    expect(cacheFiles(dir).filter((name) => name.startsWith(first)).length).toBeGreaterThan(0);

    const cleared = await call(core, 'cache.clear', { connectionId: first });
    expect(cleared).toMatchObject({ ok: true, result: { connections: 1, bytesFreed: expect.any(Number) } });
    expect((cleared as { result: { bytesFreed: number } }).result.bytesFreed).toBeGreaterThan(4096);
    expect(cacheFiles(dir).filter((name) => name.startsWith(first))).toEqual([]);
    expect(cacheFiles(dir).some((name) => name.startsWith(second))).toBe(true);
    expect((await summary(core, first)).cached).toBeNull();
    expect((await summary(core, second)).cached).not.toBeNull();
    // The open table is gone with its data: the window is told to reopen, and finds nothing synced.
    const rows = await call(core, 'records.rows', { viewId: (view as { result: { viewId: string } }).result.viewId, offset: 0, limit: 5 });
    expect(rows).toMatchObject({ ok: false, error: { code: 'VIEW_EXPIRED' } });
    const reopened = await call(core, 'records.openView', { connectionId: first, dataset: 'records', mode: 'raw', sort: [], filter: '' });
    expect(reopened).toMatchObject({ ok: false, error: { code: 'NOT_SYNCED' } });

    // A new sync brings it back.
    expect((await syncAndWait(core, first)).state).toBe('succeeded');
    expect((await summary(core, first)).cached).not.toBeNull();

    const all = await call(core, 'cache.clearAll', {});
    expect(all).toMatchObject({ ok: true, result: { connections: 2 } });
    expect(cacheFiles(dir)).toEqual([]);
  }, 60_000);

  it('is refused while a sync of the connection runs', async () => {
    const box = await sandbox(300);
    const dir = tempDir();
    const { core } = await testCore(dir, recordingPorts(tempDir()));
    cleanups.push(() => core.shutdown());
    const id = await addConnection(core, box);
    box.faults.add({ kind: 'latency', latencyMs: 400, times: 0 });
    const started = await call(core, 'sync.start', { connectionId: id, mode: 'auto' });
    expect(started.ok).toBe(true);
    const refused = await call(core, 'cache.clear', { connectionId: id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('Wait for it to finish or cancel it') } });
    expect(await call(core, 'cache.clearAll', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    box.faults.clear();
    await core.services.jobs.settled((started as { result: { jobId: string } }).result.jobId);
    expect(await call(core, 'cache.clear', { connectionId: id })).toMatchObject({ ok: true });
  }, 60_000);
});

describe('offline copy off', () => {
  it('keeps synced data only while Carrel runs: nothing of it is left after quitting', async () => {
    const box = await sandbox();
    const dir = tempDir();
    const keychain = new FakeKeychain();
    const { core } = await testCore(dir, recordingPorts(tempDir()), keychain);
    const id = await addConnection(core, box, { offlineCache: false });
    expect((await summary(core, id)).offlineCache).toBe(false);
    expect((await syncAndWait(core, id)).state).toBe('succeeded');
    expect(cacheFiles(dir)).toEqual([]);
    expect(cacheFiles(dir, 'cache-volatile').length).toBeGreaterThan(0);
    expect((await summary(core, id)).cached).not.toBeNull();
    await core.shutdown();
    expect(existsSync(join(dir, 'cache-volatile'))).toBe(false);

    const { core: next } = await testCore(dir, recordingPorts(tempDir()), keychain);
    cleanups.push(() => next.shutdown());
    expect((await summary(next, id)).cached).toBeNull();

    // Turned on again: the data synced this run moves to the lasting cache and survives a restart.
    await syncAndWait(next, id);
    expect(await call(next, 'connections.update', { connectionId: id, offlineCache: true })).toMatchObject({ ok: true, result: { offlineCache: true } });
    expect(cacheFiles(dir).some((name) => name.startsWith(id))).toBe(true);
    expect((await summary(next, id)).cached).not.toBeNull();

    // And off again: moved out of the lasting cache at once, still readable this run.
    expect(await call(next, 'connections.update', { connectionId: id, offlineCache: false })).toMatchObject({ ok: true, result: { offlineCache: false } });
    expect(cacheFiles(dir).filter((name) => name.startsWith(id))).toEqual([]);
    expect((await summary(next, id)).cached).not.toBeNull();
  }, 60_000);

  it('a crash leaves nothing for the next start either', async () => {
    const box = await sandbox(10);
    const dir = tempDir();
    const keychain = new FakeKeychain();
    const { core } = await testCore(dir, recordingPorts(tempDir()), keychain);
    const id = await addConnection(core, box, { offlineCache: false });
    await syncAndWait(core, id);
    expect(cacheFiles(dir, 'cache-volatile').length).toBeGreaterThan(0);
    // No shutdown: the process "died". The next start clears the folder before anything reads it.
    const { core: next } = await testCore(dir, recordingPorts(tempDir()), keychain);
    cleanups.push(() => next.shutdown());
    expect(cacheFiles(dir, 'cache-volatile')).toEqual([]);
    expect((await summary(next, id)).cached).toBeNull();
    core.services.cache.closeAll();
  }, 60_000);
});
