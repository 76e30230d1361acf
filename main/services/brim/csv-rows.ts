import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../../shared/contract/errors.ts';

/**
 * An incremental RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF, newlines inside quotes) over
 * a file read in chunks, so a result export of any size is loaded with flat memory. csv-parse is not a
 * dependency of Carrel and a result file needs nothing beyond the RFC.
 */
export class CsvRowSplitter {
  private field = '';
  private row: string[] = [];
  private quoted = false;
  /** A quote seen inside a quoted field: either the end of the quotes or the first of a doubled pair. */
  private quotePending = false;
  private lastWasCr = false;
  private fieldStarted = false;

  /** Feeds text; returns the rows completed by it. */
  push(text: string): string[][] {
    const rows: string[][] = [];
    let plainStart = -1;
    const flushPlain = (end: number): void => {
      if (plainStart >= 0) {
        this.field += text.slice(plainStart, end);
        plainStart = -1;
      }
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === 0x22) {
            this.field += '"';
            continue;
          }
          this.quoted = false;
          // fall through: c is handled as unquoted text after the closing quote
        } else if (c === 0x22) {
          flushPlain(i);
          this.quotePending = true;
          continue;
        } else {
          if (plainStart < 0) plainStart = i;
          continue;
        }
      }
      if (c === 0x0a && this.lastWasCr) {
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = false;
      if (c === 0x22 && !this.fieldStarted) {
        this.quoted = true;
        this.fieldStarted = true;
      } else if (c === 0x2c) {
        flushPlain(i);
        this.endField();
      } else if (c === 0x0a || c === 0x0d) {
        flushPlain(i);
        this.lastWasCr = c === 0x0d;
        this.endField();
        rows.push(this.row);
        this.row = [];
      } else {
        this.fieldStarted = true;
        if (plainStart < 0) plainStart = i;
      }
    }
    flushPlain(text.length);
    return rows;
  }

  /** The last row when the file does not end with a newline; throws on an unclosed quote. */
  end(): string[] | null {
    if (this.quoted && !this.quotePending) throw new AppError('BAD_RESPONSE', 'The results file ended inside a quoted value: it was cut off. Fetch the results again.', { retryable: true });
    if (!this.fieldStarted && this.row.length === 0) return null;
    this.endField();
    const row = this.row;
    this.row = [];
    return row;
  }

  private endField(): void {
    this.row.push(this.field);
    this.field = '';
    this.fieldStarted = false;
    this.quoted = false;
    this.quotePending = false;
  }
}

/** Reads a UTF-8 CSV file (BOM dropped) in batches of rows; blank lines are skipped. */
export async function* readCsvRows(path: string, signal?: AbortSignal): AsyncGenerator<string[][]> {
  const splitter = new CsvRowSplitter();
  const decoder = new StringDecoder('utf8');
  let first = true;
  const keep = (rows: string[][]): string[][] => rows.filter((row) => !(row.length === 1 && row[0] === ''));
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024, ...(signal ? { signal } : {}) })) {
    let text = decoder.write(chunk as Buffer);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const rows = keep(splitter.push(text));
    if (rows.length > 0) yield rows;
  }
  const tail = keep(splitter.push(decoder.end()));
  const last = splitter.end();
  if (last) tail.push(...keep([last]));
  if (tail.length > 0) yield tail;
}
