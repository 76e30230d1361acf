import type { DatabaseSync } from 'node:sqlite';
import type { DatasetName } from '../../../shared/contract/datasets.ts';
import { readMeta } from './cache-db.ts';
import { deferredSearchKey, rowValues } from './dataset-rows.ts';
import { readDatasetState } from './dataset-state.ts';

const rowsPerTransaction = 2000;

/**
 * Builds the search text that a sync with `deferSearch` (the command line) left out, so that the filter
 * box of the app is as fast on a table the command line synced as on its own. Until then the filter
 * folds those rows as it reads them (correct, only slower). A no-op when the dataset is not marked.
 * Returns the rows filled.
 */
export function fillDeferredSearch(db: DatabaseSync, dataset: DatasetName, options: { throwIfCancelled?: () => void } = {}): number {
  const key = deferredSearchKey(dataset);
  if (readMeta(db, key) === null) return 0;
  const state = readDatasetState(db, dataset);
  if (!state?.table) {
    db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    return 0;
  }
  const columns = state.columns;
  const cells = columns.map((_, i) => `c${i}`).join(', ');
  const select = db.prepare(`SELECT rowid, ${cells} FROM ${state.table} WHERE search_raw IS NULL AND rowid > ? ORDER BY rowid LIMIT ${rowsPerTransaction}`);
  select.setReturnArrays(true);
  const update = db.prepare(`UPDATE ${state.table} SET search_raw = ?, search_label = ? WHERE rowid = ?`);
  let filled = 0;
  let after = 0;
  for (;;) {
    options.throwIfCancelled?.();
    const chunk = select.all(after) as unknown as unknown[][];
    if (chunk.length === 0) break;
    db.exec('BEGIN');
    try {
      for (const row of chunk) {
        const rowid = Number(row[0]);
        const values = rowValues(columns, row.slice(1).map((value) => (value === null || value === undefined ? '' : String(value))), 0);
        update.run(values[values.length - 2]!, values[values.length - 1]!, rowid);
        after = rowid;
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    filled += chunk.length;
  }
  db.prepare('DELETE FROM meta WHERE key = ?').run(key);
  return filled;
}
