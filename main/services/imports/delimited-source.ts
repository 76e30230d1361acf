import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import { ToUtf8, type NotesEncoding } from '../files/notes-preflight-encoding.ts';
import { CsvRowReader, type Delimiter, type RawRow } from '../files/notes-preflight-reader.ts';
import { ProblemList, RowChecker, type SourceRow } from './delimited-source-rows.ts';
import { checkHeader, detectDelimiter, refuse, refuseIfBinary, refuseKnownBinary } from './delimited-source-sniff.ts';
import type { CellProblem } from './import-types.ts';

export type SourceEncoding = NotesEncoding;
export type { Delimiter } from '../files/notes-preflight-reader.ts';
export type { SourceRow } from './delimited-source-rows.ts';

export interface DelimitedSourceOptions {
  signal?: AbortSignal;
  /** Called after each chunk read (about every megabyte) while rows are read. */
  onProgress?: (bytes: number, total: number) => void;
  /** Every problem found (header and each `rows()` pass), also past the first 1,000 that `problems()` keeps. */
  onProblem?: (problem: CellProblem) => void;
}

export interface DelimitedSource {
  /** As far as the file has been read: a later part can still turn out to be Windows-1252 (final after one full `rows()` pass). */
  readonly encoding: SourceEncoding;
  readonly delimiter: Delimiter;
  /** Column names as in the file, trimmed; nameless trailing columns left out. */
  readonly header: string[];
  /**
   * The data rows, streamed from disk; each call reads the file again from the start, so a validation pass
   * and an import pass each see every row with flat memory. Rows with an error problem are not yielded.
   */
  rows(): AsyncIterable<SourceRow>;
  /** Header problems plus those of the latest `rows()` pass (the first 1,000; all are counted). */
  problems(): CellProblem[];
  /** How many problems the latest pass found, also past the ones listed. */
  problemCount(): number;
}

const chunkBytes = 1024 * 1024;
/** How much of the start is read to detect the encoding, the delimiter and the header. */
const sampleBytes = 256 * 1024;

const encodingWarnings: Partial<Record<SourceEncoding, string>> = {
  'windows-1252': 'The file is not UTF-8; it was read as Windows-1252 (as Excel saves CSV on Windows). Check that accented letters look right in the preview.',
};

