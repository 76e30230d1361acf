import type { DatasetColumn } from './dataset-columns.ts';
import { sqlColumn } from './dataset-columns.ts';
import { cellSeparator, fold } from './fold.ts';

/** Every dataset table: c0…cN (text, one per column), then the row order and folded search texts. */
export function tableDefinition(columns: ReadonlyArray<DatasetColumn>): string {
  return [...columns.map((_, i) => `${sqlColumn(i)} TEXT NOT NULL`), 'ord INTEGER NOT NULL', 'search_raw TEXT NOT NULL', 'search_label TEXT NOT NULL'].join(', ');
}

export function insertStatementSql(table: string, columns: ReadonlyArray<DatasetColumn>): string {
  return `INSERT INTO ${table} VALUES (${Array.from({ length: columns.length + 3 }, () => '?').join(', ')})`;
}

/**
 * The values to insert for one row: its cells, its order, and its search text in both display modes,
 * folded once here so that the filter box scans a single column.
 */
export function rowValues(columns: ReadonlyArray<DatasetColumn>, row: ReadonlyArray<string>, ord: number): Array<string | number> {
  if (row.length !== columns.length) throw new Error(`row has ${row.length} values, the dataset has ${columns.length} columns`);
  let raw = '';
  let label = '';
  for (let i = 0; i < row.length; i++) {
    const value = row[i]!;
    const shown = columns[i]!.valueLabels?.[value] ?? value;
    if (i > 0) {
      raw += cellSeparator;
      label += cellSeparator;
    }
    raw += value;
    label += shown;
  }
  return [...row, ord, fold(raw), raw === label ? fold(raw) : fold(label)];
}
