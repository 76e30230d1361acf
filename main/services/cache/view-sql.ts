import type { SortKey, ValueMode } from '../../../shared/contract/datasets.ts';
import { sqlColumn, type DatasetColumn } from './dataset-columns.ts';
import { fold } from './fold.ts';

/** A string literal for SQL built from server-supplied text (choice labels): quotes doubled, NULs dropped. */
export function sqlText(value: string): string {
  return `'${value.replaceAll('\u0000', '').replaceAll("'", "''")}'`;
}

/** The SQL expression that yields what a cell shows in the given mode. */
export function valueExpression(column: DatasetColumn, index: number, mode: ValueMode): string {
  const raw = sqlColumn(index);
  if (mode === 'raw' || !column.valueLabels) return raw;
  const entries = Object.entries(column.valueLabels);
  if (entries.length === 0) return raw;
  const cases = entries.map(([code, label]) => `WHEN ${sqlText(code)} THEN ${sqlText(label)}`).join(' ');
  return `(CASE ${raw} ${cases} ELSE ${raw} END)`;
}

/** Blanks sort last in both directions; numbers as numbers; text without regard to case. */
export function orderBy(columns: DatasetColumn[], sort: SortKey[], mode: ValueMode): string {
  const terms: string[] = [];
  for (const key of sort) {
    const index = columns.findIndex((column) => column.name === key.column);
    if (index < 0) continue;
    const column = columns[index]!;
    const expression = valueExpression(column, index, mode);
    const direction = key.direction === 'desc' ? 'DESC' : 'ASC';
    const numeric = column.numeric && (mode === 'raw' || !column.valueLabels);
    terms.push(`(${expression} = '') ASC`);
    terms.push(numeric ? `CAST(${expression} AS REAL) ${direction}` : `${expression} COLLATE NOCASE ${direction}`);
  }
  terms.push('ord ASC', 'rowid ASC');
  return terms.join(', ');
}

/** Splits the filter box into folded words; every word must occur in the row. */
export function filterWords(filter: string): string[] {
  return fold(filter)
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .slice(0, 16);
}

/** The stored column holding a row's folded search text in a mode (filled by the dataset writer). */
export function searchColumn(mode: ValueMode): string {
  return mode === 'raw' ? 'search_raw' : 'search_label';
}

/** The folded search text of a subset of columns, computed per row (the stored one covers all columns). */
export function subsetSearchExpression(columns: DatasetColumn[], indexes: number[], mode: ValueMode): string {
  const parts = indexes.map((index) => valueExpression(columns[index]!, index, mode));
  return `carrel_fold(concat_ws(char(31), ${parts.join(', ')}))`;
}
