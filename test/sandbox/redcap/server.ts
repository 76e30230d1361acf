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
import type { FaultController } from './faults.ts';
import { RequestParams } from './params.ts';
import { handleApi, isRecordExport } from './api.ts';
import type { SandboxProject } from './api.ts';
import { handleAdmin } from './sandbox-admin.ts';
import type { RequestStats } from './sandbox-admin.ts';

export interface ServerContext {
  projects: ReadonlyMap<string, SandboxProject>;
  faults: FaultController;
  stats: RequestStats;
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

const TOO_LARGE_PAGE = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>413 Request Entity Too Large</title>
</head><body>
<h1>Request Entity Too Large</h1>
<p>The requested resource does not allow request data with POST requests, or the amount of data provided in the request exceeds the capacity limit.</p>
</body></html>
`;

export function createSandboxServer(context: ServerContext): { server: Server; destroyAll(): void } {
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
  return { server, destroyAll };
}

async function route(context: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;
  if (path.startsWith('/__sandbox/')) {
    await handleAdmin(context.faults, context.stats, path, req, res);
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
  await answerApi(context, req, res, new RequestParams(parseForm(req.headers['content-type'], body).entries));
}

async function answerApi(context: ServerContext, req: IncomingMessage, res: ServerResponse, params: RequestParams): Promise<void> {
  const content = params.get('content') ?? '';
  context.stats.count(content === '' ? '(none)' : content);
  const plan = context.faults.plan(content, isRecordExport(params));
  if (plan.latencyMs > 0) await delay(plan.latencyMs);
  const failure = plan.failure;
  if (failure?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  // A hung request is answered by nobody; the socket closes when the client gives up or the sandbox closes.
  if (failure?.kind === 'hang') return;
  if (failure !== undefined) {
    await send(res, faultResult(failure, errorFormatOf(params)));
    return;
  }
  const result = handleApi(context.projects, params, { dropRecords: plan.dropRecords });
  if (plan.truncate && result.status === 200) {
    const whole = typeof result.body === 'string' ? result.body : [...result.body].join('');
    await send(res, { ...result, body: truncatedBody(whole) });
    return;
  }
  await send(res, result);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Writes a result; chunked bodies are streamed with backpressure. */
async function send(res: ServerResponse, result: ApiResult): Promise<void> {
  res.statusCode = result.status;
  res.setHeader('Content-Type', result.contentType);
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
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
