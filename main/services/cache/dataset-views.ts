import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import type { DatasetName, SortKey, ValueMode, ViewCondition } from '../../../shared/contract/datasets.ts';
import { sqlColumn, type DatasetColumn } from './dataset-columns.ts';
import { readAllDatasetStates, readDatasetState, type DatasetState } from './dataset-state.ts';
import { conditionSql, filterWords, orderBy, registerViewFunctions, searchHaystack, subsetSearchExpression, valueExpression } from './view-sql.ts';

export interface ViewQuery {
  dataset: DatasetName;
  mode: ValueMode;
  sort: SortKey[];
  filter: string;
  columns?: string[] | undefined;
  where?: ViewCondition[] | undefined;
}

/** An open view: the row order of one sort + filter, computed once so that scrolling is a cheap lookup. */
export interface View {
  id: string;
  owner: string;
  query: ViewQuery;
  table: string;
  /** The columns shown, in order, each with its index in the dataset table. */
  columns: DatasetColumn[];
  columnIndexes: number[];
  rowids: Float64Array;
  unfilteredTotal: number;
  /** Rows meeting `where`, before the filter box's words. */
  scopeTotal: number;
  lastSyncedAt: string;
  queryMs: number;
}

const maxOpenViews = 16;

/** Reads cached datasets: views over them (sort, filter, column subsets, conditions) and rows in display mode. */
export class DatasetViews {
  private readonly views = new Map<string, View>();
  private readonly folding = new WeakSet<DatabaseSync>();

  state(db: DatabaseSync, dataset: DatasetName): DatasetState | null {
    return readDatasetState(db, dataset);
  }

  allStates(db: DatabaseSync): DatasetState[] {
    return readAllDatasetStates(db);
  }

  /** Called after a sync changed a dataset: views over the old rows must not serve them any more. */
  invalidate(owner: string, dataset: DatasetName): void {
    for (const [id, view] of this.views) {
      if (view.owner === owner && view.query.dataset === dataset) this.views.delete(id);
    }
  }

  dropOwner(owner: string): void {
    for (const [id, view] of this.views) if (view.owner === owner) this.views.delete(id);
  }

