import { AppError } from '../../../shared/contract/errors.ts';
import { CsvRowReader, type Delimiter } from '../files/notes-preflight-reader.ts';

/** Why a file was refused before any row was read; crosses in `AppError.details.reason`. */
export type RefusalReason = 'empty' | 'binary' | 'header-only' | 'no-header' | 'blank-header' | 'duplicate-header' | 'broken-header';

export function refuse(reason: RefusalReason, message: string): AppError {
  return new AppError('VALIDATION', message, { details: { reason } });
}

/** File signatures people drop by mistake, with what to do instead. */
const signatures: Array<{ bytes: number[]; what: string; instead: string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or another zip archive', instead: 'Open it in Excel, choose File → Save As → "CSV UTF-8 (comma delimited)", and add that file' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old-style Excel workbook (.xls)', instead: 'Open it in Excel, choose File → Save As → "CSV UTF-8 (comma delimited)", and add that file' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', instead: 'Add the CSV file that holds the data' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', instead: 'Add the CSV file that holds the data' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document', instead: 'Add the CSV file that holds the data' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file', instead: 'Decompress it first and add the CSV inside' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database', instead: 'Export the table as CSV and add that file' },
];

/** Refuses a file whose first bytes say it is a known non-text format. */
export function refuseKnownBinary(start: Buffer, fileName: string): void {
  for (const { bytes, what, instead } of signatures) {
    if (bytes.every((b, i) => start[i] === b)) {
      throw refuse('binary', `${fileName} is ${what}, not a CSV file. ${instead}.`);
    }
  }
}

/**
 * Decoded text with many control characters or undecodable bytes is not a spreadsheet export. A few are
 * allowed (reported per row) so one stray NUL in a real CSV does not refuse the whole file.
 */
export function refuseIfBinary(text: Buffer, fileName: string): void {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) bad++;
    else if (c === 0xef && text[i + 1] === 0xbf && text[i + 2] === 0xbd) bad++; // U+FFFD: bytes that did not decode
  }
  if (bad > Math.max(8, text.length / 100)) {
    throw refuse('binary', `${fileName} does not look like a text file: it holds binary data. Add a CSV file (in Excel: File → Save As → "CSV UTF-8").`);
  }
}

const candidates: Delimiter[] = [',', ';', '\t'];
const sampleRows = 50;

/**
 * Picks the delimiter from the first rows, read with the real quoting rules so delimiters inside quoted
 * values do not count: the one that splits the header into several columns and most rows into the same
 * number. A semicolon file with decimal commas ("72,5") splits its header on semicolons only; a file
 * with no delimiter at all has one column and reads as comma-separated.
 */
export function detectDelimiter(sample: Buffer, complete: boolean): Delimiter {
  let best: Delimiter = ',';
  let bestScore = -1;
  let bestWidth = 1;
  for (const delimiter of candidates) {
    const widths: number[] = [];
    const reader = new CsvRowReader((raw) => {
      if (widths.length <= sampleRows && !(raw.fields.length === 1 && raw.sizes[0] === 0)) widths.push(raw.fields.length);
    }, delimiter);
    reader.push(sample);
    if (complete) reader.end();
    const width = widths[0] ?? 1;
    if (width < 2) continue;
    const data = widths.slice(1);
    const score = data.length === 0 ? 1 : data.filter((w) => w === width).length / data.length;
    if (score > bestScore || (score === bestScore && width > bestWidth)) {
      best = delimiter;
      bestScore = score;
      bestWidth = width;
    }
  }
  return best;
}

export interface CheckedHeader {
  /** Column names, trimmed, without trailing nameless columns. */
  names: string[];
  /** How many nameless columns at the end were left out (Excel adds them after stray cells). */
  droppedTrailing: number;
}

/** Refuses a header a mapping could not trust: nameless columns in the middle, or the same name twice. */
export function checkHeader(raw: string[], fileName: string): CheckedHeader {
  const names = raw.map((name) => name.trim());
  let end = names.length;
  while (end > 1 && names[end - 1] === '') end--;
  const kept = names.slice(0, end);
  if (kept.length === 1 && kept[0] === '') {
    throw refuse('no-header', `The first row of ${fileName} is empty, so its columns have no names. Put the REDCap field names in the first row and save the file again.`);
  }
  const blank = kept.indexOf('');
  if (blank >= 0) {
    const after = blank > 0 ? ` (after "${kept[blank - 1]}")` : '';
    throw refuse('blank-header', `Column ${blank + 1}${after} of ${fileName} has no name in the header row. Give it the REDCap field name it holds, or delete the column, and save the file again.`);
  }
  const seen = new Map<string, number>();
  for (const [i, name] of kept.entries()) {
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw refuse('duplicate-header', `${fileName} has two columns named "${name}" (columns ${first + 1} and ${i + 1}), so it is unclear which one to import. Rename or delete one of them and save the file again.`);
    }
    seen.set(key, i);
  }
  return { names: kept, droppedTrailing: names.length - end };
}
