import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import { backoffDelay, parseRetryAfter, sleep } from './backoff.ts';
import { classifyNetworkError } from './network-errors.ts';
import { openHttpStream, type HttpStreamRequest, type HttpStreamResponse } from './http-stream.ts';

/**
 * How one request should travel, beyond what the URL says. `caFiles`: PEM files whose certificates are
 * trusted for this request in addition to the default roots (a connection's own CA). Absent: the core
 * decides from the saved connections; an explicit empty list means "none" (a draft being tested).
 */
export interface FetchRoute {
  caFiles?: readonly string[];
}

/**
 * The one thing a shell must provide: Node shells' proxy- and CA-aware fetch (node-fetch.ts), or
 * Electron's `net.fetch` (system proxy, PAC, OS trust store; it ignores `route`).
 */
export type FetchLike = (url: string, init: RequestInit, route?: FetchRoute) => Promise<Response>;

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | URLSearchParams | FormData | Uint8Array;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Safe to send twice (reads; idempotent or journaled writes). Only these are retried. */
  idempotent: boolean;
  maxAttempts?: number;
  /** Follow redirects (default) or hand 3xx answers back to the caller. */
  redirect?: 'follow' | 'manual';
  /** Reject a response by throwing an AppError; a retryable one is retried like a network error. */
  check?: (response: HttpResponse) => void;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  url: string;
  body: Uint8Array;
  text(): string;
}

export interface HttpClientOptions {
  defaultTimeoutMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the answer goes back to the caller. */
  maxRetryAfterMs?: number;
  random?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told about every attempt's outcome; used for the online/offline indicator. */
  onAttempt?: (outcome: { url: string; reachable: boolean }) => void;
}

const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

export class HttpClient {
  private readonly fetchImpl: FetchLike;
  private readonly options: Required<Omit<HttpClientOptions, 'onAttempt'>> & Pick<HttpClientOptions, 'onAttempt'>;
  private readonly route: FetchRoute | undefined;

  constructor(fetchImpl: FetchLike, options: HttpClientOptions = {}, route?: FetchRoute) {
    this.fetchImpl = fetchImpl;
    this.route = route;
    this.options = {
      defaultTimeoutMs: options.defaultTimeoutMs ?? 120_000,
      maxAttempts: options.maxAttempts ?? 4,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 15_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
      random: options.random ?? Math.random,
      wait: options.wait ?? sleep,
      onAttempt: options.onAttempt,
    };
  }

  withTimeout(defaultTimeoutMs: number): HttpClient {
    return new HttpClient(this.fetchImpl, { ...this.options, defaultTimeoutMs }, this.route);
  }

  /** The same client with extra trusted CA files (a connection being tested before it is saved). */
  withCaFiles(caFiles: readonly string[]): HttpClient {
    return new HttpClient(this.fetchImpl, this.options, { ...this.route, caFiles });
  }

  /** Sends the request, retrying safe ones; answers with any HTTP status (callers read error bodies themselves). */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const maxAttempts = request.idempotent ? (request.maxAttempts ?? this.options.maxAttempts) : 1;
    // A 429 refuses a request before the server acts on it, so even an unsafe write may wait and go again.
    const refusedAttempts = request.maxAttempts ?? this.options.maxAttempts;
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await this.once(request);
      } catch (error) {
        const appError = isAppError(error) ? error : classifyNetworkError(error, request.url);
        if (appError.code === 'CANCELLED' || !appError.retryable || attempt >= maxAttempts) throw appError;
        await this.pause(backoffDelay(attempt, this.options.baseDelayMs, this.options.maxDelayMs, this.options.random), request.signal);
        continue;
      }

      if (retryableStatuses.has(response.status) && attempt < (response.status === 429 ? refusedAttempts : maxAttempts)) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter === null || retryAfter <= this.options.maxRetryAfterMs) {
          const delay = retryAfter ?? backoffDelay(attempt, this.options.baseDelayMs, this.options.maxDelayMs, this.options.random);
          await this.pause(delay, request.signal);
          continue;
        }
      }

      try {
        request.check?.(response);
      } catch (error) {
        if (isAppError(error) && error.retryable && attempt < maxAttempts) {
          await this.pause(backoffDelay(attempt, this.options.baseDelayMs, this.options.maxDelayMs, this.options.random), request.signal);
          continue;
        }
        throw error;
      }
      return response;
    }
  }

  /** A request with a streamed body and/or an unread response body (large uploads and downloads); see http-stream.ts. */
  openStream(request: HttpStreamRequest): Promise<HttpStreamResponse> {
    const fetchImpl: FetchLike = (url, init) => this.fetchImpl(url, init, this.route);
    return openHttpStream({ ...this.options, fetchImpl, pause: (ms, signal) => this.pause(ms, signal) }, request);
  }

  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.options.wait(ms, signal);
    } catch {
      throw cancelled();
    }
  }

  private async once(request: HttpRequest): Promise<HttpResponse> {
    if (request.signal?.aborted) throw cancelled();
    const timeoutMs = request.timeoutMs ?? this.options.defaultTimeoutMs;
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(new Error('timeout')), timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timer.signal]) : timer.signal;
    try {
      const init: RequestInit = {
        method: request.method ?? 'GET',
        signal,
        redirect: request.redirect ?? 'follow',
      };
      if (request.headers) init.headers = request.headers;
      if (request.body !== undefined) init.body = request.body as RequestInit['body'];
      const res = await this.fetchImpl(request.url, init, this.route);
      // Reading the body stays inside the timeout: a server that stalls mid-body is a timeout too.
      const body = new Uint8Array(await res.arrayBuffer());
      this.options.onAttempt?.({ url: request.url, reachable: true });
      let decoded: string | null = null;
      return {
        status: res.status,
        headers: res.headers,
        url: res.url || request.url,
        body,
        text: () => (decoded ??= new TextDecoder('utf-8').decode(body)),
      };
    } catch (error) {
      if (request.signal?.aborted) throw cancelled();
      // The fetch itself may already say what is wrong (an unreadable CA file): pass that on as it is.
      if (isAppError(error)) throw error;
      this.options.onAttempt?.({ url: request.url, reachable: false });
      if (timer.signal.aborted) {
        throw new AppError('TIMEOUT', `No complete answer from ${safeHost(request.url)} within ${Math.round(timeoutMs / 1000)} s. The server may be busy; try again, or raise the request timeout in Settings.`, { retryable: true });
      }
      throw classifyNetworkError(error, request.url);
    } finally {
      clearTimeout(timeout);
    }
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

export function cancelled(): AppError {
  return new AppError('CANCELLED', 'Cancelled.');
}
