import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core } from '../ipc/core.ts';
import type { PlatformPorts } from '../ipc/ports.ts';
import { createNodeFetch } from '../services/http/node-fetch.ts';
import { createLogger, type Logger } from '../services/log/logger.ts';
import { productName } from '../services/paths.ts';
import { openConfStore } from '../services/settings/conf-store.ts';
import { KeychainSecretBackend } from '../services/vault/keychain-backend.ts';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/**
 * The core as Node shells (web, the CLI) run it: undici's fetch with HTTPS_PROXY / NO_PROXY and
 * per-connection CA files, conf settings, the OS keychain.
 */
export async function createNodeCore(options: {
  userDataDir: string;
  ports: PlatformPorts;
  sessionOnlyReason?: string | undefined;
  demo?: boolean;
  verbose?: boolean;
  /** The CLI bundle lives elsewhere than this file's package.json; it passes the version it found. */
  version?: string;
  deferSearch?: boolean;
}): Promise<{ core: Core; log: Logger }> {
  const log = createLogger({ dir: join(options.userDataDir, 'logs'), stderr: options.verbose ?? false, level: options.verbose ? 'debug' : 'info' });
  const core = await createCore({
    userDataDir: options.userDataDir,
    version: options.version ?? packageVersion(),
    fetch: createNodeFetch(),
    store: openConfStore(options.userDataDir),
    keychain: () => KeychainSecretBackend.load(productName),
    ...(options.sessionOnlyReason ? { sessionOnlyReason: options.sessionOnlyReason } : {}),
    ports: options.ports,
    log,
    demo: options.demo ?? false,
    ...(options.deferSearch ? { deferSearch: true } : {}),
  });
  return { core, log };
}
