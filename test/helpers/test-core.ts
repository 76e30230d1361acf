import { join } from 'node:path';
import { createCore, type Core } from '../../main/ipc/core.ts';
import type { Job } from '../../shared/contract/jobs.ts';
import type { PlatformPorts } from '../../main/ipc/ports.ts';
import { silentLogger } from '../../main/services/log/logger.ts';
import { openConfStore } from '../../main/services/settings/conf-store.ts';
import { MemorySecretBackend } from '../../main/services/vault/secret-backend.ts';

/** Stands in for the OS keychain in tests: persistent for the test's lifetime, inspectable. */
export class FakeKeychain extends MemorySecretBackend {
  constructor() {
    super('keychain');
  }
}

/** The desktop shell's ports, minus Electron: saves go to a fixed folder, delivery is recorded. */
export function recordingPorts(saveDir: string): PlatformPorts & { delivered: Array<{ path: string; action: string }>; opened: string[]; nextSavePath: string | null | undefined } {
  const ports = {
    shell: 'desktop' as const,
    delivered: [] as Array<{ path: string; action: string }>,
    nextSavePath: undefined as string | null | undefined,
    chooseSavePath: async (suggestedName: string) => (ports.nextSavePath !== undefined ? ports.nextSavePath : join(saveDir, suggestedName)),
    deliverFile: async (path: string, action: 'reveal' | 'open' | 'download') => {
      ports.delivered.push({ path, action });
      return { url: null };
    },
    /** Pages the core asked the system browser to open. */
    opened: [] as string[],
    openExternal: async (url: string) => {
      ports.opened.push(url);
      return true;
    },
  };
  return ports;
}

export async function testCore(userDataDir: string, ports: PlatformPorts, keychain = new FakeKeychain()): Promise<{ core: Core; keychain: FakeKeychain }> {
  const core = await createCore({
    userDataDir,
    version: '0.0.0-test',
    fetch: (url, init) => fetch(url, init),
    store: openConfStore(userDataDir),
    keychain: () => keychain,
    ports,
    log: silentLogger,
  });
  return { core, keychain };
}

/** Starts a sync through the contract, as the window does, and waits for it to settle. */
export async function syncAndWait(c: Core, connectionId: string, mode: 'auto' | 'full' = 'auto'): Promise<Job> {
  const started = await c.dispatch('sync.start', { connectionId, mode }, { shell: 'desktop' });
  if (!started.ok) throw new Error(started.error.message);
  return (await c.services.jobs.settled((started.result as { jobId: string }).jobId))!;
}

/** Every cached record row, in the table's order, read through the contract 2,000 at a time. */
export async function cachedRecordRows(c: Core, connectionId: string): Promise<string[][]> {
  const view = await c.dispatch('records.openView', { connectionId, dataset: 'records', mode: 'raw', sort: [], filter: '' }, { shell: 'desktop' });
  if (!view.ok) throw new Error(view.error.message);
  const { viewId, total } = view.result as { viewId: string; total: number };
  const out: string[][] = [];
  for (let offset = 0; offset < Math.max(1, total); offset += 2000) {
    const rows = await c.dispatch('records.rows', { viewId, offset, limit: 2000 }, { shell: 'desktop' });
    if (!rows.ok) throw new Error(rows.error.message);
    out.push(...(rows.result as { rows: string[][] }).rows);
  }
  return out;
}
