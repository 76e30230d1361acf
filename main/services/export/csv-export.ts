import { open } from 'node:fs/promises';
import { csvLine, utf8Bom } from '../files/csv-format.ts';
import type { ArrivingRows, ExportColumn, ExportRows, WriterOutcome, WriterProgress } from './export-types.ts';

export interface DelimitedInput {
  columns: ReadonlyArray<ExportColumn>;
  rows: ExportRows | ArrivingRows;
  header: 'names' | 'labels';
  /** ',', ';', '|' or '\t'. */
  delimiter: string;
  bom: boolean;
  /**
   * Prefix text that a spreadsheet would run as a formula (OWASP's CSV injection advice). Off for the
   * statistics bundles' data file, which R, Stata and SPSS read as data and must hold the values as they are.
   */
  neutralise: boolean;
}

/** = + - @ tab CR: the first characters that make Excel, LibreOffice or Sheets read a cell as a formula. */
function startsLikeFormula(value: string): boolean {
  const c = value.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

const plainNumber = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The cell as a spreadsheet should read it, or null when it is safe as it is. A number in a numeric
 * column ("-3.5") is data, not a formula: prefixing it would turn it into text.
 */
export function neutralisedCell(value: string, numericColumn: boolean): string | null {
  if (value === '' || !startsLikeFormula(value)) return null;
  if (numericColumn && plainNumber.test(value)) return null;
  return `'${value}`;
}

export function injectionNote(cells: number): string {
  return `${cells.toLocaleString('en-US')} cell${cells === 1 ? '' : 's'} starting with = + - @ ${cells === 1 ? 'was' : 'were'} prefixed with ' so spreadsheets show ${cells === 1 ? 'it' : 'them'} as text`;
}

const bufferBytes = 1 << 20;

/** Where delimited text goes: a file, or an entry of a ZIP archive (the web shell's statistics bundles). */
export interface ByteSink {
  write(bytes: Buffer): Promise<void>;
}

/**
 * Streams rows as delimited text: RFC 4180 quoting and CRLF line ends (csv-format.ts), UTF-8 with an
 * optional byte-order mark, formula-like text neutralised when asked. Lines are encoded one at a time
 * into a 1 MB buffer: joining them into one long string first costs more than the formatting itself.
 */
export async function writeDelimitedTo(sink: ByteSink, input: DelimitedInput, progress: WriterProgress): Promise<WriterOutcome> {
  const { columns, delimiter } = input;
  const numeric = columns.map((column) => column.kind === 'integer' || column.kind === 'number');
  let neutralised = 0;
  const safeRow = (row: ReadonlyArray<string>): ReadonlyArray<string> => {
    if (!input.neutralise) return row;
    let copy: string[] | null = null;
    for (let i = 0; i < row.length; i++) {
      const fixed = neutralisedCell(row[i]!, numeric[i]!);
      if (fixed === null) continue;
      copy ??= row.slice();
      copy[i] = fixed;
      neutralised++;
    }
    return copy ?? row;
  };

  let buffer = Buffer.allocUnsafe(bufferBytes);
  let used = 0;
  const flush = async (): Promise<void> => {
    if (used === 0) return;
    const full = buffer.subarray(0, used);
    buffer = Buffer.allocUnsafe(bufferBytes);
    used = 0;
    await sink.write(full);
  };
  const put = async (line: string): Promise<void> => {
    // A UTF-16 unit never takes more than 3 bytes in UTF-8.
    if (line.length * 3 > bufferBytes - used) {
      await flush();
      if (line.length * 3 > bufferBytes) return sink.write(Buffer.from(line, 'utf8'));
    }
    used += buffer.write(line, used, 'utf8');
  };

  let rows = 0;
  const header = columns.map((column) => (input.header === 'labels' ? column.label : column.name));
  // Header cells are text too: a label such as "=total" is neutralised like any cell (never numeric).
  await put((input.bom ? utf8Bom : '') + csvLine(input.neutralise ? header.map((h) => neutralisedCell(h, false) ?? h) : header, delimiter));
  for await (const chunk of input.rows.chunks()) {
    progress.throwIfCancelled();
    for (const row of chunk) {
      const line = csvLine(safeRow(row), delimiter);
      if (line.length * 3 <= bufferBytes - used) used += buffer.write(line, used, 'utf8');
      else await put(line);
    }
    rows += chunk.length;
    progress.progress(rows);
  }
  await flush();
  return { rows, notes: neutralised > 0 ? [injectionNote(neutralised)] : [] };
}

/** writeDelimitedTo a file: writes exactly `path` (the export service writes to a temporary name and renames it). */
export async function writeDelimited(path: string, input: DelimitedInput, progress: WriterProgress): Promise<WriterOutcome> {
  const handle = await open(path, 'w', 0o600);
  try {
    const outcome = await writeDelimitedTo({ write: async (bytes) => void (await handle.write(bytes)) }, input, progress);
    await handle.sync();
    return outcome;
  } finally {
    await handle.close();
  }
}
