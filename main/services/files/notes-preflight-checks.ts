import { readNoteDatetime } from './notes-preflight-datetime.ts';
import type { ProblemLog } from './notes-preflight-problems.ts';
import type { RawRow } from './notes-preflight-reader.ts';

/** The columns Brim requires, in the order its own converter writes them (and the corrected copy does). */
export const requiredColumns = ['NOTE_ID', 'PERSON_ID', 'NOTE_DATETIME', 'NOTE_TEXT', 'NOTE_TITLE'] as const;
export type RequiredColumn = (typeof requiredColumns)[number];

/** Brim's converter fills empty titles with this, so the corrected copy does too. */
export const emptyTitleFill = 'Unknown title';
/** The largest note Brim is known to have taken is 3.3 MB; past this, warn. */
export const hugeTextBytes = 4 * 1024 * 1024;

/** Names people use for the patient or note id, to say which column to rename. */
const lookalikes: Partial<Record<RequiredColumn, readonly string[]>> = {
  PERSON_ID: ['PATIENT_ID', 'MRN', 'PERSONID', 'PATIENTID', 'SUBJECT_ID'],
  NOTE_ID: ['DOCUMENT_ID', 'NOTEID', 'DOC_ID'],
  NOTE_TEXT: ['TEXT', 'NOTE', 'BODY'],
  NOTE_DATETIME: ['NOTE_DATE', 'DATETIME', 'DATE'],
  NOTE_TITLE: ['TITLE', 'NOTE_TYPE'],
};

export interface Header {
  /** The file's own name of each required column, or null. */
  columns: Record<RequiredColumn, string | null>;
  /** Field index of each required column (-1 when missing). */
  index: Record<RequiredColumn, number>;
  width: number;
  complete: boolean;
}

export function readHeader(fields: Buffer[], log: ProblemLog): Header {
  const names = fields.map((field) => field.toString('utf8').replace(/^\uFEFF/, '').trim());
  const columns = {} as Record<RequiredColumn, string | null>;
  const index = {} as Record<RequiredColumn, number>;
  let complete = true;
  for (const column of requiredColumns) {
    const found = names.flatMap((name, i) => (name.toUpperCase() === column ? [i] : []));
    columns[column] = found.length > 0 ? names[found[0]!]! : null;
    index[column] = found[0] ?? -1;
    if (found.length > 1) {
      complete = false;
      log.fileProblem('duplicate-column', `The header has ${found.length} columns named ${column}; keep one.`, false, column);
    }
    if (found.length === 0) {
      complete = false;
      const similar = names.find((name) => lookalikes[column]?.includes(name.toUpperCase()));
      const hint = similar !== undefined ? ` The file has a column "${similar}": if that is it, rename it ${column}.` : names.length === 1 && names[0]!.includes(';') ? ' The header has no commas: save the file as comma-separated CSV.' : '';
      log.fileProblem('missing-column', `The required column ${column} is missing.${hint}`, false, column);
    }
  }
  return { columns, index, width: fields.length, complete };
}

