import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/contract/errors.ts';
import { openDelimitedFile, type DelimitedSource, type SourceRow } from '../../../main/services/imports/delimited-source.ts';
import { looksLikeFormula } from '../../../main/services/imports/delimited-source-rows.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

function file(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

async function all(source: DelimitedSource): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of source.rows()) rows.push(row);
  return rows;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe('opening a dropped CSV file', () => {
  it('gives each value exactly as written: quoted line breaks, doubled quotes, delimiters inside quotes, spaces kept', async () => {
    const path = file('visits.csv', 'record_id,visit_notes,dob\r\n1,"Slept well.\r\nSaid ""fine"", then left",2001-02-03\r\n2," padded ",\r\n');
    const source = await openDelimitedFile(path);
    expect(await all(source)).toEqual([
      { row: 1, cells: ['1', 'Slept well.\r\nSaid "fine", then left', '2001-02-03'] },
      { row: 2, cells: ['2', ' padded ', ''] },
    ]);
    expect(source.problems()).toEqual([]);
  });

  it('splits a semicolon file with decimal commas on semicolons, keeping "72,5" whole', async () => {
    const source = await openDelimitedFile(file('eu.csv', 'record_id;weight_kg;notes\n1;72,5;"a; b"\n2;64;x\n'));
    expect(source.delimiter).toBe(';');
    expect((await all(source)).map((r) => r.cells)).toEqual([['1', '72,5', 'a; b'], ['2', '64', 'x']]);
  });

  it('reads Windows-1252 found only after the first megabytes, and says so once it has read the file', async () => {
    const ascii = 'record_id,first_name\n' + Array.from({ length: 60_000 }, (_, i) => `${i + 1},Ada${'x'.repeat(40)}\n`).join('');
    const path = file('late.csv', Buffer.concat([Buffer.from(ascii), Buffer.from('60001,Zo\xeb\n', 'latin1')]));
    const source = await openDelimitedFile(path);
    expect(source.encoding).toBe('utf-8'); // nothing but ASCII in the start
    const rows = await all(source);
    expect(rows.at(-1)).toEqual({ row: 60_001, cells: ['60001', 'Zoë'] });
    expect(source.encoding).toBe('windows-1252');
    expect(source.problems()).toEqual([expect.objectContaining({ row: 0, code: 'encoding', severity: 'warning' })]);
  });

  it('names the row where a UTF-8 file turns into another encoding, even megabytes in', async () => {
    const head = 'record_id,first_name\n1,Zoë\n' + Array.from({ length: 40_000 }, (_, i) => `${i + 2},Ada${'x'.repeat(40)}\n`).join('');
    const path = file('mixed.csv', Buffer.concat([Buffer.from(head), Buffer.from('40002,Ren\xe9e\n40003,Bo\n', 'latin1')]));
    const source = await openDelimitedFile(path);
    const rows = await all(source);
    expect(source.problems()).toEqual([expect.objectContaining({ row: 40_002, code: 'encoding', severity: 'error' })]);
    expect(rows.at(-1)).toEqual({ row: 40_003, cells: ['40003', 'Bo'] });
    expect(rows.some((r) => r.row === 40_002)).toBe(false);
  });

  it('reads the file again on each pass, with the same rows and the same problems', async () => {
    const source = await openDelimitedFile(file('twice.csv', 'record_id,sex\n1,1\n2\n3,=cmd\n'));
    const first = await all(source);
    const problems = source.problems();
    expect(problems.map((p) => [p.row, p.code])).toEqual([[2, 'ragged'], [3, 'formula']]);
    expect(await all(source)).toEqual(first);
    expect(source.problems()).toEqual(problems);
  });

  it('lists the first 1,000 problems but counts them all', async () => {
    const body = Array.from({ length: 1500 }, (_, i) => `${i + 1},=SUM(A${i})\n`).join('');
    const source = await openDelimitedFile(file('many.csv', `record_id,notes\n${body}`));
    expect(await all(source)).toHaveLength(1500); // warnings do not skip rows
    expect(source.problems()).toHaveLength(1000);
    expect(source.problemCount()).toBe(1500);
  });

  it('never puts cell contents in problem messages', async () => {
    const secret = 'Jane Q. Patient';
    const path = file('phi.csv', `record_id,name,notes\n1,"${secret}" x,y\n2,=${secret}\n3,${secret},"unclosed\n`);
    const source = await openDelimitedFile(path);
    await all(source);
    expect(source.problems().length).toBeGreaterThanOrEqual(3);
    for (const problem of source.problems()) expect(problem.message).not.toContain('Jane');
  });

  it('stops when cancelled, and reports progress in bytes of the whole file', async () => {
    const path = file('big.csv', 'a,b\n' + '1,2\n'.repeat(1_000_000));
    const controller = new AbortController();
    const seen: Array<[number, number]> = [];
    const source = await openDelimitedFile(path, {
      signal: controller.signal,
      onProgress: (bytes, total) => {
        seen.push([bytes, total]);
        controller.abort();
      },
    });
    let rows = 0;
    const error = await failure(
      (async () => {
        for await (const _ of source.rows()) rows++;
      })(),
    );
    expect(isAppError(error) && error.code).toBe('CANCELLED');
    expect(rows).toBeLessThan(1_000_000);
    expect(seen[0]).toEqual([1024 * 1024, 4 + 4_000_000]);
  });

  it('says the file could not be read when it is gone', async () => {
    const error = await failure(openDelimitedFile(join(tempDir(), 'gone.csv')));
    expect(isAppError(error) && error.code).toBe('FILE_SYSTEM');
    expect(error instanceof Error && error.message).toContain('gone.csv could not be read');
  });
});

describe('formula cells', () => {
  it('flags what a spreadsheet would run and leaves numbers alone', () => {
    for (const value of ['=1+2', '=5', '+cmd|calc', '-2+3', '@SUM(A1)', '- see chart', '+1 555 0100']) expect(looksLikeFormula(value), value).toBe(true);
    for (const value of ['-5', '+72.5', '-3,25', '-1e5', '-', '', 'a=b', '2024-01-01', ' =x']) expect(looksLikeFormula(value), value).toBe(false);
  });
});
