import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.ts';
import { HttpClient } from '../../../main/services/http/http-client.ts';
import { backoffDelay, parseRetryAfter } from '../../../main/services/http/backoff.ts';
import { startTestServer, type TestServer } from '../../helpers/http-server.ts';

const noWait = async (): Promise<void> => undefined;
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function client(options: ConstructorParameters<typeof HttpClient>[1] = {}): HttpClient {
  return new HttpClient((url, init) => fetch(url, init), { wait: noWait, ...options });
}

describe('HttpClient', () => {
  it('retries a safe request through 503 and 429 and returns the eventual answer', async () => {
    server = await startTestServer((_req, res, i) => {
      if (i === 0) res.writeHead(503).end('busy');
      else if (i === 1) res.writeHead(429, { 'retry-after': '0' }).end('slow down');
      else res.writeHead(200).end('ok');
    });
    const response = await client().request({ url: server.url, method: 'POST', idempotent: true });
    expect(response.status).toBe(200);
    expect(response.text()).toBe('ok');
    expect(server.requests).toBe(3);
  });

  it('never retries a request that is not safe to repeat', async () => {
    server = await startTestServer((_req, res) => res.writeHead(503).end('busy'));
    const response = await client().request({ url: server.url, method: 'POST', idempotent: false });
    expect(response.status).toBe(503);
    expect(server.requests).toBe(1);
  });

  it('waits as long as Retry-After says, and gives up waiting past the cap', async () => {
    const waits: number[] = [];
    server = await startTestServer((_req, res, i) => (i === 0 ? res.writeHead(429, { 'retry-after': '7' }).end() : res.writeHead(200).end('ok')));
    await client({ wait: async (ms) => void waits.push(ms) }).request({ url: server.url, idempotent: true });
    expect(waits).toEqual([7000]);

    await server.close();
    server = await startTestServer((_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end());
    const response = await client({ maxRetryAfterMs: 60_000 }).request({ url: server.url, idempotent: true });
    expect(response.status).toBe(429);
    expect(server.requests).toBe(1);
  });

  it('turns a stalled answer into a retryable TIMEOUT that names the host, not the token', async () => {
    server = await startTestServer(() => undefined);
    const error = await client({ maxAttempts: 2 })
      .request({ url: `${server.url}?token=ABCDEF0123456789ABCDEF0123456789`, idempotent: true, timeoutMs: 150 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('TIMEOUT');
    expect((error as AppError).retryable).toBe(true);
    expect((error as AppError).message).toContain('127.0.0.1');
    expect((error as AppError).message).not.toContain('ABCDEF0123456789');
    expect(server.requests).toBe(2);
  });

  it('reports a refused connection as UNREACHABLE with advice', async () => {
    server = await startTestServer((_req, res) => res.end());
    const url = server.url;
    await server.close();
    server = null;
    const error = (await client({ maxAttempts: 1 }).request({ url, idempotent: true }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toMatch(/refused/);
  });

  it('retries a connection reset on a safe request', async () => {
    server = await startTestServer((req, res, i) => (i === 0 ? req.socket.destroy() : res.writeHead(200).end('ok')));
    const response = await client().request({ url: server.url, idempotent: true });
    expect(response.text()).toBe('ok');
    expect(server.requests).toBe(2);
  });

  it('stops at once when the caller cancels, even while waiting to retry', async () => {
    server = await startTestServer((_req, res) => res.writeHead(503).end());
    const controller = new AbortController();
    const pending = new HttpClient((url, init) => fetch(url, init), { baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.99 }).request({
      url: server.url,
      idempotent: true,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const error = (await pending.catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('CANCELLED');
  });

  it('retries when the response check says the body is bad but retryable', async () => {
    server = await startTestServer((_req, res, i) => res.writeHead(200).end(i === 0 ? '<html>oops</html>' : '[1]'));
    const response = await client().request({
      url: server.url,
      idempotent: true,
      check: (r) => {
        if (r.text().startsWith('<')) throw new AppError('BAD_RESPONSE', 'html', { retryable: true });
      },
    });
    expect(response.text()).toBe('[1]');
  });

  it('hands redirects back when asked to', async () => {
    server = await startTestServer((_req, res) => res.writeHead(301, { location: 'https://elsewhere.example/api/' }).end());
    const response = await client().request({ url: server.url, method: 'POST', idempotent: true, redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('https://elsewhere.example/api/');
  });
});

describe('backoff', () => {
  it('draws a full-jitter delay below an exponentially growing ceiling', () => {
    expect(backoffDelay(1, 500, 10_000, () => 0.999)).toBe(499);
    expect(backoffDelay(3, 500, 10_000, () => 0.999)).toBe(1998);
    expect(backoffDelay(10, 500, 10_000, () => 0.999)).toBe(9990);
    expect(backoffDelay(2, 500, 10_000, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('12')).toBe(12_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
