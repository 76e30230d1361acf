import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDelimitedFile } from '../../../main/services/imports/delimited-source.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const gigabyte = 1024 * 1024 * 1024;

/** Writes a ~1 GB CSV of repeated blocks (quoted multi-line notes, accents), with one ragged row near the end. */
async function writeHugeCsv(path: string): Promise<{ rows: number; raggedRow: number }> {
  const out = createWriteStream(path);
  const write = async (text: string | Buffer): Promise<void> => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await write('record_id,first_name,dob,sex,visit_notes\n');
  const perBlock = 2000;
  let block = '';
  for (let i = 0; i < perBlock; i++) block += `${i},Zoë,2001-02-03,${(i % 2) + 1},"Calm, slept well; ""fine"" at\nnight ${'x'.repeat(200)}"\n`;
  const bytes = Buffer.from(block);
  let rows = 0;
  let written = 0;
  while (written < gigabyte) {
    await write(bytes);
    written += bytes.length;
    rows += perBlock;
  }
  await write('999999,Ragged,2001-02-03\n');
  rows++;
  await write('1000000,Last,2001-02-03,1,done\n');
  rows++;
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { rows, raggedRow: rows - 1 };
}

describe('reading a CSV far larger than the memory it uses', () => {
  it('streams a 1 GB file with flat memory, numbering rows to the end and reporting progress', { timeout: 240_000 }, async () => {
    const path = join(tempDir(), 'huge.csv');
    const { rows: total, raggedRow } = await writeHugeCsv(path);
    const progress: number[] = [];
    const source = await openDelimitedFile(path, { onProgress: (bytes, size) => progress.push(bytes / size) });
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let count = 0;
    let last = { row: 0, cells: [] as string[] };
    for await (const row of source.rows()) {
      count++;
      last = row;
      if (count % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(count).toBe(total - 1); // all but the ragged row
    expect(last).toEqual({ row: total, cells: ['1000000', 'Last', '2001-02-03', '1', 'done'] });
    expect(source.problems()).toEqual([expect.objectContaining({ row: raggedRow, code: 'ragged', severity: 'error', column: 'sex' })]);
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBeGreaterThan(1000); // about once per megabyte
    // A gigabyte went through; the process grew by a small fraction of it.
    expect(peak - before).toBeLessThan(300 * 1024 * 1024);
  });
});