/** True for a field that is empty or only whitespace; large fields are not looked at (they are not empty). */
function blank(field: Buffer): boolean {
  if (field.length > 256) return false;
  for (let i = 0; i < field.length; i++) {
    const c = field[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c === 0xc2 && field[i + 1] === 0xa0 ? blank(field.subarray(i + 2)) : false;
  }
  return true;
}

/**
 * Checks each data row and gives the row to write to the corrected copy (null: leave it out). Duplicate
 * NOTE_IDs are found with one map of "patient, note" keys (about 70 bytes a note: 7 MB for 100,000).
 */
export class NoteRowChecker {
  rows = 0;
  private readonly header: Header;
  private readonly log: ProblemLog;
  private readonly seen = new Map<string, number>();
  private readonly patients = new Set<string>();
  private firstDayFirstRow: number | null = null;
  private firstAmbiguousRow: number | null = null;
  private readonly fill = Buffer.from(emptyTitleFill);

  constructor(header: Header, log: ProblemLog) {
    this.header = header;
    this.log = log;
  }

  get patientCount(): number {
    return this.patients.size;
  }

  check(raw: RawRow): Buffer[] | null {
    const row = ++this.rows;
    const { index } = this.header;
    const { fields } = raw;
    const text = (column: (typeof requiredColumns)[number]): string | null => {
      const i = index[column];
      return i >= 0 && i < fields.length ? fields[i]!.toString('utf8') : null;
    };
    const noteId = text('NOTE_ID');
    const personId = text('PERSON_ID');
    const add = (kind: Parameters<ProblemLog['add']>[0]['kind'], column: string | null, message: string, fixable: boolean): void =>
      this.log.add({ kind, row, column, noteId, personId, message, fixable });

    let usable = true;
    if (raw.flaws.includes('unclosed-quote')) {
      add('malformed-row', null, 'A quoted field starts here and is never closed, so the rest of the file reads as one field. Check the quotes in this row.', false);
      usable = false;
    } else if (raw.flaws.includes('text-after-quote')) {
      add('malformed-row', null, 'A quoted field has more characters after its closing quote. Quotes inside a field must be doubled ("").', false);
      usable = false;
    }
    if (raw.flaws.includes('oversized-field')) {
      add('malformed-row', null, 'A field in this row is larger than 64 MB; a quote is probably out of place.', false);
      usable = false;
    }
    if (usable && fields.length !== this.header.width) {
      add('malformed-row', null, `This row has ${fields.length} fields where the header has ${this.header.width}. A comma or quote is probably out of place.`, false);
      usable = false;
    }
    if (!usable || !this.header.complete) return null;
    if (raw.flaws.includes('stray-quote')) add('malformed-row', null, 'A field has a quote but is not quoted; the corrected copy quotes it.', true);

    const note = fields[index.NOTE_ID]!;
    const person = fields[index.PERSON_ID]!;
    if (blank(note) || blank(person)) {
      const which = blank(note) ? (blank(person) ? 'NOTE_ID and PERSON_ID are' : 'NOTE_ID is') : 'PERSON_ID is';
      add('empty-id', blank(note) ? 'NOTE_ID' : 'PERSON_ID', `${which} empty. Every note needs its own id and its patient's id.`, false);
    } else {
      this.patients.add(personId!);
      const key = `${personId}\u0000${noteId}`;
      const first = this.seen.get(key);
      if (first === undefined) this.seen.set(key, row);
      else add('duplicate-note-id', 'NOTE_ID', `This NOTE_ID is used again for the same patient (first in row ${first}). Brim rejects the whole file for this; give each note of a patient its own NOTE_ID.`, false);
    }

    let datetime = fields[index.NOTE_DATETIME]!;
    const reading = readNoteDatetime(datetime.toString('utf8'));
    if (reading.kind === 'bad') add('bad-datetime', 'NOTE_DATETIME', `NOTE_DATETIME ${reading.reason}.`, false);
    else if (reading.kind === 'normalised') {
      datetime = Buffer.from(reading.value);
      if (reading.order === 'day-first') this.firstDayFirstRow ??= row;
      if (reading.ambiguous) this.firstAmbiguousRow ??= row;
      const how = reading.note ? ` (${reading.note})` : '';
      add('datetime-format', 'NOTE_DATETIME', reading.value === '' ? 'NOTE_DATETIME has only spaces; the corrected copy leaves it empty.' : `NOTE_DATETIME is not in the form YYYY-MM-DD HH:MM:SS; the corrected copy writes it so${how}.`, true);
    }

    let title = fields[index.NOTE_TITLE]!;
    if (blank(title)) {
      title = this.fill;
      add('empty-title', 'NOTE_TITLE', `NOTE_TITLE is empty; the corrected copy fills in "${emptyTitleFill}", as Brim's own converter does.`, true);
    }

    const body = fields[index.NOTE_TEXT]!;
    const bodyBytes = raw.sizes[index.NOTE_TEXT]!;
    if (blank(body)) {
      add('empty-text', 'NOTE_TEXT', 'NOTE_TEXT is empty; there is nothing for Brim to read. The corrected copy leaves this note out.', true);
      return null;
    }
    if (bodyBytes > hugeTextBytes) add('huge-text', 'NOTE_TEXT', `NOTE_TEXT is ${(bodyBytes / 1024 / 1024).toFixed(1)} MB; the largest note Brim is known to handle is about 3 MB. It may be slow or fail; consider splitting it.`, false);
    return [note, person, datetime, body, title];
  }

  /** File-level findings that need the whole file: slash dates whose order the file contradicts. */
  finish(): void {
    if (this.firstDayFirstRow !== null && this.firstAmbiguousRow !== null) {
      this.log.fileProblem(
        'bad-datetime',
        `Dates with slashes cannot be read safely: row ${this.firstDayFirstRow} has the day first, but row ${this.firstAmbiguousRow} and others read the same either way (3/4 as March 4 or 3 April). Write NOTE_DATETIME as YYYY-MM-DD HH:MM:SS.`,
        false,
        'NOTE_DATETIME',
      );
    }
  }
}
