import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../main/ipc/core.ts';
import { silentLogger } from '../../main/services/log/logger.ts';
import { DownloadDesk } from '../../main/shells/web/downloads.ts';
import { webPorts } from '../../main/shells/web/web-ports.ts';
import { startWebServer, type WebServer } from '../../main/shells/web/web-server.ts';
import { testCore } from '../helpers/test-core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { prototypesSnapshot, report } from './fuzz-settings.ts';
import { folderSnapshot } from './world.ts';

/**
 * Issue 9.5: what a hostile web page (or a process on the same machine) can try against the web shell,
 * which serves Carrel on 127.0.0.1. Every attempt must be refused with the right status, and nothing
 * may run: the core's dispatcher is counted, the user-data folder is compared before and after.
 * (The plain guard cases — no token, one wrong Host, one foreign Origin — are in test/unit/shells-web.test.ts.)
 */

const tempDir = useTempDirs();
const secret = 'CARREL-SECRET-OUTSIDE-STATIC-0b6f1e';
let server: WebServer | null = null;
let core: Core | null = null;
const counts = { attacks: 0, refused: 0 };

afterEach(async () => {
  await server?.close();
  await core?.shutdown();
  server = null;
  core = null;
});
afterAll(() => report('web shell attacks', `${counts.attacks} attacks tried, ${counts.refused} refused, ${counts.attacks - counts.refused} got through`));

interface Shell {
  port: number;
  token: string;
  dir: string;
  downloads: DownloadDesk;
  /** Calls that reached the core's dispatcher. */
  dispatched: string[];
  origin: string;
  host: string;
}

async function start(): Promise<Shell> {
  const dir = tempDir();
  const staticDir = join(dir, 'static');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Carrel</title>');
  // What traversal would be after: a file beside the static folder and one in the user-data folder.
  writeFileSync(join(dir, 'secret.txt'), secret);
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ secret }));
  const downloads = new DownloadDesk(dir);
  const made = await testCore(dir, webPorts(downloads));
  core = made.core;
  const real = made.core;
  const dispatched: string[] = [];
  const counted: Core = { ...real, dispatch: (method, input, context) => (dispatched.push(String(method)), real.dispatch(method, input, context)) };
  server = await startWebServer({ core: counted, staticDir, downloads, log: silentLogger, maxBodyBytes: 4096 });
  const token = server.url.split('#token=')[1]!;
  return { port: server.port, token, dir, downloads, dispatched, origin: `http://127.0.0.1:${server.port}`, host: `127.0.0.1:${server.port}` };
}

