import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/ipc/core.ts';
import { HttpClient } from '../../../main/services/http/http-client.ts';
import { createNodeFetch, readProxyEnv } from '../../../main/services/http/node-fetch.ts';
import { silentLogger } from '../../../main/services/log/logger.ts';
import { openConfStore } from '../../../main/services/settings/conf-store.ts';
import { startRedcapSandbox } from '../../sandbox/redcap/index.ts';
import { FakeKeychain, recordingPorts, syncAndWait } from '../../helpers/test-core.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { connectProxy, httpsFront, makePki, type TestPki } from './tls-fixtures.ts';

const tempDir = useTempDirs();
let pki: TestPki;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'carrel-pki-'));
  pki = makePki(dir);
  return () => rmSync(dir, { recursive: true, force: true });
});

/** A REDCap sandbox behind HTTPS with the test CA, and a client for it through `env`'s proxy settings. */
async function setup(env: Record<string, string>, proxyOptions: { credentials?: string } = {}) {
  const sandbox = await startRedcapSandbox({ records: 5 });
  cleanups.push(() => sandbox.close());
  const front = await httpsFront(pki, sandbox.url);
  cleanups.push(() => front.close());
  const proxy = await connectProxy(proxyOptions);
  cleanups.push(() => proxy.close());
  const proxyUrl = `http://127.0.0.1:${proxy.port}`;
  const resolved = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value.replace('$PROXY', proxyUrl).replace('$CRED', proxyUrl.replace('//', `//${proxyOptions.credentials ?? ''}@`))]));
  const http = new HttpClient(createNodeFetch({ env: () => resolved }), { maxAttempts: 1 }).withCaFiles([pki.caFile]);
  const url = `https://localhost:${front.port}/api/`;
  const version = () => http.request({ url, method: 'POST', body: new URLSearchParams({ token: sandbox.projects[0]!.token, content: 'version' }), idempotent: true });
  return { sandbox, proxy, proxyUrl, url, version, frontPort: front.port };
}

describe('proxies in Node shells', () => {
  it('sends HTTPS requests through HTTPS_PROXY, trusting the connection\'s CA inside the tunnel', async () => {
    const { proxy, version, frontPort } = await setup({ HTTPS_PROXY: '$PROXY' });
    const answer = await version();
    expect(answer.status).toBe(200);
    expect(answer.text()).toMatch(/^\d+\.\d+\.\d+$/);
    await version();
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(proxy.tunnels.every((target) => target === `localhost:${frontPort}`)).toBe(true);
  }, 30_000);

  it('reads the lower-case names too, and lets NO_PROXY bypass the proxy', async () => {
    const lower = await setup({ https_proxy: '$PROXY' });
    expect((await lower.version()).status).toBe(200);
    expect(lower.proxy.tunnels.length).toBe(1);

    const bypassed = await setup({ HTTPS_PROXY: '$PROXY', NO_PROXY: 'example.org,localhost' });
    expect((await bypassed.version()).status).toBe(200);
    expect(bypassed.proxy.tunnels).toEqual([]);
  }, 30_000);

  it('explains a proxy that wants a password (407), and works once the proxy address carries it', async () => {
    const refused = await setup({ HTTPS_PROXY: '$PROXY' }, { credentials: 'alice:s3cret' });
    const error = await refused.version().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNREACHABLE', retryable: false });
    const message = (error as Error).message;
    expect(message).toContain('407');
    expect(message).toContain(`127.0.0.1:${refused.proxy.port}`);
    expect(message).toContain('HTTPS_PROXY=http://user:password@');

    const signedIn = await setup({ HTTPS_PROXY: '$CRED' }, { credentials: 'alice:s3cret' });
    expect((await signedIn.version()).status).toBe(200);
  }, 30_000);

  it('blames an unreachable proxy, not the server, and never shows the proxy password', async () => {
    // A port nothing listens on: bind one, then close it.
    const probe = await connectProxy();
    const deadPort = probe.port;
    await probe.close();
    const http = new HttpClient(createNodeFetch({ env: () => ({ HTTPS_PROXY: `http://bob:hunter2@127.0.0.1:${deadPort}` }) }), { maxAttempts: 1 }).withCaFiles([pki.caFile]);
    const error = await http.request({ url: 'https://localhost:8443/api/', idempotent: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNREACHABLE' });
    expect((error as Error).message).toContain(`proxy server 127.0.0.1:${deadPort}`);
    expect((error as Error).message).not.toContain('hunter2');
    expect(JSON.stringify((error as { details?: unknown }).details)).not.toContain('hunter2');
  }, 30_000);

  it('syncs a project through the proxy set in the environment (the web shell and CLI path)', async () => {
    const sandbox = await startRedcapSandbox({ records: 25 });
    cleanups.push(() => sandbox.close());
    const proxy = await connectProxy();
    cleanups.push(() => proxy.close());
    const dir = tempDir();
    const core: Core = await createCore({
      userDataDir: dir,
      version: 'test',
      fetch: createNodeFetch({ env: () => ({ HTTP_PROXY: `http://127.0.0.1:${proxy.port}` }) }),
      store: openConfStore(dir),
      keychain: () => new FakeKeychain(),
      ports: recordingPorts(tempDir()),
      log: silentLogger,
    });
    cleanups.push(() => core.shutdown());
    const added = await core.dispatch('connections.add', { kind: 'redcap', url: sandbox.url, token: sandbox.projects[0]!.token }, { shell: 'web' });
    expect(added, JSON.stringify(added)).toMatchObject({ ok: true });
    const job = await syncAndWait(core, (added as { result: { id: string } }).result.id);
    expect(job.state).toBe('succeeded');
    const sandboxHost = new URL(sandbox.url).host;
    // Plain http:// goes through a forwarding proxy in absolute form, not a tunnel.
    expect(proxy.forwarded.length).toBeGreaterThan(2);
    expect(new Set(proxy.forwarded)).toEqual(new Set([sandboxHost]));
  }, 60_000);
});

describe('proxy settings from the environment', () => {
  it('prefers lower case, treats empty as unset', () => {
    expect(readProxyEnv({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2', NO_PROXY: 'a,b', http_proxy: '' })).toEqual({
      httpProxy: undefined,
      httpsProxy: 'http://lower:2',
      noProxy: 'a,b',
    });
  });
});
