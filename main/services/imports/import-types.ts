/**
 * Shared engine types for CSV → REDCap imports (issue 6). Other import modules (reader, journal, undo)
 * import from here; change only additively.
 */

/** One REDCap row key (classic projects: event/repeat parts are ''). */
export interface RowKey { record: string; event: string; repeatInstrument: string; repeatInstance: string }

/** A cell problem, 1-based data row (header = row 0), column as named in the file. */
export interface CellProblem {
  row: number;
  column: string | null;
  field: string | null;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

/** One row to send: REDCap flat-format values (codes, dates in YYYY-MM-DD); `previous` = the cached values of the
 *  same fields before the import (null for a new row), so an import can be undone. */
export interface PlannedRow { key: RowKey; values: Record<string, string>; previous: Record<string, string> | null }

export interface ImportPlan {
  rows: PlannedRow[];
  newRecords: string[];
  changedRows: number;
  unchangedRows: number;
  blanked: number;
  problems: CellProblem[];
  problemCount: number;
}
