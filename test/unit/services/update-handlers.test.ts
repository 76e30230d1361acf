import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/ipc/core.ts';
import { silentLogger } from '../../../main/services/log/logger.ts';
import { openConfStore } from '../../../main/services/settings/conf-store.ts';
import { UpdateStatus } from '../../../main/services/updates/update-status.ts';
import { FakeKeychain, recordingPorts } from '../../helpers/test-core.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
let core: Core | null = null;
afterEach(async () => {
  await core?.shutdown();
  core = null;
});

async function start(updates?: UpdateStatus): Promise<Core> {
  const dir = tempDir();
  core = await createCore({
    userDataDir: dir,
    version: '2.0.0',
    fetch: (url, init) => fetch(url, init),
    store: openConfStore(dir),
    keychain: () => new FakeKeychain(),
    ports: recordingPorts(dir),
    log: silentLogger,
    ...(updates ? { updates } : {}),
  });
  return core;
}

/** The desktop app after its updater downloaded 2.1.0; counts the restarts it was asked for. */
function downloaded(): { status: UpdateStatus; restarts: () => number } {
  const status = new UpdateStatus({ mode: 'auto', reason: 'checking for updates at start and every 6 hours' });
  let restarts = 0;
  status.downloaded('2.1.0', () => restarts++);
  return { status, restarts: () => restarts };
}

describe('update handlers', () => {
  it('tell a shell without an updater (web, CLI) that updates are handled by the desktop app', async () => {
    const c = await start();
    expect(await c.dispatch('app.updateState', {}, { shell: 'web' })).toEqual({
      ok: true,
      result: { mode: 'off', reason: 'updates are handled by the desktop app', state: 'idle', version: null },
    });
  });

  it('report what the desktop updater reported', async () => {
    const c = await start(downloaded().status);
    expect(await c.dispatch('app.updateState', {}, { shell: 'desktop' })).toMatchObject({ ok: true, result: { mode: 'auto', state: 'downloaded', version: '2.1.0' } });
  });

  it('refuse a notice action main never offered, and restart nothing', async () => {
    const { status, restarts } = downloaded();
    const c = await start(status);
    for (const id of ['update.install', 'app.quit', 'connections.remove']) {
      expect(await c.dispatch('app.runNoticeAction', { id }, { shell: 'desktop' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(await c.dispatch('app.runNoticeAction', { id: '../update.restart' }, { shell: 'desktop' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(restarts()).toBe(0);
  });

  it('restart into a downloaded update when asked', async () => {
    const { status, restarts } = downloaded();
    const c = await start(status);
    expect(await c.dispatch('app.runNoticeAction', { id: 'update.restart' }, { shell: 'desktop' })).toEqual({ ok: true, result: { started: true } });
    expect(restarts()).toBe(1);
  });

  it('start nothing when no update is waiting', async () => {
    const c = await start();
    expect(await c.dispatch('app.runNoticeAction', { id: 'update.restart' }, { shell: 'web' })).toEqual({ ok: true, result: { started: false } });
  });

  it('do not restart while a job runs, and say what to do', async () => {
    const { status, restarts } = downloaded();
    const c = await start(status);
    let finish = (): void => undefined;
    const exported = new Promise<void>((resolve) => (finish = resolve));
    const job = c.services.jobs.start({ kind: 'export', title: 'Export', connectionId: null, unit: 'rows' }, async () => {
      await exported;
      return { kind: 'file', fileName: 'x.csv', path: null, bytes: 1, rows: 1, companions: [], notes: [] };
    });
    const reply = await c.dispatch('app.runNoticeAction', { id: 'update.restart' }, { shell: 'desktop' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('Jobs are still running') } });
    expect(restarts()).toBe(0);
    finish();
    await c.services.jobs.settled(job.id);
    expect(await c.dispatch('app.runNoticeAction', { id: 'update.restart' }, { shell: 'desktop' })).toEqual({ ok: true, result: { started: true } });
    expect(restarts()).toBe(1);
  });
});
