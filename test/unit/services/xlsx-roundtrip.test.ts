import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/contract/errors.ts';
import type { ExportColumn, ExportRows, WriterProgress } from '../../../main/services/export/export-types.ts';
import { writeXlsx } from '../../../main/services/export/xlsx/xlsx-writer.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

// The XLSX export read back by an independent reader (exceljs): every value and type must be what the
// cache holds — numbers as numbers, dates as dates, IDs and everything else as text, no formulas.

const tempDir = useTempDirs();

type Expected = { number: number } | { date: Date; format: string } | { text: string } | 'empty';
interface Case {
  value: string;
  expect: Expected;
}
const text = (value: string): Case => ({ value, expect: { text: value } });
const num = (value: string, n: number): Case => ({ value, expect: { number: n } });
const day = (value: string, y: number, m: number, d: number): Case => ({ value, expect: { date: new Date(Date.UTC(y, m - 1, d)), format: 'yyyy-mm-dd' } });
const stamp = (value: string, at: number, format: string): Case => ({ value, expect: { date: new Date(at), format } });
const clock = (value: string, h: number, m: number, s: number, format: string): Case => ({ value, expect: { date: new Date(Date.UTC(1899, 11, 30, h, m, s)), format } });
const empty: Case = { value: '', expect: 'empty' };
const long = 'ab'.repeat(20_000);

const columns: Array<ExportColumn & { cases: Case[] }> = [
  { name: 'record_id', label: 'Record ID', kind: 'id', cases: [text('0001'), text('12345678901234567890'), text('42'), text('A-7')] },
  { name: 'mrn', label: 'Medical record number', kind: 'id', cases: [text('000123'), text('1e5'), text('0')] },
  { name: 'age', label: 'Age (years)', kind: 'integer', cases: [num('42', 42), num('-3', -3), text('007'), empty, num('0', 0)] },
  {
    name: 'weight',
    label: 'Weight',
    kind: 'number',
    cases: [num('70.5', 70.5), num('-0.25', -0.25), text('12345678901234567890'), text('1.5e3'), num('123456789012345', 123456789012345), text('1234567890123456'), text('.5'), num('1.50', 1.5), text('n/a')],
  },
  { name: 'dob', label: 'Date of birth', kind: 'date', cases: [day('1985-02-03', 1985, 2, 3), day('2024-02-29', 2024, 2, 29), text('2023-02-29'), text('1899-12-31'), day('1900-03-01', 1900, 3, 1), empty, text('03/02/1985')] },
  {
    name: 'visit_at',
    label: 'Visit',
    kind: 'datetime',
    cases: [stamp('2024-05-06 13:45', Date.UTC(2024, 4, 6, 13, 45), 'yyyy-mm-dd hh:mm'), stamp('2024-05-06 13:45:30', Date.UTC(2024, 4, 6, 13, 45, 30), 'yyyy-mm-dd hh:mm:ss'), text('2024-05-06T13:45'), text('2024-13-01 00:00'), text('2024-05-06 24:00')],
  },
  { name: 'clock', label: 'Time', kind: 'time', cases: [clock('08:30', 8, 30, 0, 'hh:mm'), clock('23:59:59', 23, 59, 59, 'hh:mm:ss'), text('24:00'), clock('00:00', 0, 0, 0, 'hh:mm'), text('8:30')] },
  {
    name: 'notes',
    label: 'Notes',
    kind: 'text',
    cases: [
      text('=SUM(A1:A2)'), text('+1'), text('-2'), text('@cmd|calc'), text('Ünïcødé 中文 😀 עברית'), { value: 'bell\u0007 esc\u001b lone\uD800!', expect: { text: 'bell esc lone!' } },
      text('  padded  '), text('line1\r\nline2\nline3'), text('_x0041_ stays literal'), text('<&>"\''), { value: long, expect: { text: long.slice(0, 32_767) } }, text('12.5'),
    ],
  },
];
const rowCount = 1500;
const caseAt = (column: number, row: number): Case => columns[column]!.cases[row % columns[column]!.cases.length]!;
const countWhere = (column: number, test: (value: string) => boolean): number => Array.from({ length: rowCount }, (_, row) => caseAt(column, row)).filter((c) => test(c.value)).length;

function rowsOf(count: number, make: (row: number) => string[], chunk = 500): ExportRows {
  return {
    total: count,
    *chunks() {
      for (let start = 0; start < count; start += chunk) yield Array.from({ length: Math.min(chunk, count - start) }, (_, i) => make(start + i));
    },
  };
}

