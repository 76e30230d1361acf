import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import { backoffDelay, parseRetryAfter } from './backoff.ts';
import { classifyNetworkError } from './network-errors.ts';

/**
 * Requests whose bodies are too big to hold in memory: a request body produced as a stream (a 200 MB
 * upload read from disk) and/or a response body handed back unread (a CSV export written to disk).
 * Timeouts here are idle timeouts — no byte moved for `idleTimeoutMs` — because a large transfer can take
 * far longer than any fixed deadline while still making progress.
 */
export interface HttpStreamRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** A fresh body for each attempt (a stream cannot be sent twice), or a small fixed body. */
  body?: string | (() => ReadableStream<Uint8Array>);
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** Safe to send twice. Only these are retried, and only before the response body is handed over. */
  idempotent: boolean;
  maxAttempts?: number;
  redirect?: 'follow' | 'manual';
}

export interface HttpStreamResponse {
  status: number;
  headers: Headers;
  url: string;
  /** The body, unread. Reading it keeps the idle timeout alive; a stall errors it with a TIMEOUT AppError. */
  body: ReadableStream<Uint8Array>;
  /** Reads a small body whole (error bodies, JSON envelopes), at most `limit` bytes. */
  text(limit?: number): Promise<string>;
  /** Releases the connection when the body is not wanted. */
  discard(): Promise<void>;
}

export interface HttpStreamDeps {
  fetchImpl: (url: string, init: RequestInit) => Promise<Response>;
  defaultTimeoutMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  random: () => number;
  pause: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  onAttempt?: ((outcome: { url: string; reachable: boolean }) => void) | undefined;
}

const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

function timeoutError(url: string, idleMs: number): AppError {
  return new AppError('TIMEOUT', `${hostOf(url)} stopped sending or receiving data for ${Math.round(idleMs / 1000)} s. The server may be busy or the network down; try again.`, { retryable: true });
}

function causeMessages(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    parts.push(current.message);
    current = current.cause;
  }
  return parts.join(' | ');
}

export async function openHttpStream(deps: HttpStreamDeps, request: HttpStreamRequest): Promise<HttpStreamResponse> {
  const maxAttempts = request.idempotent ? (request.maxAttempts ?? deps.maxAttempts) : 1;
  // A 429 refuses a request before the server acts on it: even an upload may wait and go again (a fresh body).
  const refusedAttempts = request.maxAttempts ?? deps.maxAttempts;
  for (let attempt = 1; ; attempt++) {
    let response: HttpStreamResponse;
    try {
      response = await openOnce(deps, request);
    } catch (error) {
      const appError = isAppError(error) ? error : classifyNetworkError(error, request.url);
      if (appError.code === 'CANCELLED' || !appError.retryable || attempt >= maxAttempts) throw appError;
      await deps.pause(backoffDelay(attempt, deps.baseDelayMs, deps.maxDelayMs, deps.random), request.signal);
      continue;
    }
    if (retryableStatuses.has(response.status) && attempt < (response.status === 429 ? refusedAttempts : maxAttempts)) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfter === null || retryAfter <= deps.maxRetryAfterMs) {
        await response.discard();
        await deps.pause(retryAfter ?? backoffDelay(attempt, deps.baseDelayMs, deps.maxDelayMs, deps.random), request.signal);
        continue;
      }
    }
    return response;
  }
}

async function openOnce(deps: HttpStreamDeps, request: HttpStreamRequest): Promise<HttpStreamResponse> {
  if (request.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled.');
  const idleMs = request.idleTimeoutMs ?? deps.defaultTimeoutMs;
  const idle = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(new Error('idle timeout')), idleMs);
  };
  const stop = (): void => clearTimeout(timer);
  const signal = request.signal ? AbortSignal.any([request.signal, idle.signal]) : idle.signal;
  const translate = (error: unknown): AppError => {
    if (isAppError(error)) return error;
    if (request.signal?.aborted) return new AppError('CANCELLED', 'Cancelled.');
    if (idle.signal.aborted) return timeoutError(request.url, idleMs);
    if (streamed && /redirect/i.test(causeMessages(error))) {
      return new AppError('NOT_SERVICE', `${hostOf(request.url)} redirected the upload to another address. Carrel does not resend uploads elsewhere, so nothing was sent. Check the server address in the connection settings.`, { details: { redirected: true } });
    }
    return classifyNetworkError(error, request.url);
  };

  const streamed = typeof request.body === 'function';
  // A streamed body is sent with redirect 'error': for any other mode the fetch standard clones the
  // request, which tees the body, and Node's fetch then keeps every chunk of the unread branch in memory
  // (nodejs/undici#4058) — a 200 MB upload would cost 200 MB. A redirected upload is refused either way.
  const init: RequestInit & { duplex?: 'half' } = { method: request.method ?? 'GET', signal, redirect: streamed ? 'error' : (request.redirect ?? 'follow') };
  if (request.headers) init.headers = request.headers;
  if (typeof request.body === 'string') init.body = request.body;
  else if (request.body) {
    // Every chunk fetch pulls from the upload counts as activity, so a slow but moving upload never times out.
    const source = request.body();
    const reader = source.getReader();
    init.body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        touch();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    // Node's fetch and Electron's net.fetch both require this for a streamed request body.
    init.duplex = 'half';
  }

  touch();
  let res: Response;
  try {
    res = await deps.fetchImpl(request.url, init);
  } catch (error) {
    stop();
    deps.onAttempt?.({ url: request.url, reachable: false });
    throw translate(error);
  }
  deps.onAttempt?.({ url: request.url, reachable: true });
  touch();

  const raw = res.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  const rawReader = raw.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await rawReader.read();
        if (done) {
          stop();
          controller.close();
          return;
        }
        touch();
        controller.enqueue(value);
      } catch (error) {
        stop();
        controller.error(translate(error));
      }
    },
    cancel(reason) {
      stop();
      return rawReader.cancel(reason);
    },
  });

  return {
    status: res.status,
    headers: res.headers,
    url: res.url || request.url,
    body,
    async text(limit = 1_048_576) {
      const reader = body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          size += value.byteLength;
          if (size > limit) {
            await reader.cancel();
            break;
          }
        }
      } finally {
        reader.releaseLock();
      }
      return new TextDecoder('utf-8').decode(Buffer.concat(chunks).subarray(0, limit));
    },
    async discard() {
      stop();
      await body.cancel().catch(() => undefined);
    },
  };
}
