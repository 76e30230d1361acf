import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskStatus } from '../../../main/services/connectors/brim/client.ts';
import { failure, multipartParts, sendJson, useFakeBrim } from './brim-fake-server.ts';

const brim = useFakeBrim();
const { serve } = brim;

const notes = '"NOTE_ID","PERSON_ID","NOTE_DATETIME","NOTE_TEXT","NOTE_TITLE"\r\n"n1","p1","2024-01-02 03:04:05","Smoker, ""20 pack-years"".\r\nNo cancer.","Clinic"\r\n';

describe('Brim notes upload', () => {
  it('sends the file as multipart with project_id and generate_after_upload, and reads the 2026 answer', async () => {
    const server = await serve((req, res) =>
      sendJson(res, 200, { status: 'success', data: { upload_task_id: 'up-1', original_filename: 'notes.csv', generation_task_id: 'gen-1' } }),
    );
    const path = join(brim.dir, 'staged-1234.csv');
    await writeFile(path, notes);
    const result = await server.client().uploadNotes({ path, fileName: 'notes.csv' }, true);
    expect(result).toMatchObject({ uploadTaskId: 'up-1', generationTaskId: 'gen-1', originalFilename: 'notes.csv' });

    const seen = server.requests[0];
    expect(seen?.path).toBe('/api/v1/upload/csv/');
    expect(Number(seen?.headers['content-length'])).toBe(seen?.bytes);
    expect(seen?.headers['transfer-encoding']).toBeUndefined();
    const parts = seen ? multipartParts(seen) : new Map();
    expect(parts.get('project_id')?.data.toString()).toBe('7');
    expect(parts.get('generate_after_upload')?.data.toString()).toBe('true');
    expect(parts.get('csv_file')?.fileName).toBe('notes.csv');
    expect(parts.get('csv_file')?.data.toString('utf8')).toBe(notes);
    expect(result.bytesSent).toBe(seen?.bytes);
  });

  it('reads the 2025 answer (api_session_id as the handle) and structured-data uploads', async () => {
    const server = await serve((req, res) => sendJson(res, 200, { data: { original_filename: 'x.csv', api_session_id: 'sess-9' } }));
    const path = join(brim.dir, 'x.csv');
    await writeFile(path, notes);
    expect(await server.client().uploadNotes({ path }, false)).toMatchObject({ uploadTaskId: 'sess-9', generationTaskId: null });
    expect(multipartParts(server.requests[0]!).get('generate_after_upload')?.data.toString()).toBe('false');
    await server.client().uploadStructured({ path });
    expect(server.requests[1]?.path).toBe('/api/v1/upload/structured-data/');
    expect([...multipartParts(server.requests[1]!).keys()]).toEqual(['project_id', 'csv_file']);
  });

  it('shows Brim\'s reason when it rejects the file, and never sends an upload twice', async () => {
    const server = await serve((req, res) => sendJson(res, 400, { detail: "Document ID 'n1' for patient MRN 'p1' appears multiple times in the file" }));
    const path = join(brim.dir, 'dup.csv');
    await writeFile(path, notes + notes.split('\r\n')[1] + '\r\n');
    const error = await failure(server.client().uploadNotes({ path }, false));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain("Document ID 'n1' for patient MRN 'p1' appears multiple times");
    expect(error.message).not.toContain('Smoker');

    const again = await serve((req, res) => sendJson(res, 502, { detail: 'bad gateway' }));
    expect((await failure(again.client().uploadNotes({ path }, false))).code).toBe('SERVICE_ERROR');
    expect(again.requests).toHaveLength(1);
  });

  it('streams a large file with progress at least every 250 ms while bytes flow', async () => {
    const path = join(brim.dir, 'big.csv');
    const row = `"id","p","2024-01-01 00:00:00","${'x'.repeat(1000)}","t"\r\n`;
    await writeFile(path, row.repeat(8_000)); // ~8 MB
    const server = await serve((req, res) => sendJson(res, 200, { status: 'success', data: { upload_task_id: 'u', original_filename: 'big.csv' } }), { keepBodyLimit: 0, readDelayMs: 6 });
    const calls: Array<{ at: number; sent: number; total: number }> = [];
    const started = Date.now();
    const result = await server.client().uploadNotes({ path }, false, { onProgress: (sent, total) => calls.push({ at: Date.now(), sent, total }) });
    const elapsed = Date.now() - started;
    expect(server.requests[0]?.bytes).toBe(result.bytesSent);
    expect(calls[0]?.sent).toBe(0);
    expect(calls.at(-1)?.sent).toBe(calls.at(-1)?.total);
    expect(calls.at(-1)?.total).toBe(result.bytesSent);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.sent).toBeGreaterThan(calls[i - 1]!.sent);
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    expect(elapsed).toBeGreaterThan(500); // the slow reader really throttled the upload
    expect(Math.max(...gaps)).toBeLessThanOrEqual(250);
  });

  it('stops an upload when cancelled', async () => {
    const path = join(brim.dir, 'big.csv');
    await writeFile(path, 'x'.repeat(4_000_000));
    const server = await serve((req, res) => sendJson(res, 200, { status: 'success', data: { upload_task_id: 'u' } }), { keepBodyLimit: 0, readDelayMs: 5 });
    const controller = new AbortController();
    const promise = server.client().uploadNotes({ path }, false, { signal: controller.signal, onProgress: (sent) => (sent > 500_000 ? controller.abort() : undefined) });
    expect((await failure(promise)).code).toBe('CANCELLED');
  });

  it('refuses to follow a redirected upload', async () => {
    const server = await serve((req, res) => {
      res.writeHead(307, { location: 'https://elsewhere.example.org/api/v1/upload/csv/' });
      res.end();
    });
    const path = join(brim.dir, 'notes.csv');
    await writeFile(path, notes);
    const error = await failure(server.client().uploadNotes({ path }, false));
    expect(error.code).toBe('NOT_SERVICE');
    expect(error.message).toMatch(/redirected the upload/);
    expect(server.requests).toHaveLength(1);
  });

  it('says so when the file is gone', async () => {
    const server = await serve((req, res) => sendJson(res, 200, {}));
    const error = await failure(server.client().uploadNotes({ path: join(brim.dir, 'missing.csv'), fileName: 'notes.csv' }, false));
    expect(error.code).toBe('FILE_SYSTEM');
    expect(server.requests).toHaveLength(0);
  });
});

