import type { DatabaseSync } from 'node:sqlite';
import type { DatasetName } from '../../../shared/contract/datasets.ts';
import { parseColumns, type DatasetColumn } from './dataset-columns.ts';

export interface DatasetState {
  columns: DatasetColumn[];
  rowCount: number;
  lastSyncedAt: string;
  info: Record<string, unknown>;
}

/** What the cache holds for a dataset (null: never synced). */
export function readDatasetState(db: DatabaseSync, dataset: DatasetName): DatasetState | null {
  const row = db.prepare('SELECT columns_json, row_count, last_synced_at, info_json FROM datasets WHERE name = ?').get(dataset) as
    | { columns_json: string; row_count: number; last_synced_at: string; info_json: string }
    | undefined;
  if (!row) return null;
  return {
    columns: parseColumns(row.columns_json),
    rowCount: row.row_count,
    lastSyncedAt: row.last_synced_at,
    info: JSON.parse(row.info_json) as Record<string, unknown>,
  };
}