interface RawAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Raw HTTP: Host, Origin and the path go out exactly as written (fetch would normalise them). */
function raw(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {}, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function good(shell: Shell): Record<string, string> {
  return { host: shell.host, origin: shell.origin, authorization: `Bearer ${shell.token}`, 'content-type': 'application/json' };
}

/** One attack: its answer must have the status, carry no CORS grant and no secret, and nothing may have run. */
async function refused(shell: Shell, label: string, attempt: Promise<RawAnswer>, status: number | number[]): Promise<RawAnswer> {
  counts.attacks++;
  const before = folderSnapshot(shell.dir);
  const dispatchedBefore = shell.dispatched.length;
  const answer = await attempt;
  expect([status].flat(), `${label}: status ${answer.status}`).toContain(answer.status);
  expect(answer.headers['access-control-allow-origin'], label).toBeUndefined();
  expect(answer.body, label).not.toContain(secret);
  expect(answer.body, label).not.toContain('root:');
  expect(shell.dispatched.length, `${label}: a method ran`).toBe(dispatchedBefore);
  expect(folderSnapshot(shell.dir), `${label}: the user-data folder changed`).toBe(before);
  counts.refused++;
  return answer;
}

const rpc = (shell: Shell, headers: Record<string, string>, body = '{"csvBom": true}', method = 'settings.update'): Promise<RawAnswer> =>
  raw(shell.port, { method: 'POST', path: `/rpc/${method}`, headers, body });

describe('web shell under attack', () => {
  it('refuses calls without the token or with a forged one', async () => {
    const shell = await start();
    const { authorization: _drop, ...noAuth } = good(shell);
    await refused(shell, 'no Authorization', rpc(shell, noAuth), 401);
    await refused(shell, 'token in the query string', raw(shell.port, { method: 'POST', path: `/rpc/settings.update?token=${shell.token}`, headers: noAuth, body: '{}' }), 401);
    await refused(shell, 'token as Basic', rpc(shell, { ...noAuth, authorization: `Basic ${Buffer.from(`x:${shell.token}`).toString('base64')}` }), 401);
    await refused(shell, 'token with one character changed', rpc(shell, { ...noAuth, authorization: `Bearer ${shell.token.slice(0, -1)}${shell.token.endsWith('A') ? 'B' : 'A'}` }), 401);
    await refused(shell, 'token prefix', rpc(shell, { ...noAuth, authorization: `Bearer ${shell.token.slice(0, 8)}` }), 401);
    await refused(shell, 'token twice', rpc(shell, { ...noAuth, authorization: `Bearer ${shell.token}${shell.token}` }), 401);
    await refused(shell, 'empty bearer', rpc(shell, { ...noAuth, authorization: 'Bearer ' }), 401);
    await refused(shell, 'upload without token', raw(shell.port, { method: 'POST', path: '/upload', headers: { host: shell.host, origin: shell.origin, 'content-type': 'application/octet-stream', 'x-file-name': 'x.csv' }, body: 'a,b\n' }), 401);
    // The same call with the token works: the refusals above were the guards, not a broken server.
    const ok = await rpc(shell, good(shell));
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true });
  });

  it('refuses DNS rebinding: any Host but its own loopback address and port', async () => {
    const shell = await start();
    for (const host of ['evil.example', `evil.example:${shell.port}`, `127.0.0.1:${shell.port + 1}`, '127.0.0.1', `127.0.0.1.nip.io:${shell.port}`, `localhost.:${shell.port}`, `[::1]:${shell.port}`, `0.0.0.0:${shell.port}`, `127.0.0.2:${shell.port}`, '']) {
      await refused(shell, `POST with Host ${host}`, rpc(shell, { ...good(shell), host }), 421);
      await refused(shell, `GET / with Host ${host}`, raw(shell.port, { path: '/', headers: { host } }), 421);
    }
    await refused(shell, 'no Host at all', raw(shell.port, { path: '/', headers: {} }), [400, 421]);
  });

  it('refuses foreign origins on calls, uploads and the WebSocket, and never grants CORS', async () => {
    const shell = await start();
    const foreign = ['https://evil.example', 'null', `http://127.0.0.1:${shell.port + 1}`, `http://127.0.0.1:${shell.port}.evil.example`, `https://127.0.0.1:${shell.port}`, `http://127.0.0.1:${shell.port}/`, 'file://'];
    for (const origin of foreign) {
      await refused(shell, `call from ${origin}`, rpc(shell, { ...good(shell), origin }), 403);
      await refused(shell, `upload from ${origin}`, raw(shell.port, { method: 'POST', path: '/upload', headers: { ...good(shell), origin, 'content-type': 'application/octet-stream' }, body: 'x' }), 403);
      await refused(shell, `page from ${origin}`, raw(shell.port, { path: '/', headers: { host: shell.host, origin } }), 403);
    }
    const preflight = await refused(shell, 'CORS preflight', raw(shell.port, { method: 'OPTIONS', path: '/rpc/settings.update', headers: { host: shell.host, origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } }), 405);
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();

    for (const [label, origin, host, path] of [
      ['foreign origin', 'https://evil.example', shell.host, '/events'],
      ['no origin', undefined, shell.host, '/events'],
      ['rebound host', shell.origin, `evil.example:${shell.port}`, '/events'],
      ['other path', shell.origin, shell.host, '/events/../rpc'],
    ] as const) {
      counts.attacks++;
      const socket = new WebSocket(`ws://127.0.0.1:${shell.port}${path}`, { ...(origin ? { origin } : {}), headers: { host } });
      const outcome = await new Promise<string>((resolve) => {
        socket.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        socket.on('open', () => resolve('opened'));
        socket.on('error', () => resolve('error'));
      });
      expect(outcome, `WebSocket with ${label}`).toBe('403');
      counts.refused++;
    }
    expect(shell.dispatched).toEqual([]);
  });

  it('refuses cross-site form posts: the content types a form can send, with or without our origin', async () => {
    const shell = await start();
    const { authorization: _drop, ...headers } = good(shell);
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'text/plain; charset=utf-8', '']) {
      const body = type.startsWith('multipart') ? '--x\r\nContent-Disposition: form-data; name="{\\"csvBom\\": true, \\"x\\""\r\n\r\n"}\r\n--x--\r\n' : '{"csvBom": true}';
      await refused(shell, `form post (${type || 'no type'}) from a foreign site`, rpc(shell, { ...headers, origin: 'https://evil.example', 'content-type': type }, body), 403);
      await refused(shell, `form post (${type || 'no type'}) without Origin`, rpc(shell, { host: shell.host, 'content-type': type }, body), 403);
      // Even with our origin (a page we serve cannot do this, but an extension or a local process can).
      await refused(shell, `form post (${type || 'no type'}) with our origin and no token`, rpc(shell, { ...headers, 'content-type': type }, body), [401, 415]);
      await refused(shell, `form post (${type || 'no type'}) with our origin and the token`, rpc(shell, { ...good(shell), 'content-type': type }, body), 415);
    }
    await refused(shell, 'GET /rpc (an image tag or a link)', raw(shell.port, { path: '/rpc/settings.update?csvBom=true', headers: { host: shell.host } }), 405);
    await refused(shell, 'upload as a form', raw(shell.port, { method: 'POST', path: '/upload', headers: { ...good(shell), 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' }), 415);
  });

  it('refuses oversized bodies and survives a slow, unfinished one', async () => {
    const shell = await start();
    const big = JSON.stringify({ csvBom: true, pad: 'x'.repeat(10_000) });
    await refused(shell, 'body over the limit', rpc(shell, good(shell), big), 413);
    await refused(shell, 'body over the limit, chunked', new Promise<RawAnswer>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: shell.port, method: 'POST', path: '/rpc/settings.update', headers: { ...good(shell), 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(1000));
      req.end();
    }), 413);

    // Slowloris: headers and a part of the body, then silence. Nothing runs, and the shell keeps serving.
    counts.attacks++;
    const slow = connect(shell.port, '127.0.0.1');
    await new Promise<void>((resolve) => slow.on('connect', () => resolve()));
    slow.write(`POST /rpc/settings.update HTTP/1.1\r\nHost: ${shell.host}\r\nOrigin: ${shell.origin}\r\nAuthorization: Bearer ${shell.token}\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n{"csvBom": tr`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(shell.dispatched).toEqual([]);
    const meanwhile = await rpc(shell, good(shell), '{}', 'app.info');
    expect(JSON.parse(meanwhile.body)).toMatchObject({ ok: true });
    slow.destroy();
    counts.refused++;
  });

  it('never serves a file outside its folders, however the path is spelled', async () => {
    const shell = await start();
    const exported = shell.downloads.pathFor('export.csv');
    writeFileSync(exported, 'record_id\r\n1\r\n');
    const ticket = shell.downloads.issue(exported).slice('/download/'.length);
    const paths = [
      '/../secret.txt', '/../../../../etc/passwd', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '/..%2fsecret.txt', '/..%5csecret.txt',
      '/%252e%252e/secret.txt', '/assets/../../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/.%2e/settings.json', '//etc/passwd',
      '/%2fetc%2fpasswd', '/static/../secret.txt', '/index.html%00.txt', '/%c0%ae%c0%ae/secret.txt', '/%',
      `/download/../secret.txt`, `/download/%2e%2e%2fsecret.txt`, `/download/${ticket}/../../secret.txt`, `/download/${ticket}%2f..%2f..%2fsecret.txt`,
      '/download/..%2f..%2fsettings.json', '/download/',
    ];
    for (const path of paths) await refused(shell, `GET ${path}`, raw(shell.port, { path, headers: { host: shell.host } }), [200, 400, 404]);
    // The real ticket still works once: the attempts above did not consume or widen it.
    const download = await raw(shell.port, { path: `/download/${ticket}`, headers: { host: shell.host } });
    expect(download.status).toBe(200);
    expect(download.body).toBe('record_id\r\n1\r\n');
  });

  it('refuses method names that are not in the contract and JSON that tries to pollute prototypes', async () => {
    const shell = await start();
    const prototypes = prototypesSnapshot();
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty', '..%2f..%2fsettings.update', 'settings.update%00', 'settings.update/..', '%E0%A4%A']) {
      counts.attacks++;
      const answer = await rpc(shell, good(shell), '{}', name);
      expect([200, 400], name).toContain(answer.status);
      expect(JSON.parse(answer.body), name).toMatchObject({ ok: false });
      counts.refused++;
    }
    const polluting = await rpc(shell, good(shell), '{"__proto__": {"carrelPolluted": true}, "constructor": {"prototype": {"carrelPolluted": true}}, "csvBom": true}');
    expect(JSON.parse(polluting.body)).toMatchObject({ ok: true, result: { csvBom: true } });
    expect(prototypesSnapshot()).toBe(prototypes);
    expect(({} as { carrelPolluted?: unknown }).carrelPolluted).toBeUndefined();
  });
});
