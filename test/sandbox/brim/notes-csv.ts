// Reads an uploaded notes CSV as it streams in (reference §1, §8): the five required columns in any
// order and case, one NOTE_ID per patient, readable datetimes, non-empty ids and titles. It counts
// bytes and rows as they arrive and keeps only a small digest of each note; the first problem found
// rejects the whole file, as Brim does.

import { CsvFormatError, CsvRecordReader } from './csv-stream.ts';
import { findAll } from './labeller.ts';
import type { PartSink } from './multipart-stream.ts';
import type { NoteDigest } from './store.ts';

export const REQUIRED_NOTE_COLUMNS = ['NOTE_ID', 'PERSON_ID', 'NOTE_DATETIME', 'NOTE_TEXT', 'NOTE_TITLE'] as const;
type Column = (typeof REQUIRED_NOTE_COLUMNS)[number];

/** `YYYY-MM-DD HH:MM:SS` from the forms Brim accepts (ISO with T/Z, missing seconds, date alone); undefined if unreadable. */
export function normaliseDatetime(raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

export interface NotesReadResult {
  bytes: number;
  rows: number;
  notes: NoteDigest[];
  /** Brim's message for the first problem; the file is rejected when set. */
  error: string | undefined;
  /** Most bytes of the upload held at once while reading (decoder + record being read). */
  maxHeldBytes: number;
}

/** A sink for the csv_file part; `result()` is ready once the part has ended. */
export class NotesCsvSink implements PartSink {
  #decoder = new TextDecoder('utf-8', { fatal: false });
  #reader = new CsvRecordReader();
  #columns: Record<Column, number> | undefined;
  #seen = new Map<string, Set<string>>();
  #started = false;
  #result: NotesReadResult = { bytes: 0, rows: 0, notes: [], error: undefined, maxHeldBytes: 0 };
  readonly #uploadTaskId: string;

  constructor(uploadTaskId: string) {
    this.#uploadTaskId = uploadTaskId;
  }

  write(chunk: Buffer): void {
    this.#result.bytes += chunk.length;
    this.#result.maxHeldBytes = Math.max(this.#result.maxHeldBytes, chunk.length);
    if (!this.#started) {
      this.#started = true;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) this.#fail('The CSV file must be UTF-8 encoded (this one looks like UTF-16).');
    }
    if (this.#result.error !== undefined) return;
    this.#take(() => this.#reader.push(this.#decoder.decode(chunk, { stream: true })));
  }

  end(): void {
    if (this.#result.error !== undefined) return;
    this.#take(() => [...this.#reader.push(this.#decoder.decode()), ...this.#reader.end()]);
    if (this.#result.error === undefined && this.#columns === undefined) this.#fail('The CSV file is empty.');
    this.#result.maxHeldBytes = Math.max(this.#result.maxHeldBytes, this.#reader.maxHeldChars);
  }

  result(): NotesReadResult {
    return this.#result;
  }

  #fail(message: string): void {
    this.#result.error ??= message;
    // A rejected file keeps nothing.
    this.#result.notes = [];
  }

  #take(read: () => Array<{ fields: string[]; line: number }>): void {
    let records;
    try {
      records = read();
    } catch (error) {
      if (!(error instanceof CsvFormatError)) throw error;
      return this.#fail(`Could not read the CSV file: ${error.message}.`);
    }
    for (const record of records) {
      if (this.#result.error !== undefined) return;
      if (this.#columns === undefined) this.#header(record.fields);
      else this.#row(record.fields, record.line);
    }
  }

  #header(fields: string[]): void {
    const found: Partial<Record<Column, number>> = {};
    fields.forEach((name, index) => {
      const key = name.trim().toUpperCase() as Column;
      if ((REQUIRED_NOTE_COLUMNS as readonly string[]).includes(key) && found[key] === undefined) found[key] = index;
    });
    const missing = REQUIRED_NOTE_COLUMNS.filter((column) => found[column] === undefined);
    if (missing.length > 0) {
      return this.#fail(`Missing required column(s): ${missing.join(', ')}. A notes CSV needs the columns ${REQUIRED_NOTE_COLUMNS.join(', ')}.`);
    }
    this.#columns = found as Record<Column, number>;
  }

  #row(fields: string[], line: number): void {
    const columns = this.#columns;
    if (columns === undefined) return;
    if (fields.length === 1 && fields[0] === '') return; // a blank line
    this.#result.rows++;
    const get = (column: Column): string => fields[columns[column]] ?? '';
    const noteId = get('NOTE_ID').trim();
    const personId = get('PERSON_ID').trim();
    if (noteId === '' || personId === '') return this.#fail(`Row ${this.#result.rows} (line ${line}): NOTE_ID and PERSON_ID must not be empty.`);
    const seen = this.#seen.get(personId) ?? new Set<string>();
    if (seen.has(noteId)) return this.#fail(`Document ID '${noteId}' for patient MRN '${personId}' appears multiple times in the file`);
    seen.add(noteId);
    this.#seen.set(personId, seen);
    const datetime = normaliseDatetime(get('NOTE_DATETIME'));
    if (datetime === undefined) return this.#fail(`Invalid NOTE_DATETIME for document ID '${noteId}' (patient MRN '${personId}'): use YYYY-MM-DD HH:MM:SS.`);
    const title = get('NOTE_TITLE').trim();
    if (title === '') return this.#fail(`NOTE_TITLE is empty for document ID '${noteId}' (patient MRN '${personId}').`);
    const text = get('NOTE_TEXT');
    const { findings, firstSentence } = findAll(text);
    this.#result.notes.push({
      noteId, personId, datetime, title, textBytes: Buffer.byteLength(text), firstSentence, findings, uploadTaskId: this.#uploadTaskId, labelledBy: null,
    });
  }
}