  open(db: DatabaseSync, owner: string, query: ViewQuery): View {
    const state = readDatasetState(db, query.dataset);
    if (!state || !state.table) {
      throw new AppError('NOT_SYNCED', state?.note ?? 'This has not been synced yet. Sync the project to browse it offline.');
    }
    const started = performance.now();
    const indexOf = new Map(state.columns.map((column, index) => [column.name, index]));
    const columnIndexes = viewColumnIndexes(state.columns, query.columns);

    const conditions: string[] = [];
    const parameters: Array<string | number> = [];
    for (const condition of query.where ?? []) {
      const index = indexOf.get(condition.column);
      if (index === undefined && condition.op === undefined && !condition.not) {
        conditions.push('0');
        continue;
      }
      // A column that is not there (the server dropped a field) holds no value in any row.
      const sql = conditionSql(condition, index === undefined ? "''" : sqlColumn(index));
      if (sql.needsFunctions) this.ensureFold(db);
      conditions.push(sql.sql);
      parameters.push(...sql.parameters);
    }
    // The scope (one instrument, one event) without the filter box's words: what "N of M rows" counts against.
    const scopeConditions = conditions.length;
    const scopeParameters = parameters.length;
    const words = filterWords(query.filter);
    if (words.length > 0) {
      const whole = columnIndexes.length === state.columns.length;
      this.ensureFold(db);
      const haystack = whole ? searchHaystack(state.columns, query.mode) : subsetSearchExpression(state.columns, columnIndexes, query.mode);
      for (const word of words) {
        conditions.push(`instr(${haystack}, ?) > 0`);
        parameters.push(word);
      }
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const statement = db.prepare(`SELECT rowid FROM ${state.table} ${where} ORDER BY ${orderBy(state.columns, query.sort, query.mode)}`);
    statement.setReturnArrays(true);
    const result = statement.all(...parameters) as unknown as Array<[number]>;
    const rowids = new Float64Array(result.length);
    for (let i = 0; i < result.length; i++) rowids[i] = result[i]![0];
    let scopeTotal = state.rowCount;
    if (words.length === 0) scopeTotal = result.length;
    else if (scopeConditions > 0) {
      const scoped = db.prepare(`SELECT count(*) AS n FROM ${state.table} WHERE ${conditions.slice(0, scopeConditions).join(' AND ')}`);
      scopeTotal = (scoped.get(...parameters.slice(0, scopeParameters)) as { n: number }).n;
    }

    const view: View = {
      id: randomBytes(9).toString('base64url'),
      owner,
      query,
      table: state.table,
      columns: columnIndexes.map((index) => state.columns[index]!),
      columnIndexes,
      rowids,
      unfilteredTotal: state.rowCount,
      scopeTotal,
      lastSyncedAt: state.lastSyncedAt,
      queryMs: Math.round(performance.now() - started),
    };
    this.views.set(view.id, view);
    while (this.views.size > maxOpenViews) {
      const oldest = this.views.keys().next().value;
      if (oldest === undefined) break;
      this.views.delete(oldest);
    }
    return view;
  }

  get(viewId: string): View {
    const view = this.views.get(viewId);
    if (!view) throw new AppError('VIEW_EXPIRED', 'The table changed (a sync finished, or the view was closed). Reloading it.', { retryable: true });
    return view;
  }

  close(viewId: string): boolean {
    return this.views.delete(viewId);
  }

  /** Rows `offset … offset+limit` of a view, each an array of display strings in the view's column order. */
  rows(db: DatabaseSync, view: View, offset: number, limit: number): string[][] {
    const ids = view.rowids.subarray(Math.min(offset, view.rowids.length), Math.min(offset + limit, view.rowids.length));
    if (ids.length === 0) return [];
    const state = readDatasetState(db, view.query.dataset);
    const all = state?.columns ?? [];
    const expressions = view.columnIndexes.map((index) => valueExpression(all[index] ?? view.columns[0]!, index, view.query.mode));
    const convert = (row: unknown[]): string[] => {
      const out = new Array<string>(row.length - 1);
      for (let i = 1; i < row.length; i++) {
        const value = row[i];
        out[i - 1] = value === null || value === undefined ? '' : String(value);
      }
      return out;
    };
    // A run of consecutive rowids (an unfiltered view in stored order, as an export of a fresh sync
    // reads it) is one range scan instead of a lookup per row.
    const first = ids[0]!;
    const last = ids[ids.length - 1]!;
    if (last - first === ids.length - 1 && isAscending(ids)) {
      const range = db.prepare(`SELECT rowid, ${expressions.join(', ')} FROM ${view.table} WHERE rowid BETWEEN ? AND ? ORDER BY rowid`);
      range.setReturnArrays(true);
      const rows = range.all(first, last) as unknown as unknown[][];
      if (rows.length === ids.length) return rows.map(convert);
    }
    const statement = db.prepare(`SELECT rowid, ${expressions.join(', ')} FROM ${view.table} WHERE rowid IN (${Array.from(ids, () => '?').join(',')})`);
    statement.setReturnArrays(true);
    const found = new Map<number, string[]>();
    for (const row of statement.all(...ids) as unknown as unknown[][]) found.set(Number(row[0]), convert(row));
    const out: string[][] = [];
    for (const id of ids) {
      const row = found.get(id);
      if (row) out.push(row);
    }
    return out;
  }

  /** Every row whose key column equals `key`, in record order, raw and as labels. */
  rowsByKey(db: DatabaseSync, dataset: DatasetName, keyColumn: number, key: string): { state: DatasetState; rows: Array<{ raw: string[]; label: string[] }> } | null {
    const state = readDatasetState(db, dataset);
    if (!state?.table) return null;
    const raw = state.columns.map((_, index) => sqlColumn(index));
    const labels = state.columns.map((column, index) => valueExpression(column, index, 'label'));
    const statement = db.prepare(`SELECT ${[...raw, ...labels].join(', ')} FROM ${state.table} WHERE ${sqlColumn(keyColumn)} = ? ORDER BY ord, rowid`);
    statement.setReturnArrays(true);
    const width = state.columns.length;
    const rows = (statement.all(key) as unknown as unknown[][]).map((row) => ({
      raw: row.slice(0, width).map((value) => String(value ?? '')),
      label: row.slice(width).map((value) => String(value ?? '')),
    }));
    return { state, rows };
  }

  private ensureFold(db: DatabaseSync): void {
    if (this.folding.has(db)) return;
    registerViewFunctions(db);
    this.folding.add(db);
  }
}

function isAscending(ids: Float64Array): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i]! <= ids[i - 1]!) return false;
  return true;
}

/**
 * The positions of the columns a view asks for, in its order (names the dataset does not have are left
 * out), or of every column when it names none. Refuses a view left with no column at all.
 */
export function viewColumnIndexes(columns: ReadonlyArray<DatasetColumn>, names: ReadonlyArray<string> | undefined): number[] {
  if (!names) return columns.map((_, index) => index);
  const indexOf = new Map(columns.map((column, index) => [column.name, index]));
  const indexes = names.map((name) => indexOf.get(name)).filter((index): index is number => index !== undefined);
  if (indexes.length === 0) throw new AppError('VALIDATION', 'None of the requested columns exist in this dataset (the project may have changed; sync again).');
  return indexes;
}
