import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { adminUrl, jsonArray, post, tokenOf, useSandbox } from './redcap-http.ts';
import type { Entries } from './redcap-http.ts';

const EXPORT_ALL: Entries = [['content', 'record'], ['format', 'json'], ['fields', 'record_id']];

/** A raw HTTP POST that keeps whatever bytes arrive before the connection dies. */
function rawPost(url: string, body: string): Promise<{ status: number; length: number; received: Buffer; broken: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
      const chunks: Buffer[] = [];
      const done = (broken: boolean): void =>
        resolve({ status: res.statusCode ?? 0, length: Number(res.headers['content-length']), received: Buffer.concat(chunks), broken });
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(false));
      res.on('aborted', () => done(true));
      res.on('error', () => done(true));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function addOverHttp(url: string, spec: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spec) });
}

describe('REDCap sandbox: fault injection', () => {
  const sandbox = useSandbox({ records: 40 });

  it('adds latency before an otherwise normal answer', async () => {
    sandbox().faults.add({ kind: 'latency', latencyMs: 300 });
    const started = Date.now();
    const slow = await post(sandbox(), [['content', 'version']]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(slow.text).toBe('14.1.5');
    const fastStart = Date.now();
    await post(sandbox(), [['content', 'version']]);
    expect(Date.now() - fastStart).toBeLessThan(250);
  });

  it('answers with a gateway status and Retry-After, then recovers', async () => {
    sandbox().faults.add({ kind: 'status', status: 503, retryAfterSeconds: 7 });
    const failed = await post(sandbox(), EXPORT_ALL);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('7');
    expect(failed.contentType).toMatch(/^text\/html/);
    expect(failed.text).toContain('503 Service Temporarily Unavailable');
    expect((await post(sandbox(), EXPORT_ALL)).status).toBe(200);
  });

  it("answers 500 with REDCap's out-of-memory error in the returnFormat shape", async () => {
    sandbox().faults.add({ kind: 'status', status: 500, times: 2 });
    const json = await post(sandbox(), [...EXPORT_ALL, ['returnFormat', 'json']]);
    expect(json.status).toBe(500);
    expect(JSON.parse(json.text)).toEqual({ error: expect.stringContaining('REDCap ran out of server memory') });
    const csv = await post(sandbox(), [['content', 'record'], ['format', 'csv']]);
    expect(csv.text).toMatch(/^ERROR: REDCap ran out of server memory/);
    expect((await post(sandbox(), EXPORT_ALL)).status).toBe(200);
  });

  it('answers 200 with an HTML page instead of data (error page or SSO login)', async () => {
    sandbox().faults.add({ kind: 'html200' });
    sandbox().faults.add({ kind: 'html200', page: 'login' });
    const first = await post(sandbox(), EXPORT_ALL);
    expect([first.status, first.contentType]).toEqual([200, 'text/html; charset=utf-8']);
    expect(first.text.slice(0, 30).toLowerCase()).toContain('doctype html');
    expect(first.text).toContain('multiple browser tabs');
    const second = await post(sandbox(), EXPORT_ALL);
    expect(second.text).toContain('Sign in');
    expect(() => JSON.parse(second.text)).toThrow();
  });

  it('truncates a success body to about half, with a consistent length', async () => {
    const whole = await post(sandbox(), [['content', 'record'], ['format', 'json']]);
    sandbox().faults.add({ kind: 'truncate' });
    const cut = await post(sandbox(), [['content', 'record'], ['format', 'json']]);
    expect(cut.status).toBe(200);
    expect(whole.text.startsWith(cut.text)).toBe(true);
    expect(cut.text.length).toBeGreaterThan(whole.text.length * 0.4);
    expect(cut.text.length).toBeLessThan(whole.text.length * 0.6);
    expect(() => JSON.parse(cut.text)).toThrow();
  });

  it('resets the connection', async () => {
    sandbox().faults.add({ kind: 'reset' });
    await expect(post(sandbox(), EXPORT_ALL)).rejects.toThrow();
    expect((await post(sandbox(), EXPORT_ALL)).status).toBe(200);
  });

  it('cuts the connection after part of the body, with the whole length promised', async () => {
    sandbox().faults.add({ kind: 'reset', afterBytes: 1000 });
    const body = new URLSearchParams({ token: tokenOf(sandbox()), content: 'record', format: 'json' }).toString();
    const cut = await rawPost(sandbox().url, body);
    expect(cut.status).toBe(200);
    expect(cut.broken).toBe(true);
    expect(cut.received.length).toBe(1000);
    expect(cut.length).toBeGreaterThan(10_000);
    const whole = await rawPost(sandbox().url, body);
    expect([whole.broken, whole.received.length]).toEqual([false, whole.length]);
    expect(whole.received.subarray(0, 1000).equals(cut.received)).toBe(true);
    sandbox().faults.add({ kind: 'reset', afterBytes: 10 });
    await expect(post(sandbox(), EXPORT_ALL).then((reply) => reply.text)).rejects.toThrow();
  });

  it('answers 502 and 504 gateway pages', async () => {
    sandbox().faults.add({ kind: 'status', status: 502 });
    sandbox().faults.add({ kind: 'status', status: 504 });
    const bad = await post(sandbox(), EXPORT_ALL);
    expect([bad.status, bad.contentType]).toEqual([502, 'text/html; charset=utf-8']);
    expect(bad.text).toContain('<title>502 Bad Gateway</title>');
    const timeout = await post(sandbox(), EXPORT_ALL);
    expect(timeout.status).toBe(504);
    expect(timeout.text).toContain('504 Gateway Time-out');
  });

  it('matches on action as well as content', async () => {
    sandbox().faults.add({ kind: 'status', status: 503, times: 0, match: { content: 'record', action: 'import' } });
    expect((await post(sandbox(), EXPORT_ALL)).status).toBe(200);
    const imported = await post(sandbox(), [['content', 'record'], ['format', 'json'], ['data', '[{"record_id":"1","sbp":"120"}]']]);
    expect(imported.status).toBe(503);
    const deleted = await post(sandbox(), [['content', 'record'], ['action', 'delete'], ['records', '2']]);
    expect(deleted.status).toBe(200);
    expect(sandbox().faults.list()).toEqual([expect.objectContaining({ hits: 1, match: { content: 'record', action: 'import' } })]);
  });

  it('silently drops records from record exports only', async () => {
    sandbox().faults.add({ kind: 'dropRecords', dropCount: 3 });
    // Other methods do not use the fault up.
    expect((await post(sandbox(), [['content', 'metadata'], ['format', 'json']])).status).toBe(200);
    const batch = await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', '1,2,3,4,5,6,7,8,9,10'], ['fields', 'record_id']]);
    expect(batch.status).toBe(200);
    expect(jsonArray(batch.text).map((row) => row.record_id)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(jsonArray((await post(sandbox(), EXPORT_ALL)).text)).toHaveLength(40);
  });

  it('hangs until the client gives up', async () => {
    sandbox().faults.add({ kind: 'hang' });
    const request = fetch(sandbox().url, {
      method: 'POST',
      body: new URLSearchParams({ token: tokenOf(sandbox()), content: 'version' }),
      signal: AbortSignal.timeout(300),
    });
    await expect(request).rejects.toThrow(/abort|timeout/i);
    expect((await post(sandbox(), [['content', 'version']])).text).toBe('14.1.5');
  });

  it('honours times, afterRequests and match.content', async () => {
    sandbox().faults.add({ kind: 'status', status: 502, times: 2, afterRequests: 1, match: { content: 'record' } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await post(sandbox(), [['content', 'version']])).status);
      statuses.push((await post(sandbox(), EXPORT_ALL)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 502, 200, 502, 200, 200]);
    expect(sandbox().faults.list()).toEqual([]);
  });

  it('keeps a times: 0 fault until it is cleared', async () => {
    const fault = sandbox().faults.add({ kind: 'status', status: 429, times: 0 });
    for (let i = 0; i < 3; i++) expect((await post(sandbox(), EXPORT_ALL)).status).toBe(429);
    expect(sandbox().faults.list()).toEqual([expect.objectContaining({ id: fault.id, hits: 3 })]);
    expect(sandbox().faults.clear(fault.id)).toBe(1);
    expect((await post(sandbox(), EXPORT_ALL)).status).toBe(200);
  });

  it('is controlled over HTTP at /__sandbox/faults', async () => {
    const faultsUrl = adminUrl(sandbox(), '/__sandbox/faults');
    const created = await addOverHttp(faultsUrl, { kind: 'status', status: 504, times: 0, match: { content: 'metadata' } });
    expect(created.status).toBe(201);
    const fault = (await created.json()) as { id: string };
    const listed = (await (await fetch(faultsUrl)).json()) as Array<{ id: string; kind: string }>;
    expect(listed).toEqual([expect.objectContaining({ id: fault.id, kind: 'status', status: 504 })]);
    expect((await post(sandbox(), [['content', 'metadata']])).status).toBe(504);
    expect((await post(sandbox(), [['content', 'version']])).status).toBe(200);
    const cleared = await fetch(faultsUrl, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ cleared: 1 });
    expect((await post(sandbox(), [['content', 'metadata']])).status).toBe(200);
  });

  it('rejects malformed fault specs', async () => {
    const faultsUrl = adminUrl(sandbox(), '/__sandbox/faults');
    for (const spec of [{ kind: 'explode' }, { kind: 'status', status: 418 }, { kind: 'latency', latencyMs: -1 }, [1], 'x']) {
      const reply = await addOverHttp(faultsUrl, spec);
      expect(reply.status, JSON.stringify(spec)).toBe(400);
      expect(await reply.json()).toHaveProperty('error');
    }
    const notJson = await fetch(faultsUrl, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect(() => sandbox().faults.add({ kind: 'status', status: 200 })).toThrow(/status must be one of/);
    expect(sandbox().faults.list()).toEqual([]);
  });

  it('counts requests by content and resets the counts', async () => {
    await post(sandbox(), [['content', 'metadata'], ['format', 'json']]);
    for (let i = 0; i < 3; i++) await post(sandbox(), EXPORT_ALL);
    await fetch(sandbox().url, { method: 'POST' });
    const expected = { metadata: 1, record: 3, '(none)': 1 };
    expect(sandbox().stats()).toEqual(expected);
    expect(await (await fetch(adminUrl(sandbox(), '/__sandbox/stats'))).json()).toEqual(expected);
    const reset = await fetch(adminUrl(sandbox(), '/__sandbox/reset-stats'), { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(sandbox().stats()).toEqual({});
  });

  it('keeps its controls away from /api/', async () => {
    const underApi = await fetch(new URL('/api/__sandbox/faults', sandbox().url));
    expect(underApi.status).toBe(404);
    const unknown = await fetch(adminUrl(sandbox(), '/__sandbox/nothing'));
    expect(unknown.status).toBe(404);
  });

  it('closes promptly even with a request hanging', async () => {
    sandbox().faults.add({ kind: 'hang' });
    const hanging = fetch(sandbox().url, { method: 'POST', body: new URLSearchParams({ token: tokenOf(sandbox()), content: 'version' }) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await sandbox().close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(hanging).rejects.toThrow();
  });
});
