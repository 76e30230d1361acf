// The HTTP side: the API under /api/v1/ (trailing slashes required: a path without one is Django's
// 404, reference I-1.1), the sandbox's controls under /__sandbox/, faults on /api/ requests, and
// answers streamed out (CSV exports) or in (uploads) with backpressure.

import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultController } from '../brainstem/faults.ts';
import { gatewayPage } from '../brainstem/faults.ts';
import { authenticate, isResult } from './access.ts';
import { JSON_ENDPOINTS } from './api.ts';
import type { BrimCapability, BrimContext } from './context.ts';
import type { BrimSandboxControls } from './controls.ts';
import { MultipartError, boundaryOf, readMultipart } from './multipart-stream.ts';
import { LOGIN_PAGE, METHOD_NOT_ALLOWED, NOT_FOUND, SERVER_ERROR_PAGE, csvLine, detail } from './responses.ts';
import type { ApiResult } from './responses.ts';
import { handleAdmin } from './sandbox-admin.ts';
import { settleAll } from './tasks.ts';
import { handleNoteUpload, handleUpload } from './uploads.ts';
import { RestartableListener } from '../listener-restart.ts';

export interface ServerContext {
  brim: BrimContext;
  controls: BrimSandboxControls;
  faults: FaultController;
  stats: Map<string, number>;
  origin: string;
}

const JSON_LIMIT = 16 * 1024 * 1024;

/** Each route with its methods, and the capability it belongs to when the reference only infers it. */
const ROUTES: Record<string, { methods: string[]; capability?: BrimCapability; getCapability?: BrimCapability }> = {
  'upload/csv/': { methods: ['POST'] },
  'upload/structured-data/': { methods: ['POST'] },
  'upload/resource/': { methods: ['POST'], capability: 'resourceUpload' },
  'upload/note/': { methods: ['POST'], capability: 'singleNote' },
  // Creating is confirmed; listing (GET) is inferred.
  'projects/': { methods: ['GET', 'POST'], getCapability: 'projectList' },
  'task_status/': { methods: ['POST'] },
  'results/': { methods: ['POST'] },
  'users/invite/': { methods: ['POST'] },
  'generate/': { methods: ['POST'], capability: 'generate' },
  'generate/task/': { methods: ['POST'], capability: 'singleNote' },
  'queue/peek/': { methods: ['POST'], capability: 'singleNote' },
  'queue/pop-and-export/': { methods: ['POST'], capability: 'singleNote' },
  'queue/errors/': { methods: ['POST'], capability: 'singleNote' },
};

class BodyTooLarge extends Error {}

async function* limited(req: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    yield chunk as Buffer;
  }
}

async function readAll(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of limited(req, limit)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function write(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length, ...headers });
  res.end(bytes);
}

async function sendResult(res: ServerResponse, result: ApiResult, truncate: boolean): Promise<void> {
  if (result.html !== undefined) return write(res, result.status, 'text/html; charset=utf-8', result.html, result.headers);
  if (result.csv !== undefined) {
    const name = result.csv.fileName;
    res.writeHead(result.status, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      ...result.headers,
    });
    let batch = '';
    let sent = 0;
    for (const row of result.csv.rows) {
      batch += csvLine(row);
      if (batch.length < 64 * 1024) continue;
      sent += batch.length;
      if (truncate && sent > 64 * 1024) return void res.destroy();
      if (!res.write(batch)) await new Promise((resolve) => res.once('drain', resolve));
      batch = '';
    }
    if (truncate) return void res.destroy();
    res.end(batch);
    return;
  }
  const text = JSON.stringify(result.json ?? null);
  write(res, result.status, 'application/json', truncate ? text.slice(0, Math.floor(text.length / 2)) : text, result.headers);
}

function parseJsonBody(contentType: string | undefined, raw: Buffer): Record<string, unknown> | ApiResult {
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return detail(400, 'The request body must be a JSON object.');
  } catch {
    return detail(400, 'The request body is not valid JSON.');
  }
}

