import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { DatasetName } from '../../../shared/contract/datasets.ts';
import { sqlColumn, type DatasetColumn } from './dataset-columns.ts';
import { cellSeparator, fold } from './fold.ts';

export function datasetTable(dataset: DatasetName): string {
  return `ds_${dataset}`;
}

/**
 * Writes a fresh copy of a dataset beside the live one and swaps it in with one transaction, so the
 * table a user browses is always a complete sync: a failed or cancelled sync leaves it untouched.
 */
export class DatasetWriter {
  private readonly db: DatabaseSync;
  private readonly dataset: DatasetName;
  private readonly columns: DatasetColumn[];
  private readonly staging: string;
  private readonly insert: StatementSync;
  private rows = 0;
  private finished = false;

  private constructor(db: DatabaseSync, dataset: DatasetName, columns: DatasetColumn[]) {
    this.db = db;
    this.dataset = dataset;
    this.columns = columns;
    this.staging = `${datasetTable(dataset)}__staging`;
    db.exec(`DROP TABLE IF EXISTS ${this.staging}`);
    // Folded search text per display mode is computed once here, so the filter box scans one column.
    const definitions = [...columns.map((_, i) => `${sqlColumn(i)} TEXT NOT NULL`), 'search_raw TEXT NOT NULL', 'search_label TEXT NOT NULL'];
    db.exec(`CREATE TABLE ${this.staging} (${definitions.join(', ')})`);
    const placeholders = definitions.map(() => '?').join(', ');
    this.insert = db.prepare(`INSERT INTO ${this.staging} VALUES (${placeholders})`);
  }

  static begin(db: DatabaseSync, dataset: DatasetName, columns: DatasetColumn[]): DatasetWriter {
    if (columns.length === 0) throw new Error('a dataset needs at least one column');
    return new DatasetWriter(db, dataset, columns);
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Appends rows (one string per column, in column order) in one transaction. */
  append(rows: ReadonlyArray<ReadonlyArray<string>>): void {
    const width = this.columns.length;
    this.db.exec('BEGIN');
    try {
      for (const row of rows) {
        if (row.length !== width) throw new Error(`row has ${row.length} values, the dataset has ${width} columns`);
        this.insert.run(...row, this.searchText(row, false), this.searchText(row, true));
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    this.rows += rows.length;
  }

  private searchText(row: ReadonlyArray<string>, labels: boolean): string {
    let text = '';
    for (let i = 0; i < row.length; i++) {
      const value = row[i]!;
      const shown = labels ? (this.columns[i]!.valueLabels?.[value] ?? value) : value;
      text += i === 0 ? shown : cellSeparator + shown;
    }
    return fold(text);
  }

  /** Replaces the live dataset and its metadata atomically. */
  commit(options: { syncedAt: string; meta?: Record<string, string>; info?: Record<string, unknown> }): void {
    const table = datasetTable(this.dataset);
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.db.exec(`DROP TABLE IF EXISTS ${table}`);
      this.db.exec(`ALTER TABLE ${this.staging} RENAME TO ${table}`);
      this.db
        .prepare(`INSERT INTO datasets (name, table_name, columns_json, row_count, last_synced_at, info_json)
                  VALUES (?, ?, ?, ?, ?, ?)
                  ON CONFLICT(name) DO UPDATE SET table_name = excluded.table_name, columns_json = excluded.columns_json,
                    row_count = excluded.row_count, last_synced_at = excluded.last_synced_at, info_json = excluded.info_json`)
        .run(this.dataset, table, JSON.stringify(this.columns), this.rows, options.syncedAt, JSON.stringify(options.info ?? {}));
      const putMeta = this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
      for (const [key, value] of Object.entries(options.meta ?? {})) putMeta.run(key, value);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    this.finished = true;
  }

  abort(): void {
    if (this.finished) return;
    this.finished = true;
    try {
      this.db.exec(`DROP TABLE IF EXISTS ${this.staging}`);
    } catch {
      // The staging table is dropped again by the next sync of this dataset.
    }
  }
}
