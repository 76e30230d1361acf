import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../main/ipc/core.ts';
import { createLogger } from '../../../main/services/log/logger.ts';
import { openConfStore } from '../../../main/services/settings/conf-store.ts';
import { BRAINSTEM_DEMO_PASSWORD, startBrainstemSandbox, type BrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import { FakeKeychain, recordingPorts } from '../../helpers/test-core.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
let sandbox: BrainstemSandbox | null = null;
let core: Core | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await core?.shutdown();
  await sandbox?.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

it('every BrainSTEM sign-in leaves tokens in the keychain only, and passwords nowhere: not in settings, logs, events or replies', async () => {
  sandbox = await startBrainstemSandbox({ port: 0, sessions: 8, deviceIntervalSeconds: 1 });
  const dir = tempDir();
  const keychain = new FakeKeychain();
  const ports = recordingPorts(tempDir());
  core = await createCore({
    userDataDir: dir,
    version: 'test',
    fetch: (url, init) => fetch(url, init),
    store: openConfStore(dir),
    keychain: () => keychain,
    ports,
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
  const secrets = new Set<string>([sandbox.token, BRAINSTEM_DEMO_PASSWORD, 'wrong-Password-77']);
  const account = `brainstem:${sandbox.url}`;
  const collect = async (): Promise<void> => {
    const text = await keychain.get(account);
    if (text === null) return;
    for (const value of Object.values(JSON.parse(text) as Record<string, unknown>)) if (typeof value === 'string' && value.length > 12) secrets.add(value);
  };

  // A token pasted into the address, a rejected token, then the real one.
  await call('brainstem.connect', { url: `${sandbox.url}?token=${sandbox.token}` });
  const connection = (await call('brainstem.connect', { url: sandbox.url })) as { id: string };
  await call('brainstem.signIn.token', { connectionId: connection.id, token: `${sandbox.token.slice(0, -4)}dead` });
  secrets.add(`${sandbox.token.slice(0, -4)}dead`);
  await call('brainstem.signIn.token', { connectionId: connection.id, token: sandbox.token });
  await call('connections.ping', { connectionId: connection.id });
  await call('brainstem.signOut', { connectionId: connection.id });

  // Password sign-in: a wrong password, the right one, then a renewal that rotates the refresh token.
  await call('brainstem.signIn.password', { connectionId: connection.id, email: sandbox.users.demo.email, password: 'wrong-Password-77' });
  await call('brainstem.signIn.password', { connectionId: connection.id, email: sandbox.users.demo.email, password: BRAINSTEM_DEMO_PASSWORD });
  await collect();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
  await call('connections.ping', { connectionId: connection.id });
  await collect();
  vi.useRealTimers();

  // Legacy, then the browser sign-in.
  await call('brainstem.signIn.legacy', { connectionId: connection.id, username: sandbox.users.demo.email, password: BRAINSTEM_DEMO_PASSWORD });
  await collect();
  const started = (await call('brainstem.signIn.deviceStart', { connectionId: connection.id })) as { userCode: string; flowId: string };
  expect(sandbox.device.approve(started.userCode)).toBe(true);
  for (let i = 0; i < 100 && !events.some((e) => e.includes('"approved"')); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(events.some((e) => e.includes('"approved"'))).toBe(true);
  await collect();
  await call('connections.list', {});
  await core.shutdown();
  core = null;

  expect(secrets.size).toBeGreaterThanOrEqual(8);
  expect(keychain.size).toBe(1);
  const files = filesUnder(dir);
  expect(files.some((file) => file.endsWith('carrel.log'))).toBe(true);
  expect(files.some((file) => file.endsWith('settings.json'))).toBe(true);
  for (const file of files) {
    const content = readFileSync(file);
    for (const secret of secrets) expect(content.includes(secret), `${file} holds a secret`).toBe(false);
  }
  for (const text of [...events, ...replies]) for (const secret of secrets) expect(text.includes(secret)).toBe(false);
});
