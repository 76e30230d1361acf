import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/ipc/core.ts';
import { withConnectionTrust } from '../../../main/services/http/ca-files.ts';
import { HttpClient } from '../../../main/services/http/http-client.ts';
import { createNodeFetch } from '../../../main/services/http/node-fetch.ts';
import { silentLogger } from '../../../main/services/log/logger.ts';
import { openConfStore } from '../../../main/services/settings/conf-store.ts';
import { connectionCommands } from '../../../main/shells/cli/commands/connections.ts';
import type { WireReply } from '../../../shared/channels.ts';
import { startBrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import { startBrimSandbox } from '../../sandbox/brim/index.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { FakeKeychain, recordingPorts, syncAndWait } from '../../helpers/test-core.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { commandAt, runCommand } from '../cli/service-cli-support.ts';
import { httpsFront, makePki, type Listening, type TestPki } from './tls-fixtures.ts';

const tempDir = useTempDirs();
let pki: TestPki;
let pkiDir: string;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  // useTempDirs removes folders after each test; the PKI is shared by the whole file.
  pkiDir = mkdtempSync(join(tmpdir(), 'carrel-pki-'));
  pki = makePki(pkiDir);
  return () => rmSync(pkiDir, { recursive: true, force: true });
});

async function sandboxBehindTls(): Promise<{ sandbox: RedcapSandbox; front: Listening<unknown>; url: string; token: string }> {
  const sandbox = await startRedcapSandbox({ records: 20 });
  cleanups.push(() => sandbox.close());
  const front = await httpsFront(pki, sandbox.url);
  cleanups.push(() => front.close());
  return { sandbox, front, url: `https://localhost:${front.port}/api/`, token: sandbox.projects[0]!.token };
}

async function nodeShellCore(): Promise<Core> {
  const dir = tempDir();
  const core = await createCore({
    userDataDir: dir,
    version: 'test',
    fetch: createNodeFetch({ env: () => ({}) }),
    store: openConfStore(dir),
    keychain: () => new FakeKeychain(),
    ports: recordingPorts(tempDir()),
    log: silentLogger,
  });
  cleanups.push(() => core.shutdown());
  return core;
}

async function call(core: Core, method: string, input: unknown): Promise<WireReply> {
  return (await core.dispatch(method, input, { shell: 'web' })) as WireReply;
}

