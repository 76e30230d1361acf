import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import type { DatasetName, SortKey, ValueMode } from '../../../shared/contract/datasets.ts';
import type { DatasetColumn } from './dataset-columns.ts';
import { readDatasetState, type DatasetState } from './dataset-state.ts';
import { datasetTable } from './dataset-writer.ts';
import { filterWords, orderBy, searchColumn, valueExpression } from './view-sql.ts';

export interface ViewQuery {
  dataset: DatasetName;
  mode: ValueMode;
  sort: SortKey[];
  filter: string;
}


/** An open view: the row order of one sort + filter, computed once so that scrolling is a cheap lookup. */
export interface View {
  id: string;
  owner: string;
  query: ViewQuery;
  columns: DatasetColumn[];
  rowids: Float64Array;
  unfilteredTotal: number;
  lastSyncedAt: string;
  queryMs: number;
}

const maxOpenViews = 16;

/** Reads cached datasets: their state, views over them, and rows of those views in display mode. */
export class DatasetViews {
  private readonly views = new Map<string, View>();

  state(db: DatabaseSync, dataset: DatasetName): DatasetState | null {
    return readDatasetState(db, dataset);
  }

  /** Called after a sync swapped a dataset: views over the old table must not serve rows any more. */
  invalidate(owner: string, dataset: DatasetName): void {
    for (const [id, view] of this.views) {
      if (view.owner === owner && view.query.dataset === dataset) this.views.delete(id);
    }
  }

  dropOwner(owner: string): void {
    for (const [id, view] of this.views) if (view.owner === owner) this.views.delete(id);
  }

  open(db: DatabaseSync, owner: string, query: ViewQuery): View {
    const state = this.state(db, query.dataset);
    if (!state) throw new AppError('NOT_SYNCED', 'This project has not been synced yet. Sync it to browse its records offline.');
    const started = performance.now();
    const table = datasetTable(query.dataset);
    const words = filterWords(query.filter);
    const search = searchColumn(query.mode);
    const where = words.length === 0 ? '' : `WHERE ${words.map(() => `instr(${search}, ?) > 0`).join(' AND ')}`;
    const statement = db.prepare(`SELECT rowid FROM ${table} ${where} ORDER BY ${orderBy(state.columns, query.sort, query.mode)}`);
    statement.setReturnArrays(true);
    const result = statement.all(...words) as unknown as Array<[number]>;
    const rowids = new Float64Array(result.length);
    for (let i = 0; i < result.length; i++) rowids[i] = result[i]![0];

    const view: View = {
      id: randomBytes(9).toString('base64url'),
      owner,
      query,
      columns: state.columns,
      rowids,
      unfilteredTotal: state.rowCount,
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

  /** Rows `offset … offset+limit` of a view, each an array of display strings in column order. */
  rows(db: DatabaseSync, view: View, offset: number, limit: number): string[][] {
    const ids = view.rowids.subarray(Math.min(offset, view.rowids.length), Math.min(offset + limit, view.rowids.length));
    if (ids.length === 0) return [];
    const expressions = view.columns.map((column, index) => valueExpression(column, index, view.query.mode));
    const statement = db.prepare(
      `SELECT rowid, ${expressions.join(', ')} FROM ${datasetTable(view.query.dataset)} WHERE rowid IN (${Array.from(ids, () => '?').join(',')})`,
    );
    statement.setReturnArrays(true);
    const found = new Map<number, string[]>();
    for (const row of statement.all(...ids) as unknown as unknown[][]) {
      found.set(Number(row[0]), row.slice(1).map((value) => (value === null || value === undefined ? '' : String(value))));
    }
    const out: string[][] = [];
    for (const id of ids) {
      const row = found.get(id);
      if (row) out.push(row);
    }
    return out;
  }
}
