import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DownloadDesk } from '../../main/shells/web/downloads.ts';
import { startWebServer, type WebServer } from '../../main/shells/web/web-server.ts';
import { webPorts } from '../../main/shells/web/web-ports.ts';
import { silentLogger } from '../../main/services/log/logger.ts';
import type { Core } from '../../main/ipc/core.ts';
import { testCore } from '../helpers/test-core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
let server: WebServer | null = null;
let core: Core | null = null;
afterEach(async () => {
  await server?.close();
  await core?.shutdown();
  server = null;
  core = null;
});

async function start(): Promise<{ base: string; token: string; port: number; dir: string }> {
  const dir = tempDir();
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Carrel</title>');
  const downloads = new DownloadDesk(dir);
  ({ core } = await testCore(dir, webPorts(downloads)));
  server = await startWebServer({ core, staticDir, downloads, log: silentLogger, maxBodyBytes: 4096 });
  const token = server.url.split('#token=')[1]!;
  return { base: `http://127.0.0.1:${server.port}`, token, port: server.port, dir };
}

/** Raw HTTP so that Host and Origin can be set freely (fetch forbids changing Host). */
function raw(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

function call(port: number, token: string, method: string, body: unknown, extra: Record<string, string> = {}) {
  return raw(port, {
    method: 'POST',
    path: `/rpc/${method}`,
    headers: { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('web shell', () => {
  it('prints a loopback URL with a 32-byte token in the fragment', async () => {
    const { token } = await start();
    expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('answers a well-formed call from its own page', async () => {
    const { port, token } = await start();
    const res = await call(port, token, 'app.info', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, result: { shell: 'web', name: 'Carrel' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses calls without the token, with a wrong Host, a foreign or missing Origin, or a form content type', async () => {
    const { port, token } = await start();
    expect((await call(port, 'wrong', 'connections.list', {})).status).toBe(401);
    expect((await call(port, token, 'connections.list', {}, { authorization: '' })).status).toBe(401);
    expect((await call(port, token, 'connections.list', {}, { host: 'evil.example:80' })).status).toBe(421);
    expect((await call(port, token, 'connections.list', {}, { host: `attacker.example:${port}` })).status).toBe(421);
    expect((await call(port, token, 'connections.list', {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await call(port, token, 'connections.list', {}, { origin: '' })).status).toBe(403);
    expect((await call(port, token, 'connections.list', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await raw(port, { path: '/', headers: { host: 'rebind.example.com' } })).status).toBe(421);
  });

  it('refuses oversized and malformed bodies without running anything', async () => {
    const { port, token } = await start();
    const big = await call(port, token, 'connections.test', { kind: 'redcap', url: 'x'.repeat(10_000), token: 'y' });
    expect(big.status).toBe(413);
    const broken = await call(port, token, 'connections.list', '{not json');
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('answers malformed input to a method with a validation error and changes nothing', async () => {
    const { port, token } = await start();
    const bad = await call(port, token, 'connections.add', { kind: 'redcap', url: 42, token: ['x'] });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION', retryable: false } });
    const unknown = await call(port, token, 'fs.readFile', { path: '/etc/passwd' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const list = await call(port, token, 'connections.list', {});
    expect(JSON.parse(list.body)).toEqual({ ok: true, result: [] });
  });

  it('serves the page with a strict CSP and no CORS', async () => {
    const { port } = await start();
    const page = await raw(port, { path: '/', headers: { host: `127.0.0.1:${port}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect((await raw(port, { path: '/../../etc/passwd', headers: { host: `127.0.0.1:${port}` } })).body).not.toContain('root:');
  });

  it('streams events only to a WebSocket from its own origin that sent the token first', async () => {
    const { port, token } = await start();
    const foreign = new WebSocket(`ws://127.0.0.1:${port}/events`, { origin: 'https://evil.example' });
    const refused = await new Promise<string>((resolve) => {
      foreign.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      foreign.on('open', () => resolve('opened'));
      foreign.on('error', () => resolve('error'));
    });
    expect(refused).toBe('403');

    const wrongToken = new WebSocket(`ws://127.0.0.1:${port}/events`, { origin: `http://127.0.0.1:${port}` });
    await new Promise((resolve) => wrongToken.on('open', resolve));
    wrongToken.send(JSON.stringify({ token: 'nope' }));
    const code = await new Promise<number>((resolve) => wrongToken.on('close', (c) => resolve(c)));
    expect(code).toBe(4401);

    const good = new WebSocket(`ws://127.0.0.1:${port}/events`, { origin: `http://127.0.0.1:${port}` });
    const messages: unknown[] = [];
    good.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => good.on('open', resolve));
    good.send(JSON.stringify({ token }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messages).toEqual([{ type: 'ready' }]);
    await call(port, token, 'settings.update', { csvBom: true });
    good.close();
  });

  it('hands a finished export out once through a one-time URL', async () => {
    const { port, dir } = await start();
    const desk = new DownloadDesk(join(dir, 'other'));
    const path = desk.pathFor('../../evil name.csv');
    expect(path.startsWith(desk.dir)).toBe(true);
    writeFileSync(path, 'a,b\r\n');
    const ticket = desk.issue(path);
    expect(desk.redeem(ticket.slice('/download/'.length))).toBe(path);
    expect(desk.redeem(ticket.slice('/download/'.length))).toBeNull();
    expect((await raw(port, { path: '/download/forged', headers: { host: `127.0.0.1:${port}` } })).status).toBe(404);
  });
});
