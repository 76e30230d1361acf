import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/ipc/core.ts';
import { createLogger } from '../../../main/services/log/logger.ts';
import { openConfStore } from '../../../main/services/settings/conf-store.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { FakeKeychain, recordingPorts, syncAndWait } from '../../helpers/test-core.ts';
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

async function start(): Promise<{ token: string; saves: string; ports: ReturnType<typeof recordingPorts> }> {
  sandbox = await startRedcapSandbox({ records: 30 });
  const dir = tempDir();
  const saves = tempDir();
  const ports = recordingPorts(saves);
  core = await createCore({
    userDataDir: dir,
    version: '9.8.7',
    fetch: (url, init) => fetch(url, init),
    store: openConfStore(dir),
    keychain: () => new FakeKeychain(),
    ports,
    log: createLogger({ dir: join(dir, 'logs') }),
  });
  return { token: sandbox.projects[0]!.token, saves, ports };
}

async function call<T>(method: string, input: unknown = {}): Promise<T> {
  const reply = await core!.dispatch(method, input, { shell: 'desktop' });
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result as T;
}

it('diagnostics name versions, connections by host and recent errors, and never the token', async () => {
  const { token } = await start();
  const connection = await call<{ id: string }>('connections.add', { kind: 'redcap', url: sandbox!.url, token });
  const synced = await syncAndWait(core!, connection.id);
  expect(synced.state).toBe('succeeded');
  // A failure whose message carried the token (a request URL, a form body), as a careless caller might log it.
  core!.services.log.error('request failed', { url: `${sandbox!.url}?content=record&token=${token}`, body: `token=${token}&format=json`, raw: token });

  const { text } = await call<{ text: string }>('app.diagnostics');
  expect(text).not.toContain(token);
  expect(text).not.toContain(token.toLowerCase());
  expect(text).toContain('Carrel 9.8.7');
  expect(text).toContain(`node: ${process.versions.node}`);
  expect(text).toMatch(/redcapBatchSize: \d+/);
  const host = new URL(sandbox!.url).host;
  expect(text).toMatch(new RegExp(`- .+ · redcap · ${host.replace(/[.]/g, '\\.')} · synced .+ · cache \\d+(\\.\\d)? (KB|MB)`));
  const connectionLine = text.split('\n').find((line) => line.includes(' · redcap · '))!;
  expect(connectionLine).not.toContain(new URL(sandbox!.url).pathname);
  expect(text).toMatch(/## Recent errors and warnings \(1, newest last\)\n.*ERROR request failed .*\[redacted\]/);
});

it('Show logs folder reveals the log file on the desktop', async () => {
  const { ports } = await start();
  core!.services.log.info('something to keep');
  const shown = await call<{ url: string | null; found: boolean }>('app.showLogs');
  expect(shown).toEqual({ url: null, found: true });
  expect(ports.delivered).toEqual([{ path: join(core!.services.log.dir!, 'carrel.log'), action: 'reveal' }]);
});
