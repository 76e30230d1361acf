import type { DatabaseSync } from 'node:sqlite';
import type { DatasetGroup, DatasetName } from '../../../shared/contract/datasets.ts';
import { parseColumns, type DatasetColumn } from './dataset-columns.ts';

export type Availability = 'ok' | 'forbidden' | 'not-applicable' | 'failed';

export interface DatasetState {
  name: string;
  title: string;
  group: DatasetGroup;
  columns: DatasetColumn[];
  rowCount: number;
  lastSyncedAt: string;
  availability: Availability;
  note: string | null;
  info: Record<string, unknown>;
  /** '' when the dataset has no table (refused or not applicable). */
  table: string;
}

interface Row {
  name: string;
  table_name: string;
  columns_json: string;
  row_count: number;
  last_synced_at: string;
  info_json: string;
  title: string;
  grp: string;
  availability: string;
  note: string | null;
}

function toState(row: Row): DatasetState {
  return {
    name: row.name,
    title: row.title,
    group: row.grp as DatasetGroup,
    columns: parseColumns(row.columns_json),
    rowCount: row.row_count,
    lastSyncedAt: row.last_synced_at,
    availability: row.availability as Availability,
    note: row.note,
    info: JSON.parse(row.info_json) as Record<string, unknown>,
    table: row.table_name,
  };
}

/** What the cache holds for a dataset (null: never synced). */
export function readDatasetState(db: DatabaseSync, dataset: DatasetName): DatasetState | null {
  const row = db.prepare('SELECT * FROM datasets WHERE name = ?').get(dataset) as Row | undefined;
  return row ? toState(row) : null;
}

export function readAllDatasetStates(db: DatabaseSync): DatasetState[] {
  return (db.prepare('SELECT * FROM datasets ORDER BY name').all() as unknown as Row[]).map(toState);
}

/**
 * Records that a dataset could not be synced (refused for this token, meaningless for this project,
 * or failed). A refused dataset's old copy is dropped: rights withdrawn on the server are withdrawn
 * here too. A failed one keeps its last good copy.
 */
export function markDataset(db: DatabaseSync, dataset: DatasetName, entry: { title: string; group: DatasetGroup; availability: Exclude<Availability, 'ok'>; note: string; at: string }): void {
  const existing = readDatasetState(db, dataset);
  db.exec('BEGIN IMMEDIATE');
  try {
    if (entry.availability === 'failed' && existing && existing.table) {
      db.prepare('UPDATE datasets SET availability = ?, note = ? WHERE name = ?').run('failed', entry.note, dataset);
    } else {
      if (existing?.table) db.exec(`DROP TABLE IF EXISTS ${existing.table}`);
      db.prepare(
        `INSERT INTO datasets (name, table_name, columns_json, row_count, last_synced_at, info_json, title, grp, availability, note)
         VALUES (?, '', '[]', 0, ?, '{}', ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET table_name = '', columns_json = '[]', row_count = 0, last_synced_at = excluded.last_synced_at,
           info_json = '{}', title = excluded.title, grp = excluded.grp, availability = excluded.availability, note = excluded.note`,
      ).run(dataset, entry.at, entry.title, entry.group, entry.availability, entry.note);
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/** Drops a dataset and its table (a removed report). */
export function dropDataset(db: DatabaseSync, dataset: DatasetName): boolean {
  const existing = readDatasetState(db, dataset);
  if (!existing) return false;
  db.exec('BEGIN IMMEDIATE');
  try {
    if (existing.table) db.exec(`DROP TABLE IF EXISTS ${existing.table}`);
    db.prepare('DELETE FROM datasets WHERE name = ?').run(dataset);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  return true;
}
