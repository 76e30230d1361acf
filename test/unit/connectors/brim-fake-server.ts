import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { AppError } from '../../../shared/contract/errors.ts';
import { HttpClient } from '../../../main/services/http/http-client.ts';
import { BrimClient, type BrimClientOptions } from '../../../main/services/connectors/brim/client.ts';

/**
 * A tiny HTTP server for the Brim client's tests: each test answers requests itself. It is a real socket
 * (not a fake fetch), so streamed request bodies, Content-Length and streamed downloads go through Node's
 * fetch exactly as in the app.
 */
export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The body (bodies over `keepBodyLimit` are only counted). */
  body: Buffer;
  bytes: number;
  json: unknown;
}

export type Handler = (request: Seen, res: ServerResponse) => void | Promise<void>;

export const secretToken = 'brim_SECRET_token_0123456789abcdef';

export interface FakeBrim {
  url: string;
  requests: Seen[];
  /** Delays the HTTP client was asked to wait (retries, Retry-After). */
  waits: number[];
  client(options?: Partial<BrimClientOptions>): BrimClient;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeBrim(handler: Handler, options: { keepBodyLimit?: number; readDelayMs?: number } = {}): Promise<FakeBrim> {
  const requests: Seen[] = [];
  const keepLimit = options.keepBodyLimit ?? 4 * 1024 * 1024;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= keepLimit) chunks.push(chunk);
      if (options.readDelayMs) {
        // A slow network: the client can send only as fast as this side reads.
        req.pause();
        setTimeout(() => req.resume(), options.readDelayMs);
      }
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        json = undefined;
      }
      const seen: Seen = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, bytes, json };
      requests.push(seen);
      Promise.resolve(handler(seen, res)).catch((error: unknown) => {
        res.writeHead(599);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const waits: number[] = [];
  const http = new HttpClient((u, init) => fetch(u, init), {
    wait: async (ms) => {
      waits.push(ms);
    },
  });
  return {
    url,
    requests,
    waits,
    client: (overrides = {}) => new BrimClient(http, { baseUrl: url, token: secretToken, projectId: 7, ...overrides }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Parses a multipart body into its parts (small bodies only; for tests). */
export function multipartParts(seen: Seen): Map<string, { fileName: string | null; contentType: string | null; data: Buffer }> {
  const type = String(seen.headers['content-type'] ?? '');
  const boundary = /boundary=(.+)$/.exec(type)?.[1];
  const parts = new Map<string, { fileName: string | null; contentType: string | null; data: Buffer }>();
  if (!boundary) return parts;
  const text = seen.body.toString('latin1');
  for (const raw of text.split(`--${boundary}`).slice(1)) {
    if (raw.startsWith('--')) break;
    const headerEnd = raw.indexOf('\r\n\r\n');
    const head = raw.slice(2, headerEnd);
    const data = Buffer.from(raw.slice(headerEnd + 4, raw.length - 2), 'latin1');
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    parts.set(name, { fileName: /filename="([^"]*)"/.exec(head)?.[1] ?? null, contentType: /content-type:\s*(.+)/i.exec(head)?.[1]?.trim() ?? null, data });
  }
  return parts;
}

/**
 * A fake Brim per test, and a temporary folder for downloads: both are closed and removed after each test.
 * Call at the top of a test file; `serve` starts the server for the current test.
 */
export function useFakeBrim(): { serve(handler: Handler, options?: { keepBodyLimit?: number; readDelayMs?: number }): Promise<FakeBrim>; readonly dir: string } {
  let fake: FakeBrim | null = null;
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'carrel-brim-'));
  });
  afterEach(async () => {
    await fake?.close();
    fake = null;
    await rm(dir, { recursive: true, force: true });
  });
  return {
    async serve(handler, options = {}) {
      fake = await startFakeBrim(handler, options);
      return fake;
    },
    get dir() {
      return dir;
    },
  };
}

/** The AppError a promise rejects with (the test fails if it resolves or throws something else). */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
