import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core } from '../ipc/core.ts';
import type { PlatformPorts } from '../ipc/ports.ts';
import { createLogger, type Logger } from '../services/log/logger.ts';
import { productName } from '../services/paths.ts';
import { openConfStore } from '../services/settings/conf-store.ts';
import { KeychainSecretBackend } from '../services/vault/keychain-backend.ts';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** The core as Node shells (web, later the CLI) run it: Node's fetch, conf settings, the OS keychain. */
export async function createNodeCore(options: {
  userDataDir: string;
  ports: PlatformPorts;
  sessionOnlyReason?: string | undefined;
  demo?: boolean;
  verbose?: boolean;
}): Promise<{ core: Core; log: Logger }> {
  const log = createLogger({ dir: join(options.userDataDir, 'logs'), stderr: options.verbose ?? false, level: options.verbose ? 'debug' : 'info' });
  const core = await createCore({
    userDataDir: options.userDataDir,
    version: packageVersion(),
    fetch: (url, init) => fetch(url, init),
    store: openConfStore(options.userDataDir),
    keychain: () => KeychainSecretBackend.load(productName),
    ...(options.sessionOnlyReason ? { sessionOnlyReason: options.sessionOnlyReason } : {}),
    ports: options.ports,
    log,
    demo: options.demo ?? false,
  });
  return { core, log };
}
