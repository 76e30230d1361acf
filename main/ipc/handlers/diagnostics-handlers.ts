import { copyFileSync, existsSync, statSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import { diagnosticsText } from '../../services/log/diagnostics.ts';
import { logFileName } from '../../services/log/log-files.ts';
import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

const recentErrorLines = 20;

function cacheBytes(s: Services, connectionId: string): number {
  if (!s.cache.has(connectionId)) return 0;
  const file = s.cache.fileFor(connectionId);
  return ['', '-wal'].reduce((sum, suffix) => sum + (statSync(file + suffix, { throwIfNoEntry: false })?.size ?? 0), 0);
}

/** "Copy diagnostics" and "Show logs folder", for support requests. */
export function diagnosticsHandlers(s: Services): Pick<Handlers, 'app.diagnostics' | 'app.showLogs'> {
  return {
    'app.diagnostics': async () => {
      const connections = await s.connections.list();
      const storage = s.vault.status();
      return {
        text: diagnosticsText({
          app: { name: s.app.name, version: s.app.version, shell: s.ports.shell, demo: s.app.demo },
          versions: process.versions,
          os: { platform: platform(), release: release(), arch: arch() },
          tokenStorage: storage.persistent ? 'the system keychain' : 'memory, for this run only',
          preferences: s.settings.preferences(),
          connections: connections.map((c) => ({ name: c.name, kind: c.kind, url: c.url, synced: c.cached?.lastSyncedAt ?? null, cacheBytes: cacheBytes(s, c.id) })),
          logsFolder: s.log.dir ?? null,
          recentErrors: s.log.recentErrors?.(recentErrorLines) ?? [],
          generatedAt: new Date(),
        }),
      };
    },
    'app.showLogs': async () => {
      const dir = s.log.dir ?? null;
      const file = dir ? join(dir, logFileName) : null;
      if (!dir || !file) return { url: null, found: false };
      const found = existsSync(file);
      if (s.ports.shell === 'web') {
        if (!found) return { url: null, found: false };
        // The download desk hands over files once and clears its folder; the live log stays where it is.
        const copy = await s.ports.chooseSavePath(logFileName, { name: 'Log', extensions: ['log'] });
        if (!copy) return { url: null, found: true };
        copyFileSync(file, copy);
        return { url: (await s.ports.deliverFile(copy, 'download')).url, found: true };
      }
      await s.ports.deliverFile(found ? file : dir, 'reveal');
      return { url: null, found };
    },
  };
}