async function readStart(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Reads the sample's rows (strings) with the chosen delimiter; the last may be cut off unless the sample is the whole file. */
function sampleRecords(text: Buffer, delimiter: Delimiter, complete: boolean): RawRow[] {
  const rows: RawRow[] = [];
  const reader = new CsvRowReader((raw) => rows.push({ ...raw, fields: raw.fields.map((f) => Buffer.from(f)) }), delimiter);
  reader.push(text);
  if (complete) reader.end();
  return rows;
}

const isBlank = (raw: RawRow): boolean => raw.fields.length === 1 && raw.sizes[0] === 0;

/**
 * Opens a CSV (or semicolon- or tab-separated) file a user dropped: detects its encoding and delimiter
 * from the start, checks its header, and refuses files that cannot be imported (empty, binary, header
 * only, nameless or duplicate columns) with a message that says what to do. Rows are streamed later.
 */
export async function openDelimitedFile(path: string, options: DelimitedSourceOptions = {}): Promise<DelimitedSource> {
  const fileName = basename(path);
  let total: number;
  let start: Buffer;
  try {
    total = (await stat(path)).size;
    start = await readStart(path, Math.min(sampleBytes, total));
  } catch (error) {
    throw new AppError('FILE_SYSTEM', `${fileName} could not be read. It may have been moved or deleted; add it again.`, { cause: error });
  }
  const empty = `${fileName} is empty. Choose the CSV file that holds your data (the first row must be the column names).`;
  if (total === 0) throw refuse('empty', empty);
  refuseKnownBinary(start, fileName);

  const complete = start.length === total;
  const sniffer = new ToUtf8();
  const text = complete ? Buffer.concat([sniffer.push(start), sniffer.end()]) : sniffer.push(start);
  if (text.toString('utf8').trim() === '') throw refuse('empty', empty);
  refuseIfBinary(text, fileName);
  const delimiter = detectDelimiter(text, complete);

  const records = sampleRecords(text, delimiter, complete);
  const headerIndex = records.findIndex((raw) => !isBlank(raw));
  const headerRaw = records[headerIndex];
  if (!headerRaw) {
    throw refuse('no-header', `The first row of ${fileName} is not a header row of column names (it is longer than 256 KB or never ends). Check the file is a CSV export.`);
  }
  if (headerRaw.flaws.some((flaw) => flaw !== 'stray-quote')) {
    throw refuse('broken-header', `The header row (column names) of ${fileName} has a quote out of place, so its columns cannot be told apart. Fix the quotes in the first row and save the file again.`);
  }
  const { names: header, droppedTrailing } = checkHeader(headerRaw.fields.map((f) => f.toString('utf8')), fileName);
  if (complete && !records.slice(headerIndex + 1).some((raw) => !isBlank(raw))) {
    throw refuse('header-only', `${fileName} has column names but no rows of data. Add the rows under the header, or choose the file that holds them.`);
  }

  const headerProblems = new ProblemList(1000, options.onProblem);
  if (droppedTrailing > 0) {
    const message = `The header ends with ${droppedTrailing} column${droppedTrailing === 1 ? '' : 's'} without a name; ${droppedTrailing === 1 ? 'it was' : 'they were'} left out (a row with a value there is reported).`;
    headerProblems.add({ row: 0, column: null, severity: 'warning', code: 'blank-header', message });
  }

  const state: { encoding: SourceEncoding; pass: ProblemList } = { encoding: sniffer.encoding, pass: new ProblemList(1000, options.onProblem) };

  async function* rows(): AsyncGenerator<SourceRow> {
    const problems = new ProblemList(1000, options.onProblem);
    state.pass = problems;
    const checker = new RowChecker(header, problems);
    const toUtf8 = new ToUtf8();
    const ready: SourceRow[] = [];
    let record = -1;
    let mixedRecord = -1;
    const reader = new CsvRowReader((raw) => {
      record++;
      const row = Math.max(0, record - headerIndex);
      if (record === mixedRecord && row === 0) {
        const message = 'The header row is not all UTF-8 (the file mixes two encodings), so column names and letters may be wrong. Save the file again as UTF-8 (in Excel: "CSV UTF-8") and import it again.';
        problems.add({ row, column: null, severity: 'error', code: 'encoding', message });
      }
      if (record <= headerIndex) return;
      if (record === mixedRecord) {
        const message = `Row ${row}: from here on the file is no longer UTF-8 (it mixes two encodings), so letters may be wrong. Save the file again as UTF-8 (in Excel: "CSV UTF-8") and import it again. The row was skipped.`;
        problems.add({ row, column: null, severity: 'error', code: 'encoding', message });
        return;
      }
      if (isBlank(raw)) return;
      const checked = checker.check(row, raw);
      if (checked) ready.push(checked);
    }, delimiter);
    // The row being read when the bytes stop being UTF-8 is the one that is wrong: split the push there.
    const feed = (utf8: Buffer): void => {
      const at = toUtf8.mixedOutputAt;
      if (at === null || mixedRecord >= 0) return reader.push(utf8);
      reader.push(utf8.subarray(0, at));
      mixedRecord = record + 1;
      reader.push(utf8.subarray(at));
    };

    let bytes = 0;
    const stream = createReadStream(path, { highWaterMark: chunkBytes });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (options.signal?.aborted) throw new AppError('CANCELLED', 'Reading the file was cancelled.');
        feed(toUtf8.push(chunk));
        bytes += chunk.length;
        if (toUtf8.encoding !== 'utf-8') state.encoding = toUtf8.encoding;
        options.onProgress?.(bytes, total);
        yield* ready.splice(0);
      }
      feed(toUtf8.end());
      reader.end();
    } catch (error) {
      if (isAppError(error)) throw error;
      throw new AppError('FILE_SYSTEM', `Reading ${fileName} failed part way through. Check the file is still there and add it again.`, { cause: error });
    } finally {
      stream.destroy();
    }
    state.encoding = toUtf8.encoding;
    const warning = encodingWarnings[toUtf8.encoding];
    if (warning) problems.add({ row: 0, column: null, severity: 'warning', code: 'encoding', message: warning });
    yield* ready.splice(0);
  }

  return {
    get encoding() {
      return state.encoding;
    },
    delimiter,
    header,
    rows,
    problems: () => [...headerProblems.list(), ...state.pass.list()],
    problemCount: () => headerProblems.count + state.pass.count,
  };
}
