import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import type { DatasetColumn } from '../cache/dataset-columns.ts';
import { DatasetWriter, type DatasetMeta } from '../cache/dataset-writer.ts';
import { readCsvRows } from './csv-rows.ts';

export type BrimResultsKind = 'detailed' | 'patient';

export const brimResultDatasets = {
  detailed: 'brim_detailed',
  patient: 'brim_patient',
} as const satisfies Record<BrimResultsKind, string>;

/** Single-note results popped from Brim's queue are kept apart from the project exports, which they would otherwise be replaced by. */
export const brimQueueDataset = 'brim_queue';

const titles: Record<BrimResultsKind, string> = {
  detailed: 'Labels (detailed)',
  patient: 'Patients × variables',
};

const batchRows = 2000;
/** Plain decimal numbers only: ids such as `007` stay text so exports keep their leading zeros. */
const numberPattern = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;

/** Tracks which columns hold only numbers (ignoring empty cells), so they sort and export as numbers. */
class NumericColumns {
  private readonly seen: boolean[];
  private readonly allNumeric: boolean[];

  constructor(count: number) {
    this.seen = new Array<boolean>(count).fill(false);
    this.allNumeric = new Array<boolean>(count).fill(true);
  }

  observe(row: ReadonlyArray<string>): void {
    for (let i = 0; i < row.length; i++) {
      const value = row[i]!;
      if (value === '' || !this.allNumeric[i]) continue;
      this.seen[i] = true;
      if (!numberPattern.test(value)) this.allNumeric[i] = false;
    }
  }

  isNumeric(index: number): boolean {
    return this.seen[index]! && this.allNumeric[index]!;
  }
}

function isPatientColumn(name: string): boolean {
  return /^(patient_id|person_id|mrn)$/i.test(name.trim());
}

/** Column names from the header, made unique (a CSV may repeat a name; a dataset cannot). */
function headerColumns(header: ReadonlyArray<string>): DatasetColumn[] {
  const used = new Set<string>();
  return header.map((raw, index) => {
    const base = raw.trim() || `column_${index + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    used.add(name.toLowerCase());
    return { name, label: base, fieldType: 'text', form: null, numeric: false, isKey: isPatientColumn(base) };
  });
}

/**
 * Loads a Brim results CSV (already on disk) into a cache dataset: the header gives the columns, numbers
 * are marked numeric, and the rows are written beside the current copy and swapped in at the end, so the
 * previous results stay browsable until the new ones are complete. A short row is padded (trailing empty
 * cells left out); a row with more values than the header is refused as a damaged file.
 */
export async function loadResultsCsv(options: {
  db: DatabaseSync;
  dataset: string;
  title: string;
  path: string;
  signal?: AbortSignal;
  info?: Record<string, unknown>;
  onRows?: (rows: number) => void;
}): Promise<{ rows: number; columns: number }> {
  let writer: DatasetWriter | null = null;
  let columns: DatasetColumn[] = [];
  let numeric: NumericColumns | null = null;
  try {
    for await (const batch of readCsvRows(options.path, options.signal)) {
      let rows = batch;
      if (!writer) {
        columns = headerColumns(rows[0]!);
        numeric = new NumericColumns(columns.length);
        const keyColumn = columns.findIndex((column) => column.isKey);
        const meta: DatasetMeta = { title: options.title, group: 'records', ...(keyColumn >= 0 ? { keyColumn } : {}) };
        writer = DatasetWriter.begin(options.db, options.dataset, columns, meta);
        rows = rows.slice(1);
      }
      for (let start = 0; start < rows.length; start += batchRows) {
        const slice = rows.slice(start, start + batchRows).map((row) => fitRow(row, columns.length));
        for (const row of slice) numeric!.observe(row);
        writer.append(slice);
      }
      options.onRows?.(writer.rowCount);
      options.signal?.throwIfAborted();
    }
    if (!writer) throw new AppError('BAD_RESPONSE', 'Brim sent an empty results file (not even a header). Fetch the results again; if it stays empty, there may be nothing to export yet.');
    const finalColumns = columns.map((column, index) => (numeric!.isNumeric(index) && !column.isKey ? { ...column, numeric: true, fieldType: 'number' } : column));
    writer.commit({ syncedAt: new Date().toISOString(), columns: finalColumns, ...(options.info ? { info: options.info } : {}) });
    return { rows: writer.rowCount, columns: columns.length };
  } finally {
    writer?.abort();
  }
}

function fitRow(row: string[], width: number): string[] {
  if (row.length === width) return row;
  if (row.length > width) {
    // Extra empty cells (a trailing comma) are harmless; extra values are not.
    if (row.slice(width).every((cell) => cell === '')) return row.slice(0, width);
    throw new AppError('BAD_RESPONSE', `A row of the results file has ${row.length} values but the header names ${width} columns. Fetch the results again.`);
  }
  return [...row, ...new Array<string>(width - row.length).fill('')];
}

export function resultsTitle(kind: BrimResultsKind): string {
  return titles[kind];
}