export function createSandboxServer(context: ServerContext): { server: Server; destroyAll(): void; close(): Promise<void> } {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(context, req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) {
        res.setHeader('Connection', 'close');
        if (!res.headersSent) return write(res, 413, 'text/html; charset=utf-8', '<h1>Request Entity Too Large</h1>');
      } else process.stderr.write(`brim sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!res.headersSent) write(res, 500, 'text/html; charset=utf-8', SERVER_ERROR_PAGE);
      else res.destroy();
    });
  });
  // Big uploads over slow links must not be cut off by Node's default request timeout.
  server.requestTimeout = 0;
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
  const url = new URL(req.url ?? '/', context.origin);
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const brim = context.brim;
  if (path.startsWith('/__sandbox/')) {
    const parsed = parseJsonBody('application/json', await readAll(req, JSON_LIMIT));
    return handleAdmin(context.controls, context.faults, method, path, isResult(parsed) ? {} : parsed, res);
  }
  if (!path.startsWith('/api/')) return sendResult(res, NOT_FOUND, false);
  const route = path.startsWith('/api/v1/') ? path.slice('/api/v1/'.length) : undefined;
  context.stats.set(`${method} ${route ?? path}`, (context.stats.get(`${method} ${route ?? path}`) ?? 0) + 1);
  const plan = context.faults.plan(method, path);
  if (plan.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.latencyMs));
  const fault = plan.failure;
  if (fault?.kind === 'reset') return void req.socket.destroy();
  if (fault?.kind === 'hang') return;
  if (fault?.kind === 'restart') return context.faults.onRestart?.(fault.downMs);
  if (fault !== undefined && fault.kind !== 'truncate') {
    const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
    if (fault.kind === 'html200') return write(res, 200, 'text/html; charset=utf-8', LOGIN_PAGE, headers);
    const status = fault.status ?? 500;
    if (status === 429) return write(res, 429, 'application/json', JSON.stringify({ detail: 'Request was throttled.' }), headers);
    return write(res, status, 'text/html; charset=utf-8', gatewayPage(status) ?? SERVER_ERROR_PAGE, headers);
  }
  const truncate = fault?.kind === 'truncate';
  const spec = route === undefined ? undefined : ROUTES[route];
  const capability = method === 'GET' ? (spec?.getCapability ?? spec?.capability) : spec?.capability;
  const mode = capability === undefined ? 'on' : brim.capabilities[capability];
  if (route === undefined || spec === undefined || mode === 404) return sendResult(res, NOT_FOUND, truncate);
  if (mode === 405 || !spec.methods.includes(method)) return sendResult(res, METHOD_NOT_ALLOWED, truncate);
  const token = authenticate(brim.engine.store, req.headers.authorization);
  if (isResult(token)) return sendResult(res, token, truncate);
  settleAll(brim.engine);
  const contentType = req.headers['content-type'];
  let result: ApiResult;
  if (route === 'upload/csv/' || route === 'upload/structured-data/' || route === 'upload/resource/') {
    const kind = route === 'upload/csv/' ? 'csv' : route === 'upload/resource/' ? 'resource' : 'structured-data';
    result = await handleUpload(brim, token, kind, { contentType, body: limited(req, brim.maxUploadBytes) });
  } else {
    let body: Record<string, unknown> | ApiResult;
    const boundary = boundaryOf(contentType);
    if (boundary !== undefined) {
      try {
        body = Object.fromEntries(await readMultipart(limited(req, JSON_LIMIT), boundary, () => undefined));
      } catch (error) {
        if (!(error instanceof MultipartError)) throw error;
        body = detail(400, `The form could not be read: ${error.message}.`);
      }
    } else body = parseJsonBody(contentType, await readAll(req, JSON_LIMIT));
    if (isResult(body)) result = body;
    else if (route === 'upload/note/') result = handleNoteUpload(brim, token, body);
    else result = JSON_ENDPOINTS[`${method} ${route}`]?.(brim, token, body) ?? METHOD_NOT_ALLOWED;
  }
  await sendResult(res, result, truncate);
}
