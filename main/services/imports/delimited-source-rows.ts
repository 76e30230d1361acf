import type { RawRow, RowFlaw } from '../files/notes-preflight-reader.ts';
import type { CellProblem } from './import-types.ts';

/**
 * Every problem is counted; only the first `max` are kept, so a file with a formula on every one of a
 * million rows still gives a small list. Messages name rows and columns, never cell contents (which may
 * be protected health information).
 */
export class ProblemList {
  count = 0;
  errors = 0;
  private readonly kept: CellProblem[] = [];
  private readonly max: number;
  private readonly listener: ((problem: CellProblem) => void) | undefined;

  /** `listener` sees every problem, also past the kept ones (the problems CSV lists them all). */
  constructor(max = 1000, listener?: (problem: CellProblem) => void) {
    this.max = max;
    this.listener = listener;
  }

  add(problem: Omit<CellProblem, 'field'>): void {
    this.count++;
    this.listener?.({ ...problem, field: null });
    if (problem.severity === 'error') this.errors++;
    if (this.kept.length < this.max) this.kept.push({ ...problem, field: null });
  }

  list(): CellProblem[] {
    return [...this.kept];
  }
}

export interface SourceRow {
  /** 1-based data row: the header is row 0, blank lines count (so numbers match what a spreadsheet shows, less one). */
  row: number;
  /** One value per header column, exactly as in the file (not trimmed). */
  cells: string[];
}

const skipped = 'The row was skipped.';

const flawText: Record<Exclude<RowFlaw, 'stray-quote'>, string> = {
  'text-after-quote': 'has text after the closing quote of its value. Put the whole value in quotes and double any quote inside it (""), then save the file again.',
  'unclosed-quote': 'opens a quote that is never closed, so everything after it to the end of the file was read as that one value. Close or remove the quote and save the file again.',
  'oversized-field': 'holds a value over 64 MB, far too large to import. Check the quoting around it.',
};

/** A number, also with a decimal comma: "-5", "+1.5", "-3,25", "-1e5" are values, not formulas. */
const numberLike = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/;

/**
 * A value a spreadsheet would run as a formula when the data is opened there again (CSV injection):
 * "=" followed by anything, or "+", "-", "@" followed by something that is not a number.
 */
export function looksLikeFormula(value: string): boolean {
  const first = value[0];
  if (first !== '=' && first !== '+' && first !== '-' && first !== '@') return false;
  const rest = value.slice(1).trim();
  if (rest === '') return false;
  return first === '=' || !numberLike.test(value.trim());
}

/** Turns the reader's raw rows into checked rows of the header's width, reporting and skipping broken ones. */
export class RowChecker {
  private readonly header: string[];
  private readonly problems: ProblemList;

  constructor(header: string[], problems: ProblemList) {
    this.header = header;
    this.problems = problems;
  }

  check(row: number, raw: RawRow): SourceRow | null {
    const { header, problems } = this;
    const column = (i: number): string | null => header[i] ?? null;
    const where = (i: number): string => (header[i] === undefined ? `Row ${row}, value ${i + 1} (past the last column)` : `Row ${row}, column "${header[i]}"`);
    // A row broken by its quoting is skipped; stray quotes in it are a symptom, not worth a second message.
    const broken = raw.flaws.some((flaw) => flaw !== 'stray-quote');
    for (const [k, flaw] of raw.flaws.entries()) {
      const at = raw.flawFields[k] ?? 0;
      if (flaw === 'stray-quote') {
        if (broken) continue;
        const message = `${where(at)}: a quote inside a value that is not itself in quotes; it was read as a plain quote character. Check the value is what you meant.`;
        problems.add({ row, column: column(at), severity: 'warning', code: 'stray-quote', message });
        continue;
      }
      problems.add({ row, column: column(at), severity: 'error', code: flaw, message: `${where(at)} ${flawText[flaw]} ${skipped}` });
    }
    if (broken) return null;

    const cells = raw.fields.map((field) => field.toString('utf8'));
    if (cells.length < header.length) {
      const message = `Row ${row} has ${cells.length} value${cells.length === 1 ? '' : 's'} but the header has ${header.length} columns; the first missing one is "${header[cells.length]}". Look for a missing delimiter or a line break in an unquoted value. ${skipped}`;
      problems.add({ row, column: header[cells.length]!, severity: 'error', code: 'ragged', message });
      return null;
    }
    if (cells.length > header.length) {
      // Empty values past the last column (Excel's trailing delimiters) lose nothing: drop them quietly.
      if (cells.slice(header.length).some((cell) => cell !== '')) {
        const range = cells.length - header.length === 1 ? `value ${header.length + 1} has` : `values ${header.length + 1}–${cells.length} have`;
        const message = `Row ${row} has ${cells.length} values but the header has ${header.length} columns (${range} no column). Put values that contain the delimiter in quotes and save the file again. ${skipped}`;
        problems.add({ row, column: null, severity: 'error', code: 'ragged', message });
        return null;
      }
      cells.length = header.length;
    }
    for (const [i, cell] of cells.entries()) {
      if (cell.includes('\u0000')) {
        const message = `${where(i)}: the value contains a NUL (zero) byte, which is not text; the file may be damaged. Export it again from its source. ${skipped}`;
        problems.add({ row, column: column(i), severity: 'error', code: 'nul', message });
        return null;
      }
    }
    for (const [i, cell] of cells.entries()) {
      if (looksLikeFormula(cell)) {
        const message = `${where(i)}: the value starts with "${cell[0]}" and would run as a formula if the data is opened in a spreadsheet.`;
        problems.add({ row, column: column(i), severity: 'warning', code: 'formula', message });
      }
    }
    return { row, cells };
  }
}
