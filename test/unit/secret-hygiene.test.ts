import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/ipc/core.ts';
import { createLogger } from '../../main/services/log/logger.ts';
import { openConfStore } from '../../main/services/settings/conf-store.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../sandbox/redcap/index.ts';
import { FakeKeychain, recordingPorts } from '../helpers/test-core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
let sandbox: RedcapSandbox | null = null;
let core: Core | null = null;
afterEach(async () => {
  await core?.shutdown();
  await sandbox?.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

it('a whole session leaves the token in the keychain only: not in settings, cache, logs, exports or events', async () => {
  sandbox = await startRedcapSandbox({ records: 60 });
  const token = sandbox.projects[0]!.token;
  const dir = tempDir();
  const saves = tempDir();
  const keychain = new FakeKeychain();
  core = await createCore({
    userDataDir: dir,
    version: 'test',
    fetch: (url, init) => fetch(url, init),
    store: openConfStore(dir),
    keychain: () => keychain,
    ports: recordingPorts(saves),
    log: createLogger({ dir: join(dir, 'logs'), level: 'debug' }),
  });
  const events: string[] = [];
  core.subscribe((name, payload) => events.push(JSON.stringify({ name, payload })));
  const replies: string[] = [];
  const call = async (method: string, input: unknown): Promise<unknown> => {
    const reply = await core!.dispatch(method, input, { shell: 'desktop' });
    replies.push(JSON.stringify(reply));
    return reply.ok ? reply.result : null;
  };

  // a failed attempt with the token in a wrong place, then the real thing
  await call('connections.add', { kind: 'redcap', url: `${sandbox.url}?token=${token}`, token: token.slice(0, 31) });
  const connection = (await call('connections.add', { kind: 'redcap', url: sandbox.url, token })) as { id: string };
  await call('sync.start', { connectionId: connection.id });
  await core.services.jobs.settled(core.services.jobs.list()[0]!.id);
  sandbox.faults.add({ kind: 'status', status: 500, times: 0 });
  await call('sync.start', { connectionId: connection.id });
  await core.services.jobs.settled(core.services.jobs.list()[0]!.id);
  sandbox.faults.clear();
  const exported = (await call('export.start', { view: { connectionId: connection.id, dataset: 'records', mode: 'raw', sort: [], filter: '' }, format: 'csv', header: 'names', bom: false })) as { jobId: string };
  await core.services.jobs.settled(exported.jobId);
  await call('connections.list', {});
  await core.shutdown();

  expect(keychain.size).toBe(1);
  const files = [...filesUnder(dir), ...filesUnder(saves)];
  expect(files.some((file) => file.endsWith('.csv'))).toBe(true);
  expect(files.some((file) => file.endsWith('carrel.log'))).toBe(true);
  for (const file of files) expect(readFileSync(file).includes(token), file).toBe(false);
  for (const text of [...events, ...replies]) expect(text).not.toContain(token);
  expect(replies.join('\n')).toMatch(/…EE01/);
});
