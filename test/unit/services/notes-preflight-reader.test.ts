import { describe, expect, it } from 'vitest';
import { CsvRowReader, type RawRow } from '../../../main/services/files/notes-preflight-reader.ts';
import { parseCsv } from '../../helpers/csv-parse.ts';

/** Reads `bytes` fed in pieces of the given sizes (cycled), as the pre-flight does with 1 MB reads. */
function read(bytes: Buffer, pieces: number[]): Array<{ fields: string[]; sizes: number[]; flaws: string[] }> {
  const rows: Array<{ fields: string[]; sizes: number[]; flaws: string[] }> = [];
  const reader = new CsvRowReader((row: RawRow) => rows.push({ fields: row.fields.map((f) => f.toString('utf8')), sizes: row.sizes, flaws: row.flaws }));
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = pieces[i % pieces.length]!;
    reader.push(bytes.subarray(at, at + size));
    at += size;
  }
  reader.end();
  return rows;
}

const tricky = [
  'NOTE_ID,PERSON_ID,NOTE_DATETIME,NOTE_TEXT,NOTE_TITLE',
  '1,A,2024-01-01 00:00:00,"He said ""fine"", then left.\r\nLine two\n\nLine four",Progress',
  '"2","B","2024-01-02 00:00:00","","Consult"',
  '3,B,2024-01-03,"ünïcødé ✓ “quotes”",',
  '"4",C,2024-01-04,"""starts and ends with quotes""","a,b"',
].join('\r\n') + '\r\n';

describe('streamed CSV row reader', () => {
  it('reads quoted newlines, doubled quotes, empty fields and CRLF the same however the bytes are split', () => {
    const bytes = Buffer.from(tricky, 'utf8');
    const expected = parseCsv(tricky);
    for (const pieces of [[bytes.length], [1], [2], [3], [7, 1, 13], [64]]) {
      const rows = read(bytes, pieces);
      expect(rows.map((r) => r.fields), `pieces ${pieces.join(',')}`).toEqual(expected);
      expect(rows.every((r) => r.flaws.length === 0)).toBe(true);
    }
  });

  it('handles LF-only and old-Mac CR line ends, and a last line without a line end', () => {
    expect(read(Buffer.from('a,b\nc,d\re,"f\r\ng"'), [1]).map((r) => r.fields)).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f\r\ng']]);
  });

  it('keeps a multi-megabyte field whole across many chunks and measures it', () => {
    const big = 'x'.repeat(3 * 1024 * 1024) + '""' + 'y'.repeat(1000);
    const rows = read(Buffer.from(`1,"${big}",2\n`), [65_536]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.fields[1]).toBe(big.replace('""', '"'));
    expect(rows[0]!.sizes[1]).toBe(big.length - 1);
  });

  it('says how a row is malformed', () => {
    const rows = read(Buffer.from('a,b"c,d\n"e"f,g\n"h,i\n'), [5]);
    expect(rows.map((r) => r.flaws)).toEqual([['stray-quote'], ['text-after-quote'], ['unclosed-quote']]);
    expect(rows[0]!.fields).toEqual(['a', 'b"c', 'd']);
  });
});
