import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../../ipc/core.ts';
import { toErrorShape } from '../../services/jobs/job-runner.ts';
import type { Logger } from '../../services/log/logger.ts';
import type { DownloadDesk } from './downloads.ts';
import { contentSecurityPolicy, RequestGuards } from './guards.ts';
import { serveStatic } from './static-files.ts';

export interface WebServerOptions {
  core: Core;
  staticDir: string;
  downloads: DownloadDesk;
  log: Logger;
  port?: number;
  /** Fixed per-run token; random when absent. */
  token?: string;
  maxBodyBytes?: number;
}

export interface WebServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const authTimeoutMs = 5000;

function send(response: ServerResponse, status: number, headers: Record<string, string>, body?: string): void {
  response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  response.end(body ?? JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message: 'Refused.', retryable: false } }));
}

function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * The browser shell: the same core and renderer as the desktop app, over HTTP + WebSocket on
 * 127.0.0.1 only. No CORS headers are ever sent; calls need the per-run token, the exact Host and
 * the exact Origin.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const { core, log, downloads } = options;
  let guards: RequestGuards | null = null;
  let baseHeaders: Record<string, string> = {};

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      log.error('web shell request failed', { error: String(error) });
      if (!response.headersSent) send(response, 500, baseHeaders, JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'Internal error.', retryable: false } }));
      else response.destroy();
    });
  });
  server.requestTimeout = 5 * 60 * 1000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const g = guards!;
    if (!g.hostAllowed(request)) {
      response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('Misdirected request');
      return;
    }
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const method = request.method ?? 'GET';

    if (path.startsWith('/rpc/')) {
      if (method !== 'POST') return send(response, 405, { ...baseHeaders, allow: 'POST' });
      if (!g.originAllowed(request)) return send(response, 403, baseHeaders);
      if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return send(response, 415, baseHeaders);
      if (!g.bearerMatches(request)) return send(response, 401, baseHeaders, JSON.stringify({ ok: false, error: { code: 'AUTH_FAILED', message: 'Open Carrel with the address printed by the web shell (it carries the session key).', retryable: false } }));
      const body = await readBody(request, maxBodyBytes);
      if (body === null) return send(response, 413, baseHeaders, JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: 'The request is too large.', retryable: false } }));
      let input: unknown;
      try {
        input = body === '' ? {} : (JSON.parse(body) as unknown);
      } catch {
        return send(response, 400, baseHeaders, JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: 'The request is not valid JSON.', retryable: false } }));
      }
      let name: string;
      try {
        name = decodeURIComponent(path.slice('/rpc/'.length));
      } catch {
        // Malformed percent-encoding names no method; without this it surfaced as a 500.
        name = '';
      }
      const reply = await core.dispatch(name, input, { shell: 'web' });
      return send(response, 200, { ...baseHeaders, 'cache-control': 'no-store' }, JSON.stringify(reply));
    }

    if (path === '/upload') {
      // A dropped file's bytes, staged by main; later calls refer to it by the stageId returned.
      if (method !== 'POST') return send(response, 405, { ...baseHeaders, allow: 'POST' });
      if (!g.originAllowed(request)) return send(response, 403, baseHeaders);
      if ((request.headers['content-type'] ?? '') !== 'application/octet-stream') return send(response, 415, baseHeaders);
      if (!g.bearerMatches(request)) return send(response, 401, baseHeaders);
      const header = request.headers['x-file-name'];
      let fileName = 'file';
      try {
        fileName = typeof header === 'string' ? decodeURIComponent(header) : 'file';
      } catch {
        // keep the default name
      }
      try {
        const staged = await core.services.staging.fromStream(fileName, request);
        return send(response, 200, baseHeaders, JSON.stringify({ ok: true, result: staged }));
      } catch (error) {
        return send(response, 200, baseHeaders, JSON.stringify({ ok: false, error: toErrorShape(error) }));
      }
    }

    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { ...baseHeaders, allow: 'GET, HEAD' }).end();
      return;
    }
    if (!g.originAbsentOrAllowed(request)) return send(response, 403, baseHeaders);

    if (path.startsWith('/download/')) {
      const file = downloads.redeem(path.slice('/download/'.length));
      const stats = file ? statSync(file, { throwIfNoEntry: false }) : undefined;
      if (!file || !stats?.isFile()) {
        response.writeHead(404, { ...baseHeaders, 'content-type': 'text/plain; charset=utf-8' }).end('This download link has expired. Export again.');
        return;
      }
      const name = basename(file);
      response.writeHead(200, {
        ...baseHeaders,
        'content-type': name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/octet-stream',
        'content-length': String(stats.size),
        'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._ ()-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'cache-control': 'no-store',
      });
      if (method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
      return;
    }
    serveStatic(options.staticDir, path, response, baseHeaders, method === 'HEAD');
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const g = guards!;
    if ((request.url ?? '') !== '/events' || !g.hostAllowed(request) || !g.originAllowed(request)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attach(ws));
  });

  // Browsers cannot put headers on a WebSocket, so the token is the first message; nothing is sent before it.
  function attach(ws: WebSocket): void {
    let unsubscribe: (() => void) | null = null;
    const timer = setTimeout(() => ws.close(4401, 'authentication required'), authTimeoutMs);
    ws.on('message', (data) => {
      if (unsubscribe) return;
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        message = null;
      }
      const candidate = message && typeof message === 'object' && 'token' in message ? (message as { token: unknown }).token : undefined;
      if (!guards!.tokenMatches(typeof candidate === 'string' ? candidate : undefined)) {
        ws.close(4401, 'authentication failed');
        return;
      }
      clearTimeout(timer);
      unsubscribe = core.subscribe((name, payload) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', name, payload }));
      });
      ws.send(JSON.stringify({ type: 'ready' }));
    });
    ws.on('close', () => {
      clearTimeout(timer);
      unsubscribe?.();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  guards = new RequestGuards(port, token);
  baseHeaders = {
    'content-security-policy': contentSecurityPolicy(port),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