describe('a server whose certificate comes from a private CA (Node shells)', () => {
  it('is refused with the fix spelled out, then works once the connection names the CA file', async () => {
    const { url, token } = await sandboxBehindTls();
    const core = await nodeShellCore();

    const refused = await call(core, 'connections.test', { kind: 'redcap', url, token });
    expect(refused).toMatchObject({ ok: false, error: { code: 'TLS' } });
    const message = (refused as { error: { message: string } }).error.message;
    expect(message).toContain('signed by an authority this computer does not trust');
    expect(message).toContain('Custom CA certificate');
    expect(message).not.toMatch(/ignore|disable/i);

    const wrongCa = await call(core, 'connections.test', { kind: 'redcap', url, token, caFile: pki.otherCaFile });
    expect(wrongCa).toMatchObject({ ok: false, error: { code: 'TLS' } });
    expect((wrongCa as { error: { message: string } }).error.message).toContain(pki.otherCaFile);

    const missing = await call(core, 'connections.test', { kind: 'redcap', url, token, caFile: `${pkiDir}/nope.pem` });
    expect(missing).toMatchObject({ ok: false, error: { code: 'FILE_SYSTEM' } });
    expect((missing as { error: { message: string } }).error.message).toContain('does not exist');

    const notPem = await call(core, 'connections.test', { kind: 'redcap', url, token, caFile: `${pkiDir}/san.cnf` });
    expect(notPem).toMatchObject({ ok: false, error: { code: 'FILE_SYSTEM' } });

    const tested = await call(core, 'connections.test', { kind: 'redcap', url, token, caFile: pki.caFile });
    expect(tested).toMatchObject({ ok: true, result: { serverVersion: expect.any(String) } });

    // Saved with the CA file: every later request of the connection (sync here) trusts it.
    const added = await call(core, 'connections.add', { kind: 'redcap', url, token, caFile: pki.caFile });
    expect(added).toMatchObject({ ok: true, result: { caFile: pki.caFile, offlineCache: true } });
    const connectionId = (added as { result: { id: string } }).result.id;
    const synced = await syncAndWait(core, connectionId);
    expect(synced.state).toBe('succeeded');

    // Removing the file from the connection takes the trust away at once.
    const cleared = await call(core, 'connections.update', { connectionId, caFile: null });
    expect(cleared.ok).toBe(true);
    expect((cleared as { result: Record<string, unknown> }).result.caFile).toBeUndefined();
    const ping = await call(core, 'connections.ping', { connectionId });
    expect(ping).toMatchObject({ ok: true, result: { online: false, message: expect.stringContaining('does not trust') } });

    const relative = await call(core, 'connections.update', { connectionId, caFile: 'ca.pem' });
    expect(relative).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  }, 60_000);

  it('lets a Brim project behind the private CA be added with the CA file, and keeps both local settings', async () => {
    const sandbox = await startBrimSandbox({ port: 0 });
    cleanups.push(() => sandbox.close());
    const front = await httpsFront(pki, sandbox.url);
    cleanups.push(() => front.close());
    const url = `https://localhost:${front.port}`;
    const core = await nodeShellCore();
    const input = { url, token: sandbox.token, projectId: sandbox.projectId };

    const refused = await call(core, 'brim.connect', input);
    expect(refused).toMatchObject({ ok: false, error: { code: 'TLS', message: expect.stringContaining('does not trust') } });
    const missing = await call(core, 'brim.connect', { ...input, caFile: `${pkiDir}/nope.pem` });
    expect(missing).toMatchObject({ ok: false, error: { code: 'FILE_SYSTEM', message: expect.stringContaining('does not exist') } });
    const relative = await call(core, 'brim.connect', { ...input, caFile: 'ca.pem' });
    expect(relative).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await call(core, 'connections.list', {})) as WireReply).toMatchObject({ ok: true, result: [] });

    const added = await call(core, 'brim.connect', { ...input, caFile: pki.caFile, offlineCache: false });
    expect(added).toMatchObject({ ok: true, result: { kind: 'brim', caFile: pki.caFile, offlineCache: false, brim: { projectId: sandbox.projectId } } });
    const connectionId = (added as { result: { id: string } }).result.id;
    expect(core.services.settings.connections().find((c) => c.id === connectionId)).toMatchObject({ caFile: pki.caFile, offlineCache: false });
    // The saved CA file carries the connection's later requests too.
    expect(await call(core, 'connections.ping', { connectionId })).toMatchObject({ ok: true, result: { online: true } });
  }, 60_000);

  it('lets a BrainSTEM server behind the private CA be added with the CA file', async () => {
    const sandbox = await startBrainstemSandbox({ port: 0, sessions: 4 });
    cleanups.push(() => sandbox.close());
    const front = await httpsFront(pki, sandbox.url);
    cleanups.push(() => front.close());
    const url = `https://localhost:${front.port}/`;
    const core = await nodeShellCore();

    const refused = await call(core, 'brainstem.connect', { url, portal: 'public' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'TLS' } });
    const added = await call(core, 'brainstem.connect', { url, portal: 'public', caFile: pki.caFile });
    expect(added).toMatchObject({ ok: true, result: { kind: 'brainstem', caFile: pki.caFile, offlineCache: true } });
    const connectionId = (added as { result: { id: string } }).result.id;
    expect(core.services.settings.connections().find((c) => c.id === connectionId)).not.toHaveProperty('offlineCache');
    expect(await call(core, 'connections.ping', { connectionId })).toMatchObject({ ok: true, result: { online: true } });

    // The CLI names the same settings for every kind of connection.
    const cli = await runCommand(core, commandAt(connectionCommands, 'connections', 'add'), ['--kind', 'brainstem', '--url', url, '--portal', 'public', '--ca-file', pki.caFile, '--no-offline-cache', '--name', 'Lab', '--json']);
    expect(cli.error).toBeNull();
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ name: 'Lab', caFile: pki.caFile, offlineCache: false });
  }, 60_000);

  it('adds the CA for that connection\'s server only: the same certificate elsewhere stays untrusted', async () => {
    const { url, token } = await sandboxBehindTls();
    const other = await httpsFront(pki, 'http://127.0.0.1:9/');
    cleanups.push(() => other.close());
    const http = new HttpClient(withConnectionTrust(createNodeFetch({ env: () => ({}) }), () => [{ url, caFile: pki.caFile }]), { maxAttempts: 1 });

    const own = await http.request({ url: `${url}`, method: 'POST', body: new URLSearchParams({ token, content: 'version' }), idempotent: true });
    expect(own.status).toBe(200);
    await expect(http.request({ url: `https://localhost:${other.port}/`, idempotent: true })).rejects.toMatchObject({ code: 'TLS' });
    // Nothing process-wide changed: Node's own fetch still refuses the private CA.
    await expect(fetch(url)).rejects.toThrow();
  }, 30_000);

  it('names a certificate made for another name as such', async () => {
    const { sandbox } = await sandboxBehindTls();
    const front = await httpsFront(pki, sandbox.url, '127.0.0.2');
    cleanups.push(() => front.close());
    const http = new HttpClient(createNodeFetch({ env: () => ({}) }), { maxAttempts: 1 });
    // The certificate says localhost and 127.0.0.1; 127.0.0.2 is the same machine under a name it does not cover.
    const wrongName = http.withCaFiles([pki.caFile]).request({ url: `https://127.0.0.2:${front.port}/api/`, idempotent: true });
    await expect(wrongName).rejects.toMatchObject({ code: 'TLS', message: expect.stringContaining('made for another name') });
  }, 30_000);
});
