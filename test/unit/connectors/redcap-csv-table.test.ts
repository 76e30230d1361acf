import { describe, expect, it } from 'vitest';
import { parseCsvTable } from '../../../main/services/connectors/redcap/csv-row.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

/** A CSV cell as REDCap writes it: quoted when it holds a comma, a quote or a line break (or always, as older servers did). */
function cell(value: string, quoteAll: boolean): string {
  return quoteAll || /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csv(rows: string[][], options: { quoteAll?: boolean; lineEnd?: string } = {}): string {
  return rows.map((row) => row.map((value) => cell(value, options.quoteAll ?? false)).join(',') + (options.lineEnd ?? '\n')).join('');
}

const pieces = ['', 'a', '1001', 'Zoë Müller', 'x,y', 'say "hi"', '"', '""', 'line one\nline two', 'crlf\r\ninside', ' padded ', '=1+2', '日本語', '\u001f'];

function generated(seed: number, rows: number, width: number): string[][] {
  const random = seededRandom(seed);
  const pick = (): string => Array.from({ length: 1 + Math.floor(random() * 3) }, () => pieces[Math.floor(random() * pieces.length)]!).join('');
  return [Array.from({ length: width }, (_, i) => `field_${i}`), ...Array.from({ length: rows }, (_, r) => [String(r + 1), ...Array.from({ length: width - 1 }, pick)])];
}

describe('parseCsvTable (a REDCap CSV record export)', () => {
  it('reads back every generated table, quoted as needed or throughout, with LF or CRLF line ends', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rows = generated(seed, 25, 6);
      for (const options of [{}, { quoteAll: true }, { lineEnd: '\r\n' }]) {
        expect(parseCsvTable(csv(rows, options)), `seed ${seed} ${JSON.stringify(options)}`).toEqual({ fields: rows[0], rows: rows.slice(1) });
      }
    }
  });

  it('never returns a cut row: every prefix of an answer is refused, or is whole rows of it', () => {
    const rows = generated(7, 12, 4);
    const text = csv(rows);
    for (let cut = 1; cut < text.length; cut++) {
      const table = parseCsvTable(text.slice(0, cut));
      if (table === null) continue;
      // Only a cut right after a row's line break reads, and then as the rows before it.
      expect(text[cut - 1], `cut at ${cut}`).toBe('\n');
      expect(table.fields).toEqual(rows[0]);
      expect(rows.slice(1, 1 + table.rows.length)).toEqual(table.rows);
    }
  });

  it('takes an empty answer, a lone line break or a header alone as no rows; strips a byte-order mark', () => {
    expect(parseCsvTable('')).toEqual({ fields: [], rows: [] });
    expect(parseCsvTable('\n')).toEqual({ fields: [], rows: [] });
    expect(parseCsvTable('record_id,name\n')).toEqual({ fields: ['record_id', 'name'], rows: [] });
    expect(parseCsvTable('\uFEFFrecord_id,name\n1,Ann\n')).toEqual({ fields: ['record_id', 'name'], rows: [['1', 'Ann']] });
  });

  it('refuses what REDCap does not write: rows of another width, text after a closing quote, a lone CR, no final line break', () => {
    expect(parseCsvTable('a,b\n1\n')).toBeNull();
    expect(parseCsvTable('a,b\n1,2,3\n')).toBeNull();
    expect(parseCsvTable('a,b\n"1"x,2\n')).toBeNull();
    expect(parseCsvTable('a,b\n1\r,2\n')).toBeNull();
    expect(parseCsvTable('a,b\n1,2')).toBeNull();
    expect(parseCsvTable('a,b\n1,"2\n')).toBeNull();
  });
});
