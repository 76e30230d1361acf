// Reads an uploaded structured-data CSV as it streams in (reference §8): NAME, SCOPE, TYPE,
// PATIENT_ID, NOTE_ID, NOTE_DATETIME, VALUE in any order; SCOPE by its label or its snake-case name.

import { CsvFormatError, CsvRecordReader } from './csv-stream.ts';
import type { PartSink } from './multipart-stream.ts';

export const STRUCTURED_COLUMNS = ['NAME', 'SCOPE', 'TYPE', 'PATIENT_ID', 'NOTE_ID', 'NOTE_DATETIME', 'VALUE'] as const;
type Column = (typeof STRUCTURED_COLUMNS)[number];

const SCOPES: Record<string, 'note' | 'patient'> = {
  'many labels per note': 'note', 'one label per note': 'note', 'one label per patient': 'patient',
  many_per_note: 'note', one_per_note: 'note', one_per_patient: 'patient',
};
const TYPES: ReadonlySet<string> = new Set(['text', 'boolean', 'integer', 'float', 'timestamp']);

export class StructuredCsvSink implements PartSink {
  #decoder = new TextDecoder('utf-8');
  #reader = new CsvRecordReader();
  #columns: Record<Column, number> | undefined;
  bytes = 0;
  rows = 0;
  elements = new Set<string>();
  error: string | undefined;

  write(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.error === undefined) this.#take(() => this.#reader.push(this.#decoder.decode(chunk, { stream: true })));
  }

  end(): void {
    if (this.error === undefined) this.#take(() => [...this.#reader.push(this.#decoder.decode()), ...this.#reader.end()]);
    if (this.error === undefined && this.#columns === undefined) this.error = 'The CSV file is empty.';
  }

  get maxHeldBytes(): number {
    return this.#reader.maxHeldChars;
  }

  #take(read: () => Array<{ fields: string[] }>): void {
    let records;
    try {
      records = read();
    } catch (error) {
      if (!(error instanceof CsvFormatError)) throw error;
      this.error = `Could not read the CSV file: ${error.message}.`;
      return;
    }
    for (const { fields } of records) {
      if (this.error !== undefined) return;
      if (this.#columns === undefined) this.#header(fields);
      else if (!(fields.length === 1 && fields[0] === '')) this.#row(fields);
    }
  }

  #header(fields: string[]): void {
    const found: Partial<Record<Column, number>> = {};
    fields.forEach((name, index) => {
      const key = name.trim().toUpperCase() as Column;
      if ((STRUCTURED_COLUMNS as readonly string[]).includes(key)) found[key] ??= index;
    });
    const missing = STRUCTURED_COLUMNS.filter((column) => found[column] === undefined);
    if (missing.length > 0) this.error = `Missing required column(s): ${missing.join(', ')}. A structured data CSV needs the columns ${STRUCTURED_COLUMNS.join(', ')}.`;
    else this.#columns = found as Record<Column, number>;
  }

  #row(fields: string[]): void {
    const columns = this.#columns;
    if (columns === undefined) return;
    this.rows++;
    const get = (column: Column): string => (fields[columns[column]] ?? '').trim();
    const where = `Row ${this.rows}`;
    if (get('NAME') === '') this.error = `${where}: NAME must not be empty.`;
    else if (SCOPES[get('SCOPE').toLowerCase()] === undefined) this.error = `${where}: unknown SCOPE '${get('SCOPE')}'. Use Many Labels Per Note, One Label Per Note or One Label Per Patient.`;
    else if (!TYPES.has(get('TYPE'))) this.error = `${where}: unknown TYPE '${get('TYPE')}'. Use one of ${[...TYPES].join(', ')}.`;
    else if (get('PATIENT_ID') === '') this.error = `${where}: PATIENT_ID must not be empty.`;
    else if (SCOPES[get('SCOPE').toLowerCase()] === 'note' && get('NOTE_ID') === '') this.error = `${where}: NOTE_ID is required for note-level data.`;
    else this.elements.add(get('NAME'));
  }
}
