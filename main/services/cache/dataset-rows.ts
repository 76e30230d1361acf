import type { DatasetColumn } from './dataset-columns.ts';
import { sqlColumn } from './dataset-columns.ts';
import { cellSeparator, fold } from './fold.ts';

/**
 * Every dataset table: c0…cN (text, one per column), then the row order and folded search texts. Both
 * search texts are NULL in rows written with the search text deferred (DatasetMeta.deferSearch), which
 * the filter folds as it reads them (searchHaystack) until fillDeferredSearch builds them. Tables
 * written before deferred search declare them NOT NULL; rows inserted later always carry both.
 */
export function tableDefinition(columns: ReadonlyArray<DatasetColumn>): string {
  return [...columns.map((_, i) => `${sqlColumn(i)} TEXT NOT NULL`), 'ord INTEGER NOT NULL', 'search_raw TEXT', 'search_label TEXT'].join(', ');
}

/** The meta key marking a dataset written with its search text deferred (some rows' search text is NULL). */
export function deferredSearchKey(dataset: string): string {
  return `search.deferred.${dataset}`;
}

export function insertStatementSql(table: string, columns: ReadonlyArray<DatasetColumn>): string {
  return `INSERT INTO ${table} VALUES (${Array.from({ length: columns.length + 3 }, () => '?').join(', ')})`;
}

/**
 * The values to insert for one row: its cells, its order, and its search text in both display modes,
 * folded once here so that the filter box scans a single column. `deferSearch` leaves the search text
 * NULL; the filter box then folds such rows as it reads them (see searchHaystack).
 */
export function rowValues(columns: ReadonlyArray<DatasetColumn>, row: ReadonlyArray<string>, ord: number, deferSearch = false): Array<string | number | null> {
  if (row.length !== columns.length) throw new Error(`row has ${row.length} values, the dataset has ${columns.length} columns`);
  if (deferSearch) {
    const values: Array<string | number | null> = row.slice();
    values.push(ord, null, null);
    return values;
  }
  const raw = row.join(cellSeparator);
  let label: string | null = null;
  for (let i = 0; i < row.length; i++) {
    const shown = shownValue(columns[i]!, row[i]!);
    if (shown !== row[i]) {
      label = row.map((value, j) => shownValue(columns[j]!, value)).join(cellSeparator);
      break;
    }
  }
  // The label text is stored even when it equals the raw text: tables written before deferred search
  // declare both columns NOT NULL, and patches still insert into them.
  const folded = fold(raw);
  const values: Array<string | number | null> = row.slice();
  values.push(ord, folded, label === null ? folded : fold(label));
  return values;
}

/** A cell as label mode shows it (view-sql.ts valueExpression does the same in SQL): its value label, or itself. */
export function shownValue(column: DatasetColumn, value: string): string {
  const labels = column.valueLabels;
  if (labels === undefined || !Object.hasOwn(labels, value)) return value;
  return labels[value]!;
}
