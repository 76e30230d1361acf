import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neutralisedCell, writeDelimited } from '../../../main/services/export/csv-export.ts';
import type { ExportColumn, ExportRows, WriterProgress } from '../../../main/services/export/export-types.ts';
import { parseCsv } from '../../helpers/csv-parse.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const quiet: WriterProgress = { throwIfCancelled: () => undefined, progress: () => undefined };

function rowsOf(rows: string[][], chunk = 2): ExportRows {
  return {
    total: rows.length,
    *chunks() {
      for (let i = 0; i < rows.length; i += chunk) yield rows.slice(i, i + chunk).map((row) => row.slice());
    },
  };
}

const columns: ExportColumn[] = [
  { name: 'record_id', label: 'Record ID', kind: 'id' },
  { name: 'delta', label: 'Change', kind: 'number' },
  { name: 'note', label: 'Note; free text', kind: 'text' },
];

describe('formula injection (OWASP): text a spreadsheet would run is prefixed with an apostrophe', () => {
  it('prefixes text starting with = + - @ tab or CR, and leaves numbers in numeric columns alone', () => {
    expect(neutralisedCell('=HYPERLINK("http://x")', false)).toBe(`'=HYPERLINK("http://x")`);
    expect(neutralisedCell('+1 555 0100', false)).toBe(`'+1 555 0100`);
    expect(neutralisedCell('-x', false)).toBe(`'-x`);
    expect(neutralisedCell('@SUM(A1)', false)).toBe(`'@SUM(A1)`);
    expect(neutralisedCell('\tcmd', false)).toBe(`'\tcmd`);
    expect(neutralisedCell('\rcmd', false)).toBe(`'\rcmd`);
    expect(neutralisedCell('-3', true)).toBeNull();
    expect(neutralisedCell('-3.5', true)).toBeNull();
    expect(neutralisedCell('+2e3', true)).toBeNull();
    // A number in a text column is still text that Excel would evaluate ("-3" → -3 is harmless, but "-3+cmd" is not).
    expect(neutralisedCell('-3', false)).toBe(`'-3`);
    expect(neutralisedCell('-x', true)).toBe(`'-x`);
    expect(neutralisedCell('plain', false)).toBeNull();
    expect(neutralisedCell('', false)).toBeNull();
  });

  it('writes RFC 4180 CSV with CRLF, a BOM and the chosen separator, and counts what it neutralised', async () => {
    const path = join(tempDir(), 'out.csv');
    const data = [
      ['007', '-3', '=1+2'],
      ['008', '-x', 'says "hi"; then\nleaves'],
      ['009', '', '@home'],
    ];
    const outcome = await writeDelimited(path, { columns, rows: rowsOf(data), header: 'labels', delimiter: ';', bom: true, neutralise: true }, quiet);
    expect(outcome.rows).toBe(3);
    expect(outcome.notes).toEqual(["3 cells starting with = + - @ were prefixed with ' so spreadsheets show them as text"]);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(5);
    expect(text).toContain('"says ""hi""; then\nleaves"');
    expect(parseCsv(text.slice(1), ';')).toEqual([
      ['Record ID', 'Change', 'Note; free text'],
      ['007', '-3', "'=1+2"],
      ['008', "'-x", 'says "hi"; then\nleaves'],
      ['009', '', "'@home"],
    ]);
  });

  it('TSV and the statistics data file: tabs quoted, values exactly as cached when neutralising is off', async () => {
    const path = join(tempDir(), 'out.tsv');
    const data = [['1', '-2', '=A1\tand tab']];
    const outcome = await writeDelimited(path, { columns, rows: rowsOf(data), header: 'names', delimiter: '\t', bom: false, neutralise: false }, quiet);
    expect(outcome.notes).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe('record_id\tdelta\tnote\r\n1\t-2\t"=A1\tand tab"\r\n');
  });

  it('keeps very long cells whole, multi-byte text included', async () => {
    const path = join(tempDir(), 'long.csv');
    const long = 'é€😀'.repeat(300_000);
    const data = [['1', '2', long], ['2', '3', 'short'], ['3', '4', 'x'.repeat(400_000)]];
    await writeDelimited(path, { columns, rows: rowsOf(data, 1), header: 'names', delimiter: ',', bom: false, neutralise: true }, quiet);
    expect(parseCsv(readFileSync(path, 'utf8')).slice(1)).toEqual(data);
  });

  it('stops between chunks when the job is cancelled', async () => {
    const path = join(tempDir(), 'out.csv');
    let chunks = 0;
    const progress: WriterProgress = {
      throwIfCancelled: () => {
        if (chunks++ === 1) throw new Error('cancelled');
      },
      progress: () => undefined,
    };
    const data = Array.from({ length: 6 }, (_, i) => [String(i), '1', 'x']);
    await expect(writeDelimited(path, { columns, rows: rowsOf(data), header: 'names', delimiter: ',', bom: false, neutralise: true }, progress)).rejects.toThrow('cancelled');
  });
});
