import type { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import type { HttpStreamResponse } from '../../http/http-stream.ts';
import { brimEndpoint } from './address.ts';
import { streamedMultipart, type MultipartFile } from './multipart.ts';
import { brimError, parseBrimJson, type BrimRequestContext } from './responses.ts';
import type { BrimCapability } from './types.ts';

export interface BrimApiOptions {
  /** The server base from `normalizeBrimUrl`, ending in `/`. */
  baseUrl: string;
  token: string;
  /** Per-request timeout for small calls; streamed transfers use it as an idle timeout. */
  timeoutMs?: number;
}

export interface BrimCall {
  /** Under `api/v1/`: `task_status`. */
  path: string;
  what: string;
  projectId: number | null;
  capability?: BrimCapability | null;
  signal?: AbortSignal | undefined;
}

export interface JsonCall extends BrimCall {
  method: 'GET' | 'POST';
  body?: unknown;
  /** Safe to send twice (reads, polls, idempotent-by-name creates). Only these are retried. */
  idempotent: boolean;
}

/** Progress is reported at most this often (and once at the end), so a fast upload does not flood the job bus. */
const progressIntervalMs = 100;

/**
 * Brim's REST API for one server and token. This is the one place requests are sent: the token goes in
 * `Authorization: Bearer` (never in a URL, never in a message), redirects are reported rather than followed
 * (a followed 301 would turn an upload into a GET), every answer is checked and JSON is parsed with zod.
 */
export class BrimApi {
  readonly baseUrl: string;
  private readonly http: HttpClient;
  private readonly token: string;
  private readonly timeoutMs: number | undefined;

  constructor(http: HttpClient, options: BrimApiOptions) {
    if (!options.baseUrl.endsWith('/')) throw new AppError('INTERNAL', 'The Brim base URL must be normalised (end in "/").');
    if (!options.token || /\s/.test(options.token)) {
      throw new AppError('AUTH_FAILED', 'The Brim API token is empty or contains spaces. Paste the token again, exactly as Brim shows it.', { details: { reason: 'token_rejected' } });
    }
    this.http = http;
    this.baseUrl = options.baseUrl;
    this.token = options.token;
    this.timeoutMs = options.timeoutMs;
  }

  context(call: BrimCall, write: boolean): BrimRequestContext {
    return { baseUrl: this.baseUrl, what: call.what, projectId: call.projectId, capability: call.capability ?? null, write, secret: this.token };
  }

  /** A JSON request answered with JSON, parsed against `schema`. */
  async json<T extends z.ZodType>(call: JsonCall, schema: T): Promise<z.output<T>> {
    const context = this.context(call, !call.idempotent);
    let parsed: z.output<T> | undefined;
    await this.http.request({
      url: brimEndpoint(this.baseUrl, call.path),
      method: call.method,
      headers: { ...this.headers(), ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      idempotent: call.idempotent,
      redirect: 'manual',
      ...(this.timeoutMs !== undefined ? { timeoutMs: this.timeoutMs } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
      check: (response) => {
        const error = brimError(response.status, response.headers, response.text(), context);
        if (error) throw error;
        parsed = parseBrimJson(response.text(), response.body.length, schema, context);
      },
    });
    return parsed as z.output<T>;
  }

  /**
   * A multipart upload streamed from disk with byte progress. Never retried: Brim would create the
   * notes twice. The answer is parsed against `schema`.
   */
  async upload<T extends z.ZodType>(
    call: BrimCall & { fields: ReadonlyArray<readonly [string, string]>; file: MultipartFile; onProgress?: ((sent: number, total: number) => void) | undefined },
    schema: T,
  ): Promise<{ data: z.output<T>; bytesSent: number }> {
    const body = await streamedMultipart(call.fields, call.file);
    let sent = 0;
    let reportedAt = 0;
    let reported = -1;
    let trailing: ReturnType<typeof setTimeout> | undefined;
    // Throttled with a trailing edge: bytes that moved are always reported within `progressIntervalMs`.
    const report = (force: boolean): void => {
      if (!call.onProgress || sent === reported) return;
      const wait = progressIntervalMs - (Date.now() - reportedAt);
      if (!force && wait > 0) {
        trailing ??= setTimeout(() => {
          trailing = undefined;
          report(true);
        }, wait);
        return;
      }
      clearTimeout(trailing);
      trailing = undefined;
      reportedAt = Date.now();
      reported = sent;
      call.onProgress(sent, body.contentLength);
    };
    call.onProgress?.(0, body.contentLength);
    reportedAt = Date.now();
    reported = 0;
    let response: HttpStreamResponse;
    try {
      response = await this.open(call, {
        method: 'POST',
        headers: { 'content-type': body.contentType, 'content-length': String(body.contentLength) },
        body: () =>
          body.open((n) => {
            sent = n;
            report(n === body.contentLength);
          }),
        idempotent: false,
      });
    } finally {
      clearTimeout(trailing);
    }
    report(true);
    const context = this.context(call, true);
    const text = await response.text();
    const error = brimError(response.status, response.headers, text, context);
    if (error) throw error;
    return { data: parseBrimJson(text, text.length, schema, context), bytesSent: sent };
  }

  /**
   * A POST whose answer may be large (a CSV export): the response comes back unread once its status
   * is known to be good. Error answers are read (capped) and thrown as AppErrors.
   */
  async stream(call: BrimCall & { body: unknown; idempotent: boolean }): Promise<HttpStreamResponse> {
    const response = await this.open(call, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(call.body),
      idempotent: call.idempotent,
    });
    if (response.status >= 200 && response.status < 300 && !(response.headers.get('content-type') ?? '').includes('text/html')) return response;
    const text = await response.text(64 * 1024);
    const error = brimError(response.status, response.headers, text, this.context(call, !call.idempotent));
    if (error) throw error;
    // A 2xx that only looked like HTML by its content type: hand back what was read.
    throw new AppError('NOT_SERVICE', `Brim answered ${call.what} with a web page instead of data. Check the API address.`, { details: { status: response.status } });
  }

  private headers(): Record<string, string> {
    return { accept: 'application/json, text/csv;q=0.9', authorization: `Bearer ${this.token}` };
  }

  private open(
    call: BrimCall,
    request: { method: 'POST'; headers: Record<string, string>; body: string | (() => ReadableStream<Uint8Array>); idempotent: boolean },
  ): Promise<HttpStreamResponse> {
    return this.http.openStream({
      url: brimEndpoint(this.baseUrl, call.path),
      method: request.method,
      headers: { ...this.headers(), ...request.headers },
      body: request.body,
      idempotent: request.idempotent,
      redirect: 'manual',
      ...(this.timeoutMs !== undefined ? { idleTimeoutMs: this.timeoutMs } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
    });
  }
}
