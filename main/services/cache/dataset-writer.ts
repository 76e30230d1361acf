import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { DatasetGroup, DatasetName } from '../../../shared/contract/datasets.ts';
import type { DatasetColumn } from './dataset-columns.ts';
import { sqlColumn } from './dataset-columns.ts';
import { deferredSearchKey, insertStatementSql, rowValues, tableDefinition } from './dataset-rows.ts';

export function datasetTable(dataset: DatasetName): string {
  return `ds_${dataset}`;
}

export interface DatasetMeta {
  title: string;
  group: DatasetGroup;
  /** Index of the column that identifies a record (indexed, for incremental updates and record detail). */
  keyColumn?: number;
  /**
   * Leave the folded search text out (NULL): the filter box then folds those rows as it reads them
   * (view-sql.ts searchHaystack). For a shell that never searches what it syncs (the command line),
   * where building it is about a fifth of a sync's work.
   */
  deferSearch?: boolean;
}

/**
 * Writes a fresh copy of a dataset beside the live one and swaps it in with one transaction, so the
 * table a user browses is always a complete sync: a failed or cancelled sync leaves it untouched.
 */
export class DatasetWriter {
  private readonly db: DatabaseSync;
  private readonly dataset: DatasetName;
  private readonly columns: DatasetColumn[];
  private readonly meta: DatasetMeta;
  private readonly staging: string;
  private readonly insert: StatementSync;
  private rows = 0;
  private finished = false;

  private constructor(db: DatabaseSync, dataset: DatasetName, columns: DatasetColumn[], meta: DatasetMeta) {
    this.db = db;
    this.dataset = dataset;
    this.columns = columns;
    this.meta = meta;
    this.staging = `${datasetTable(dataset)}__staging`;
    db.exec(`DROP TABLE IF EXISTS ${this.staging}`);
    db.exec(`CREATE TABLE ${this.staging} (${tableDefinition(columns)})`);
    this.insert = db.prepare(insertStatementSql(this.staging, columns));
  }

  static begin(db: DatabaseSync, dataset: DatasetName, columns: DatasetColumn[], meta: DatasetMeta): DatasetWriter {
    if (columns.length === 0) throw new Error('a dataset needs at least one column');
    return new DatasetWriter(db, dataset, columns, meta);
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Appends rows (one string per column, in column order) in one transaction; `ords` default to arrival order. */
  append(rows: ReadonlyArray<ReadonlyArray<string>>, ords?: ReadonlyArray<number>): void {
    this.db.exec('BEGIN');
    try {
      if (this.meta.deferSearch) {
        // The row's own array is the statement's arguments: no copy per row.
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          if (row.length !== this.columns.length) throw new Error(`row has ${row.length} values, the dataset has ${this.columns.length} columns`);
          this.insert.run(...row, ords?.[i] ?? this.rows + i, null, null);
        }
      } else {
        for (let i = 0; i < rows.length; i++) this.insert.run(...rowValues(this.columns, rows[i]!, ords?.[i] ?? this.rows + i));
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    this.rows += rows.length;
  }

  /**
   * Replaces the live dataset, its catalogue entry and the given metadata atomically. `within` runs inside
   * the same transaction, for data kept beside the table (BrainSTEM's record JSON) that must swap with it.
   */
  commit(options: {
    syncedAt: string;
    meta?: Record<string, string>;
    info?: Record<string, unknown>;
    within?: (db: DatabaseSync) => void;
    /** Final column descriptions, when a column's type was only learned from the rows (same columns, same order). */
    columns?: DatasetColumn[];
  }): void {
    if (options.columns && options.columns.length !== this.columns.length) throw new Error('commit: the column count changed while writing');
    const columns = options.columns ?? this.columns;
    const table = datasetTable(this.dataset);
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.db.exec(`DROP TABLE IF EXISTS ${table}`);
      this.db.exec(`ALTER TABLE ${this.staging} RENAME TO ${table}`);
      if (this.meta.keyColumn !== undefined) this.db.exec(`CREATE INDEX ${table}__key ON ${table} (${sqlColumn(this.meta.keyColumn)})`);
      this.db
        .prepare(`INSERT INTO datasets (name, table_name, columns_json, row_count, last_synced_at, info_json, title, grp, availability, note)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ok', NULL)
                  ON CONFLICT(name) DO UPDATE SET table_name = excluded.table_name, columns_json = excluded.columns_json,
                    row_count = excluded.row_count, last_synced_at = excluded.last_synced_at, info_json = excluded.info_json,
                    title = excluded.title, grp = excluded.grp, availability = 'ok', note = NULL`)
        .run(this.dataset, table, JSON.stringify(columns), this.rows, options.syncedAt, JSON.stringify(options.info ?? {}), this.meta.title, this.meta.group);
      putMeta(this.db, options.meta);
      // Marks a table whose search text is still to be built (fillDeferredSearch), or clears the mark.
      if (this.meta.deferSearch) putMeta(this.db, { [deferredSearchKey(this.dataset)]: '1' });
      else this.db.prepare('DELETE FROM meta WHERE key = ?').run(deferredSearchKey(this.dataset));
      options.within?.(this.db);
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

export function putMeta(db: DatabaseSync, meta: Record<string, string> | undefined): void {
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  for (const [key, value] of Object.entries(meta ?? {})) put.run(key, value);
}

/** Writes a small dataset (a list the server returns whole) in one go. */
export function writeWholeDataset(db: DatabaseSync, dataset: DatasetName, columns: DatasetColumn[], rows: string[][], meta: DatasetMeta, syncedAt: string, info?: Record<string, unknown>): number {
  const writer = DatasetWriter.begin(db, dataset, columns, meta);
  try {
    writer.append(rows);
    writer.commit({ syncedAt, ...(info ? { info } : {}) });
    return writer.rowCount;
  } finally {
    writer.abort();
  }
}
