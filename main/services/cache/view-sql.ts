import type { DatabaseSync } from 'node:sqlite';
import type { SortKey, ValueMode, ViewCondition } from '../../../shared/contract/datasets.ts';
import { AppError } from '../../../shared/contract/errors.ts';
import { sqlColumn, type DatasetColumn } from './dataset-columns.ts';
import { fold, registerFold } from './fold.ts';

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

/**
 * A row's folded search text over all its columns in a mode: the stored one (filled by the dataset
 * writer), or, for rows written with the search text deferred (NULL), folded as the row is read.
 * Uses carrel_fold: register the view functions first.
 */
export function searchHaystack(columns: DatasetColumn[], mode: ValueMode): string {
  const all = columns.map((_, index) => index);
  const stored = mode === 'raw' ? 'search_raw' : 'search_label';
  return `coalesce(${stored}, ${subsetSearchExpression(columns, all, mode)})`;
}

/** The folded search text of a subset of columns, computed per row (the stored one covers all columns). */
export function subsetSearchExpression(columns: DatasetColumn[], indexes: number[], mode: ValueMode): string {
  const parts = indexes.map((index) => valueExpression(columns[index]!, index, mode));
  return `carrel_fold(concat_ws(char(31), ${parts.join(', ')}))`;
}

/**
 * One view condition as SQL over a stored (text) column. Without `op` it is the exact match on any of the
 * values that REDCap's record views have always used. The `i` operators compare folded text (case and
 * accents ignored, like the filter box); gt/gte/lt/lte/range compare as numbers when both the cell and
 * the value are numbers, else as text (so ISO dates order correctly), and never match a blank cell;
 * `isnull` treats a blank cell as null. `needsFunctions` says whether carrel_fold/carrel_number are used.
 */
export function conditionSql(condition: ViewCondition, columnSql: string): { sql: string; parameters: Array<string | number>; needsFunctions: boolean } {
  const op = condition.op ?? 'in';
  const values = condition.values;
  const folded = op.startsWith('i') && op !== 'in' && op !== 'isnull';
  const cell = folded ? `carrel_fold(${columnSql})` : columnSql;
  const value = (text: string): string => (folded ? fold(text) : text);
  let sql: string;
  const parameters: Array<string | number> = [];
  let needsFunctions = folded;
  const needOne = (): string => {
    const first = values[0];
    if (first === undefined) throw new AppError('VALIDATION', `The "${op}" condition on ${condition.column} needs a value.`);
    return first;
  };
  switch (op) {
    case 'in':
      sql = values.length === 0 ? '0' : `${columnSql} IN (${values.map(() => '?').join(', ')})`;
      parameters.push(...values);
      break;
    case 'exact':
    case 'iexact':
      if (values.length === 0) needOne();
      sql = `${cell} IN (${values.map(() => '?').join(', ')})`;
      parameters.push(...values.map(value));
      break;
    case 'contains':
    case 'icontains':
      sql = `instr(${cell}, ?) > 0`;
      parameters.push(value(needOne()));
      break;
    case 'startswith':
    case 'istartswith':
      sql = `substr(${cell}, 1, length(?)) = ?`;
      parameters.push(value(needOne()), value(needOne()));
      break;
    case 'endswith':
    case 'iendswith': {
      const end = value(needOne());
      sql = end === '' ? '1' : `substr(${cell}, -length(?)) = ?`;
      if (end !== '') parameters.push(end, end);
      break;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const comparison = compare(columnSql, { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op], needOne());
      sql = comparison.sql;
      parameters.push(...comparison.parameters);
      needsFunctions = true;
      break;
    }
    case 'range': {
      if (values.length !== 2) throw new AppError('VALIDATION', `The range condition on ${condition.column} takes two values (from and to).`);
      const low = compare(columnSql, '>=', values[0]!);
      const high = compare(columnSql, '<=', values[1]!);
      sql = `(${low.sql} AND ${high.sql})`;
      parameters.push(...low.parameters, ...high.parameters);
      needsFunctions = true;
      break;
    }
    case 'isnull': {
      const wanted = needOne().trim().toLowerCase();
      if (!['true', 'false', '1', '0', 'yes', 'no'].includes(wanted)) throw new AppError('VALIDATION', `The isnull condition on ${condition.column} takes true or false.`);
      sql = ['true', '1', 'yes'].includes(wanted) ? `${columnSql} = ''` : `${columnSql} <> ''`;
      break;
    }
  }
  return { sql: condition.not ? `NOT (${sql})` : sql, parameters, needsFunctions };
}

const numberPattern = /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** A cell's value as a number when the whole text is one, else null. */
export function cellNumber(value: unknown): number | null {
  if (typeof value !== 'string' || !numberPattern.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function compare(columnSql: string, operator: string, value: string): { sql: string; parameters: Array<string | number> } {
  const number = cellNumber(value);
  if (number === null) return { sql: `(${columnSql} <> '' AND ${columnSql} ${operator} ?)`, parameters: [value] };
  return {
    sql: `(${columnSql} <> '' AND CASE WHEN carrel_number(${columnSql}) IS NULL THEN ${columnSql} ${operator} ? ELSE carrel_number(${columnSql}) ${operator} ? END)`,
    parameters: [value, number],
  };
}

/** Makes carrel_fold(text) and carrel_number(text) available to a database's SQL (once per connection). */
export function registerViewFunctions(db: DatabaseSync): void {
  registerFold(db);
  db.function('carrel_number', { deterministic: true }, (value: unknown) => cellNumber(value));
}
