import type { DatabaseSync } from 'node:sqlite';
import type { DatasetName } from '../../../shared/contract/datasets.ts';
import { sqlColumn } from './dataset-columns.ts';
import { insertStatementSql, rowValues } from './dataset-rows.ts';
import { readDatasetState } from './dataset-state.ts';
import { putMeta } from './dataset-writer.ts';

export interface DatasetPatch {
  /** Keys (values of the key column) whose rows are removed: deleted and changed records. */
  removeKeys: ReadonlyArray<string>;
  /** Rows to add (the changed records' current rows), with their place in the record order. */
  rows: ReadonlyArray<{ values: ReadonlyArray<string>; ord: number }>;
  /** Unchanged records whose place moved: every row of `key` gets `base * stride + (ord % stride)`. */
  rebase?: { stride: number; keys: ReadonlyArray<readonly [string, number]> };
  syncedAt: string;
  meta?: Record<string, string>;
  info?: Record<string, unknown>;
  /** Runs inside the same transaction, for data kept beside the table (BrainSTEM's record JSON). */
  within?: (db: DatabaseSync) => void;
}

/**
 * Applies an incremental sync in ONE transaction: the old rows of changed and deleted records go, the
 * changed records' new rows come in, and the catalogue entry moves on. Readers see either the old
 * state or the new one, never a mixture.
 */
export function patchDataset(db: DatabaseSync, dataset: DatasetName, keyColumn: number, patch: DatasetPatch): { rowCount: number } {
  const state = readDatasetState(db, dataset);
  if (!state?.table) throw new Error(`dataset ${dataset} has no table to patch`);
  const key = sqlColumn(keyColumn);
  const remove = db.prepare(`DELETE FROM ${state.table} WHERE ${key} = ?`);
  const insert = db.prepare(insertStatementSql(state.table, state.columns));
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const id of patch.removeKeys) remove.run(id);
    if (patch.rebase) {
      const { stride } = patch.rebase;
      const move = db.prepare(`UPDATE ${state.table} SET ord = ? + (ord % ?) WHERE ${key} = ?`);
      for (const [id, base] of patch.rebase.keys) move.run(base * stride, stride, id);
    }
    for (const row of patch.rows) insert.run(...rowValues(state.columns, row.values, row.ord));
    const { n } = db.prepare(`SELECT count(*) AS n FROM ${state.table}`).get() as { n: number };
    db.prepare('UPDATE datasets SET row_count = ?, last_synced_at = ?, info_json = ?, availability = ?, note = NULL WHERE name = ?').run(
      n,
      patch.syncedAt,
      JSON.stringify(patch.info ?? state.info),
      'ok',
      dataset,
    );
    putMeta(db, patch.meta);
    patch.within?.(db);
    db.exec('COMMIT');
    return { rowCount: n };
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