function recorder(): WriterProgress & { seen: number[] } {
  const seen: number[] = [];
  return { seen, throwIfCancelled: () => undefined, progress: (rows) => seen.push(rows) };
}

const about = [
  { key: 'Source server', value: 'https://redcap.example.org/api/' },
  { key: 'Project', value: 'Sleep study' },
  { key: 'Filters', value: '=age > 40' },
];
const dictionary = [
  { field: 'record_id', label: 'Record ID', type: 'text', validation: '', choices: [], form: 'enrolment' },
  { field: 'sex', label: 'Sex', type: 'radio', validation: '', choices: [{ code: '1', label: 'Female' }, { code: '2', label: 'Male' }], form: 'enrolment' },
];

/** Excel reads `_xHHHH_` in cell text as one character (ECMA-376 ST_Xstring); exceljs leaves it, so decode as Excel does. */
const asExcelShows = (value: string): string => value.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

async function read(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

function values(sheet: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  sheet.eachRow((row) => out.push(Array.from((row.values as unknown[]).slice(1), (v) => asExcelShows(String(v ?? '')))));
  return out;
}

describe('XLSX export read back by an independent reader', () => {
  it('gives back every value with its type: numbers, dates, times, IDs and text, and no formulas', async () => {
    const path = join(tempDir(), 'export.xlsx');
    const progress = recorder();
    const outcome = await writeXlsx(path, { columns, rows: rowsOf(rowCount, (row) => columns.map((_, c) => caseAt(c, row).value)), header: 'names', dictionary, about, overflow: 'split' }, progress);

    const cut = countWhere(7, (v) => v === long);
    const removed = countWhere(7, (v) => v.startsWith('bell')) * 3;
    expect(outcome.rows).toBe(rowCount);
    expect(outcome.notes).toEqual([`${cut} cells longer than 32,767 characters were cut; export to CSV to keep them whole`, `${removed} control characters that spreadsheets cannot hold were removed from the text`]);
    expect(progress.seen.at(-1)).toBe(rowCount);
    expect(progress.seen.length).toBeGreaterThan(1);

    const book = await read(path);
    expect(book.creator).toBe('Carrel');
    expect(book.worksheets.map((s) => s.name)).toEqual(['Data', 'Dictionary', 'About']);
    const sheet = book.getWorksheet('Data')!;
    expect(sheet.rowCount).toBe(rowCount + 1);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(columns.map((c) => c.name));
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe(`A1:H${rowCount + 1}`);
    expect(sheet.getColumn(8).width).toBe(60);
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual('age'.length);

    const mismatches: string[] = [];
    for (let row = 0; row < rowCount; row++) {
      const cells = sheet.getRow(row + 2);
      columns.forEach((column, c) => {
        const { value, expect: wanted } = caseAt(c, row);
        const cell = cells.getCell(c + 1);
        const where = `${column.name} row ${row + 2} (${JSON.stringify(value.slice(0, 20))})`;
        if (cell.formula !== undefined || cell.type === ExcelJS.ValueType.Formula) mismatches.push(`${where}: a formula`);
        else if (wanted === 'empty') {
          if (cell.type !== ExcelJS.ValueType.Null) mismatches.push(`${where}: not empty`);
        } else if ('number' in wanted) {
          if (cell.type !== ExcelJS.ValueType.Number || cell.value !== wanted.number) mismatches.push(`${where}: ${String(cell.value)} is not the number ${wanted.number}`);
        } else if ('date' in wanted) {
          const ok = cell.type === ExcelJS.ValueType.Date && cell.value instanceof Date && cell.value.getTime() === wanted.date.getTime() && cell.numFmt === wanted.format;
          if (!ok) mismatches.push(`${where}: ${String(cell.value)} (${cell.numFmt}) is not the date ${wanted.date.toISOString()} (${wanted.format})`);
        } else if (cell.type !== ExcelJS.ValueType.String || asExcelShows(String(cell.value)) !== wanted.text) {
          mismatches.push(`${where}: type ${cell.type}, ${JSON.stringify(String(cell.value).slice(0, 40))}`);
        }
      });
    }
    expect(mismatches.slice(0, 20)).toEqual([]);

    expect(values(book.getWorksheet('Dictionary')!)).toEqual([
      ['Field', 'Label', 'Type', 'Validation', 'Choices', 'Form'],
      ['record_id', 'Record ID', 'text', '', '', 'enrolment'],
      ['sex', 'Sex', 'radio', '', '1, Female | 2, Male', 'enrolment'],
    ]);
    expect(values(book.getWorksheet('About')!)).toEqual([['Item', 'Value'], ...about.map((a) => [a.key, a.value]), ...outcome.notes.map((note) => ['Note', note])]);
  });

  it('heads the columns with their labels when asked, and leaves out the Dictionary sheet when there is none', async () => {
    const path = join(tempDir(), 'labels.xlsx');
    await writeXlsx(path, { columns, rows: rowsOf(3, (row) => columns.map((_, c) => caseAt(c, row).value)), header: 'labels', dictionary: null, about, overflow: 'refuse' }, recorder());
    const book = await read(path);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Data', 'About']);
    expect((book.getWorksheet('Data')!.getRow(1).values as unknown[]).slice(1)).toEqual(columns.map((c) => c.label));
  });

  it('splits rows past the per-sheet limit over "Data (2)", "Data (3)", each with the header, and says so', async () => {
    const path = join(tempDir(), 'split.xlsx');
    const small = [{ name: 'record_id', label: 'ID', kind: 'id' as const }, { name: 'n', label: 'N', kind: 'integer' as const }];
    const outcome = await writeXlsx(path, { columns: small, rows: rowsOf(25, (row) => [String(row + 1).padStart(3, '0'), String(row + 1)], 7), header: 'names', dictionary: null, about, overflow: 'split' }, recorder(), { rowsPerSheet: 10 });
    expect(outcome.rows).toBe(25);
    expect(outcome.notes).toEqual(['Split across 3 sheets of at most 10 rows']);
    const book = await read(path);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Data', 'Data (2)', 'Data (3)', 'About']);
    const sheets = ['Data', 'Data (2)', 'Data (3)'].map((name) => values(book.getWorksheet(name)!));
    for (const rows of sheets) expect(rows[0]).toEqual(['record_id', 'n']);
    expect(sheets.map((rows) => rows.length - 1)).toEqual([10, 10, 5]);
    expect(sheets.flatMap((rows) => rows.slice(1).map((r) => r[0]))).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 1).padStart(3, '0')));
    expect(book.getWorksheet('Data (3)')!.getRow(6).getCell(2).value).toBe(25);
    expect(book.getWorksheet('Data (2)')!.autoFilter).toBe('A1:B11');
  });

  it('opens in the reader when the package uses ZIP64 records (lowered limit; the real one is 4 GiB)', async () => {
    const path = join(tempDir(), 'zip64.xlsx');
    await writeXlsx(path, { columns, rows: rowsOf(40, (row) => columns.map((_, c) => caseAt(c, row).value)), header: 'names', dictionary, about, overflow: 'split' }, recorder(), { zip64Limit: 2000 });
    const book = await read(path);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Data', 'Dictionary', 'About']);
    const sheet = book.getWorksheet('Data')!;
    expect(sheet.rowCount).toBe(41);
    expect(sheet.getRow(2).getCell(1).value).toBe('0001');
    expect(sheet.getRow(2).getCell(5).value).toEqual(new Date(Date.UTC(1985, 1, 3)));
  });

  it('refuses more rows than a sheet holds before writing anything, and points to CSV', async () => {
    const path = join(tempDir(), 'refused.xlsx');
    const error = await writeXlsx(path, { columns: [{ name: 'a', label: 'A', kind: 'text' }], rows: rowsOf(11, (row) => [String(row)]), header: 'names', dictionary: null, about, overflow: 'refuse' }, recorder(), { rowsPerSheet: 10 }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('VALIDATION');
    expect((error as Error).message).toMatch(/11 rows.*CSV/);
    expect(existsSync(path)).toBe(false);
  });

  it('says what to do when the folder cannot be written', async () => {
    const path = join(tempDir(), 'no-such-folder', 'export.xlsx');
    const error = await writeXlsx(path, { columns: [{ name: 'a', label: 'A', kind: 'text' }], rows: rowsOf(3, (row) => [String(row)]), header: 'names', dictionary: null, about, overflow: 'split' }, recorder()).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('FILE_SYSTEM');
    expect((error as Error).message).toMatch(/ENOENT.*Choose another folder/);
  });

  it('stops when the job is cancelled and leaves no file behind', async () => {
    const path = join(tempDir(), 'cancelled.xlsx');
    let chunks = 0;
    const progress: WriterProgress = {
      throwIfCancelled: () => {
        if (++chunks > 2) throw new Error('cancelled by the user');
      },
      progress: () => undefined,
    };
    const result = writeXlsx(path, { columns: [{ name: 'a', label: 'A', kind: 'text' }], rows: rowsOf(5000, (row) => [String(row)], 100), header: 'names', dictionary: null, about, overflow: 'split' }, progress);
    await expect(result).rejects.toThrow('cancelled by the user');
    expect(existsSync(path)).toBe(false);
  });
});