describe('Following a Brim task', () => {
  it('polls with Brim\'s backoff (2 s, ×1.5, at most 300 s) until the task ends', async () => {
    const codes = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2];
    let poll = 0;
    const server = await serve((req, res) => {
      const code = codes[Math.min(poll++, codes.length - 1)];
      sendJson(res, 200, { status: 'success', data: { task_id: 'g', task_status: code, task_status_display: ['Waiting', 'Running', 'Complete'][code ?? 0] } });
    });
    const sleeps: number[] = [];
    const seen: Array<[TaskStatus['state'], number | null]> = [];
    const final = await server.client().followTask('g', { sleep: async (ms) => void sleeps.push(ms), onStatus: (s, next) => seen.push([s.state, next]) });
    expect(final.state).toBe('complete');
    expect(sleeps.slice(0, 4)).toEqual([2000, 3000, 4500, 6750]);
    expect(Math.max(...sleeps)).toBe(300_000);
    expect(sleeps).toHaveLength(codes.length - 1);
    expect(seen.at(-1)).toEqual(['complete', null]);
    expect(seen[0]).toEqual(['waiting', 2000]);
  });

  it('ends on error with Brim\'s message, and survives a passing network failure', async () => {
    let poll = 0;
    const server = await serve((req, res) => {
      poll += 1;
      if (poll <= 4) {
        // Four 503s: one failed poll (the HTTP client retries each poll up to four times).
        sendJson(res, 503, { detail: 'restarting' });
        return;
      }
      sendJson(res, 200, { status: 'success', data: { task_id: 'g', task_status: 3, task_status_display: 'Error', message: "UnboundLocalError: cannot access local variable 'x'" } });
    });
    const final = await server.client().followTask('g', { sleep: async () => undefined });
    expect(final).toMatchObject({ state: 'error', message: "UnboundLocalError: cannot access local variable 'x'" });
  });

  it('stops watching when cancelled, and gives up at once on a rejected token', async () => {
    const server = await serve((req, res) => sendJson(res, 200, { status: 'success', data: { task_id: 'g', task_status: 1, task_status_display: 'Running' } }));
    const controller = new AbortController();
    const promise = server.client().followTask('g', {
      signal: controller.signal,
      sleep: (ms, signal) =>
        new Promise((resolve, reject) => {
          controller.abort();
          if (signal?.aborted) reject(new Error('aborted'));
          else resolve();
        }),
    });
    const error = await failure(promise);
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toMatch(/goes on in Brim/);

    const denied = await serve((req, res) => sendJson(res, 401, { detail: 'Unauthorized' }));
    expect((await failure(denied.client().followTask('g', { sleep: async () => undefined }))).code).toBe('AUTH_FAILED');
    expect(denied.requests).toHaveLength(1);
  });
});
