// What every export writer is given: typed columns, the rows in order, the dataset's dictionary and the
// "About" facts. The export service builds these from the view and the cache; writers only format.

/** How a column's values are written: numbers and dates become typed cells in XLSX; `id` and `text` stay text (leading zeros, long digit strings). */
export type ExportCellKind = 'text' | 'id' | 'integer' | 'number' | 'date' | 'datetime' | 'time';

export interface ExportColumn {
  /** Field name as exported (`race___2`). */
  name: string;
  /** The label the table shows. */
  label: string;
  kind: ExportCellKind;
}

/** One line of the Dictionary sheet (and the statistics scripts' labels). */
export interface DictionaryEntry {
  field: string;
  label: string;
  /** REDCap field type, or the BrainSTEM/Brim column type. */
  type: string;
  /** REDCap text validation (date_ymd, integer…), '' when none. */
  validation: string;
  /** Choice codes and labels, in the order the project defines them. */
  choices: Array<{ code: string; label: string }>;
  form: string | null;
}

/** Key/value facts for the About sheet: source server, project, dataset, filters, sync and export times, Carrel version. */
export type ExportAbout = Array<{ key: string; value: string }>;

/** Rows in export order, each cell the string the cache holds ('' for empty), in chunks so memory stays flat. */
export interface ExportRows {
  total: number;
  chunks(): Iterable<string[][]>;
}

/** Rows that arrive while they are written (an export during its sync): delimited text only. */
export interface ArrivingRows {
  /** The rows expected in all (for progress; the count written is what arrived). */
  total: number;
  chunks(): AsyncIterable<string[][]>;
}

/** What a writer reports back: counted rows and sheets, and sentences for the user (job result `notes`). */
export interface WriterOutcome {
  rows: number;
  notes: string[];
}

/** Called between chunks: throws when the job was cancelled; reports rows written. */
export interface WriterProgress {
  throwIfCancelled(): void;
  progress(rowsWritten: number): void;
}
