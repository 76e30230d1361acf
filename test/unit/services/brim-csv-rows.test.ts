import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvRowSplitter, readCsvRows } from '../../../main/services/brim/csv-rows.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const text = '\uFEFFName,Raw_text,Value\r\nsmoking,"He said ""never"", twice\r\nthen left",never\r\nsize,,2.1\nlast,"x"';
const expected = [
  ['Name', 'Raw_text', 'Value'],
  ['smoking', 'He said "never", twice\r\nthen left', 'never'],
  ['size', '', '2.1'],
  ['last', 'x'],
];

describe('reading a Brim results CSV in chunks', () => {
  it('gives the same rows however the text is cut (inside quotes, between CR and LF, on a doubled quote)', () => {
    const body = text.slice(1);
    for (let cut = 0; cut <= body.length; cut++) {
      const splitter = new CsvRowSplitter();
      const rows = [...splitter.push(body.slice(0, cut)), ...splitter.push(body.slice(cut))];
      const last = splitter.end();
      if (last) rows.push(last);
      expect(rows, `cut at ${cut}`).toEqual(expected);
    }
  });

  it('reads a file with a byte-order mark and skips blank lines', async () => {
    const path = join(tempDir(), 'results.csv');
    writeFileSync(path, `${text}\r\n\r\n`);
    const rows: string[][] = [];
    for await (const batch of readCsvRows(path)) rows.push(...batch);
    expect(rows).toEqual(expected);
  });

  it('refuses a file cut off inside a quoted value', () => {
    const splitter = new CsvRowSplitter();
    splitter.push('a,"unfinished');
    expect(() => splitter.end()).toThrow(/cut off/);
  });
});
