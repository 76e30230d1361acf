import { execFile } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, startFakeBrim, type FakeBrim } from './brim-fake-server.ts';

/**
 * A 200 MB notes file must not end up in memory on its way to Brim. Measured in a child process so that
 * the test server's own buffers do not count, with a full GC before each sample.
 */
let fake: FakeBrim | null = null;
let dir = '';
afterEach(async () => {
  await fake?.close();
  fake = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Brim notes upload memory', () => {
  it('keeps memory flat while a 120 MB file streams', async () => {
    dir = await mkdtemp(join(tmpdir(), 'carrel-brim-mem-'));
    const path = join(dir, 'big.csv');
    const file = await open(path, 'w');
    const block = Buffer.alloc(1024 * 1024, 'a');
    for (let i = 0; i < 120; i++) await file.write(block);
    await file.close();
    fake = await startFakeBrim((req, res) => sendJson(res, 200, { status: 'success', data: { upload_task_id: 'u', original_filename: 'big.csv' } }), { keepBodyLimit: 0 });

    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', join(import.meta.dirname, 'brim-upload-child.ts'), fake.url, path], { timeout: 60_000 });
    const report = JSON.parse(stdout) as { peak: number; bytesSent: number; gc: boolean };
    expect(report.gc).toBe(true);
    expect(fake.requests[0]?.bytes).toBe(report.bytesSent);
    expect(report.bytesSent).toBeGreaterThan(120 * 1024 * 1024);
    // In-flight chunks and lazily freed buffers stay well under this; a buffered upload would hold all 120 MB.
    expect(report.peak).toBeLessThan(40 * 1024 * 1024);
  }, 90_000);
});
