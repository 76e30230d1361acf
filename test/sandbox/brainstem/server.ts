// The HTTP side: the API under /api/, the device-approval page at /account/authorize/, the
// sandbox's controls under /__sandbox/, and Django's 404 page everywhere else.

import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleApi } from './api.ts';
import type { ApiContext } from './api.ts';
import { authorizeGet, authorizePost } from './authorize-page.ts';
import type { AuthorizePageContext } from './authorize-page.ts';
import { LOGIN_PAGE, gatewayPage } from './faults.ts';
import type { Fault, FaultController } from './faults.ts';
import { DJANGO_NOT_FOUND_PAGE, SERVER_ERROR_PAGE, browsablePage } from './responses.ts';
import type { ApiResult } from './responses.ts';
import { handleAdmin } from './sandbox-admin.ts';
import type { AdminContext, RequestStats } from './sandbox-admin.ts';
import { RestartableListener } from '../listener-restart.ts';

export interface ServerContext {
  api: ApiContext;
  page: AuthorizePageContext;
  admin: AdminContext;
  faults: FaultController;
  stats: RequestStats;
  maxBodyBytes: number;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

class BadJson extends Error {}

/** JSON, a urlencoded form (as an object), or {} for an empty body. */
function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadJson(error instanceof Error ? error.message : String(error));
  }
}

function write(res: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length, ...headers });
  res.end(bytes);
}

function sendResult(res: ServerResponse, result: ApiResult, browsable: string | undefined): void {
  const headers = { Vary: 'Accept', ...result.headers };
  if (result.html !== undefined) return write(res, result.status, 'text/html; charset=utf-8', result.html, headers);
  if (browsable !== undefined) return write(res, result.status, 'text/html; charset=utf-8', browsablePage(browsable, result), headers);
  if (result.json === undefined) {
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  write(res, result.status, 'application/json', JSON.stringify(result.json), headers);
}

function faultAnswer(res: ServerResponse, fault: Fault): void {
  const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
  if (fault.kind === 'html200') return write(res, 200, 'text/html; charset=utf-8', LOGIN_PAGE, headers);
  const status = fault.status ?? 500;
  write(res, status, 'text/html; charset=utf-8', gatewayPage(status) ?? SERVER_ERROR_PAGE, headers);
}

export function createSandboxServer(context: ServerContext): { server: Server; destroyAll(): void; close(): Promise<void> } {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(context, req, res).catch((error: unknown) => {
      // A sandbox bug looks like Django's production 500 page; the cause goes to stderr for the developer.
      process.stderr.write(`brainstem sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!res.headersSent) write(res, 500, 'text/html; charset=utf-8', SERVER_ERROR_PAGE);
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const destroyAll = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  const listener = new RestartableListener(server, destroyAll);
  context.faults.onRestart = (downMs) => listener.restart(downMs);
  return { server, destroyAll, close: () => listener.close() };
}

async function handle(context: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', context.api.origin);
  const method = (req.method ?? 'GET').toUpperCase();
  let raw: Buffer;
  try {
    raw = await readBody(req, context.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    res.setHeader('Connection', 'close');
    return write(res, 413, 'text/html; charset=utf-8', '<h1>Request Entity Too Large</h1>');
  }
  const path = url.pathname;
  if (path.startsWith('/__sandbox/')) {
    let body: unknown;
    try {
      body = parseBody('application/json', raw);
    } catch {
      return write(res, 400, 'application/json', JSON.stringify({ error: 'the body is not JSON' }));
    }
    return handleAdmin(context.admin, method, path, body, res);
  }
  if (path === '/account/authorize/' || path === '/account/authorize') {
    const page = method === 'POST' ? authorizePost(context.page, new URLSearchParams(raw.toString('utf8'))) : authorizeGet(context.page, url.searchParams);
    return write(res, page.status, 'text/html; charset=utf-8', page.html);
  }
  if (path !== '/api' && !path.startsWith('/api/')) return write(res, 404, 'text/html; charset=utf-8', DJANGO_NOT_FOUND_PAGE);
  context.stats.count(`${method} ${path.split('/').filter((part) => part !== '').slice(1, 4).join('/')}`);
  const plan = context.faults.plan(method, path);
  if (plan.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.latencyMs));
  const fault = plan.failure;
  if (fault?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'hang') return;
  if (fault?.kind === 'restart') return context.faults.onRestart?.(fault.downMs);
  if (fault !== undefined && fault.kind !== 'truncate') return faultAnswer(res, fault);
  let body: unknown;
  try {
    body = parseBody(req.headers['content-type'], raw);
  } catch (error) {
    return sendResult(res, { status: 400, json: { detail: `JSON parse error - ${error instanceof Error ? error.message : String(error)}` } }, undefined);
  }
  const result = handleApi(context.api, { method, url, authorization: req.headers.authorization, body });
  if (fault?.kind === 'truncate' && result.json !== undefined) {
    const whole = JSON.stringify(result.json);
    return write(res, result.status, 'application/json', whole.slice(0, Math.floor(whole.length / 2)), { Vary: 'Accept', ...result.headers });
  }
  const browsable = url.searchParams.get('format') === 'api' ? path : undefined;
  sendResult(res, result, browsable);
}
