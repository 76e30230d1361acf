// The HTTP side: one REDCap endpoint at /api/, the sandbox's own controls under /__sandbox/,
// and a web server's 404 everywhere else.

import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { BodyTooLargeError, parseForm, readBody } from './body.ts';
import { CONTENT_TYPES } from './encoding.ts';
import type { ApiResult } from './encoding.ts';
import { NO_METHOD_RESULT, errorFormatOf } from './errors.ts';
import { faultResult, truncatedBody } from './fault-responses.ts';
import type { Fault, FaultController } from './faults.ts';
import type { UploadedFile } from './multipart.ts';
import { RequestParams } from './params.ts';
import { handleApi, isRecordExport } from './api.ts';
import type { ApiContext } from './api.ts';
import type { SandboxClock } from './clock.ts';
import { handleAdmin } from './sandbox-admin.ts';
import { RestartableListener } from '../listener-restart.ts';
import type { RequestStats } from './sandbox-admin.ts';

export interface ServerContext {
  api: ApiContext;
  faults: FaultController;
  stats: RequestStats;
  clock: SandboxClock;
  maxBodyBytes: number;
}

const NOT_FOUND_PAGE = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
`;

// Where survey links lead: enough of a page for a browser or a link checker.
const SURVEY_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>REDCap survey</title></head>
<body><h1>Survey</h1><p>This survey is served by the Carrel REDCap sandbox; it cannot be filled in here.</p></body>
</html>
`;

const TOO_LARGE_PAGE = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>413 Request Entity Too Large</title>
</head><body>
<h1>Request Entity Too Large</h1>
<p>The requested resource does not allow request data with POST requests, or the amount of data provided in the request exceeds the capacity limit.</p>
</body></html>
`;

export function createSandboxServer(context: ServerContext): { server: Server; destroyAll(): void; close(): Promise<void> } {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    route(context, req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        send(res, { status: 500, contentType: CONTENT_TYPES.text, body: `sandbox failure: ${String(error)}` });
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Hung requests and keep-alive connections must not keep close() waiting.
  const destroyAll = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  const listener = new RestartableListener(server, destroyAll);
  context.faults.onRestart = (downMs) => listener.restart(downMs);
  return { server, destroyAll, close: () => listener.close() };
}

async function route(context: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;
  if (path.startsWith('/__sandbox/')) {
    await handleAdmin(context, path, req, res);
    return;
  }
  if (path === '/surveys/' && req.method === 'GET') {
    req.resume();
    await send(res, { status: 200, contentType: CONTENT_TYPES.html, body: SURVEY_PAGE });
    return;
  }
  if (path !== '/api/') {
    req.resume();
    await send(res, { status: 404, contentType: CONTENT_TYPES.html, body: NOT_FOUND_PAGE });
    return;
  }
  if (req.method !== 'POST') {
    req.resume();
    await send(res, NO_METHOD_RESULT);
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, context.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    req.resume();
    res.setHeader('Connection', 'close');
    await send(res, { status: 413, contentType: CONTENT_TYPES.html, body: TOO_LARGE_PAGE });
    return;
  }
  const form = parseForm(req.headers['content-type'], body);
  await answerApi(context, req, res, new RequestParams(form.entries), form.files);
}

async function answerApi(context: ServerContext, req: IncomingMessage, res: ServerResponse, params: RequestParams, uploads: UploadedFile[]): Promise<void> {
  const content = params.get('content') ?? '';
  context.stats.count(content === '' ? '(none)' : content);
  const action = params.choice('action') ?? (params.get('data') === undefined ? 'export' : 'import');
  const plan = context.faults.plan(content, isRecordExport(params), action);
  if (plan.latencyMs > 0) await delay(plan.latencyMs);
  const failure = plan.failure;
  if (failure?.kind === 'reset' && failure.afterBytes === undefined) {
    req.socket.destroy();
    return;
  }
  // A hung request is answered by nobody; the socket closes when the client gives up or the sandbox closes.
  if (failure?.kind === 'hang') return;
  if (failure?.kind === 'restart') {
    context.faults.onRestart?.(failure.downMs);
    return;
  }
  if (failure !== undefined && failure.kind !== 'reset') {
    await send(res, faultResult(failure, errorFormatOf(params)));
    return;
  }
  const result = handleApi(context.api, params, uploads, { dropRecords: plan.dropRecords });
  if (failure !== undefined) {
    await cutMidStream(res, result, failure);
    return;
  }
  if (plan.truncate && result.status === 200) {
    const body = result.body;
    await send(res, { ...result, body: Buffer.isBuffer(body) ? body.subarray(0, Math.floor(body.length / 2)) : truncatedBody(bodyText(body)) });
    return;
  }
  await send(res, result);
}

function bodyText(body: string | Iterable<string>): string {
  return typeof body === 'string' ? body : [...body].join('');
}

function bodyBytes(body: ApiResult['body']): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : [...body].join(''), 'utf8');
}

/** Promises the whole body (Content-Length), sends the first `afterBytes` of it and drops the connection. */
async function cutMidStream(res: ServerResponse, result: ApiResult, fault: Fault): Promise<void> {
  const whole = bodyBytes(result.body);
  const cut = Math.min(fault.afterBytes ?? 0, Math.max(0, whole.length - 1));
  res.writeHead(result.status, { 'Content-Type': result.contentType, 'Content-Length': whole.length, ...result.headers });
  await new Promise<void>((resolve) => res.write(whole.subarray(0, cut), () => resolve()));
  // Let the bytes leave before the reset, so the client really sees a partial body.
  await delay(20);
  res.socket?.destroy();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Writes a result; chunked bodies are streamed with backpressure. */
async function send(res: ServerResponse, result: ApiResult): Promise<void> {
  res.statusCode = result.status;
  res.setHeader('Content-Type', result.contentType);
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  if (Buffer.isBuffer(result.body)) {
    res.setHeader('Content-Length', result.body.length);
    res.end(result.body);
    return;
  }
  // Most answers fit in one chunk: send those with a Content-Length, stream the rest.
  const chunks = typeof result.body === 'string' ? [result.body][Symbol.iterator]() : result.body[Symbol.iterator]();
  const first = chunks.next();
  const second = first.done === true ? first : chunks.next();
  if (second.done === true) {
    const body = first.done === true ? '' : first.value;
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  for (const chunk of prepend([first.value, second.value], chunks)) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await drained(res);
  }
  res.end();
}

function* prepend(head: readonly string[], rest: Iterator<string>): Generator<string> {
  yield* head;
  for (let next = rest.next(); next.done !== true; next = rest.next()) yield next.value;
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
