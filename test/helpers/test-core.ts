import { join } from 'node:path';
import { createCore, type Core } from '../../main/ipc/core.ts';
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
export function recordingPorts(saveDir: string): PlatformPorts & { delivered: Array<{ path: string; action: string }>; nextSavePath: string | null | undefined } {
  const ports = {
    shell: 'desktop' as const,
    delivered: [] as Array<{ path: string; action: string }>,
    nextSavePath: undefined as string | null | undefined,
    chooseSavePath: async (suggestedName: string) => (ports.nextSavePath !== undefined ? ports.nextSavePath : join(saveDir, suggestedName)),
    deliverFile: async (path: string, action: 'reveal' | 'open' | 'download') => {
      ports.delivered.push({ path, action });
      return { url: null };
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
