import type { DatabaseSync } from 'node:sqlite';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { sqlColumn } from '../cache/dataset-columns.ts';
import { patchDataset } from '../cache/dataset-patch.ts';
import { readDatasetState } from '../cache/dataset-state.ts';
import { DatasetWriter } from '../cache/dataset-writer.ts';
import type { BrainstemRecord } from '../connectors/brainstem/envelopes.ts';
import { modelColumns, modelRow, type LabelLookup } from './flatten.ts';
import { brainstemDataset, modelPluralLabel } from './naming.ts';
import { deleteObject, replaceObjects, upsertObject } from './objects.ts';

const appendBatch = 1000;

/**
 * Swaps in a model's freshly downloaded records: its table (through the staging writer) and its JSON in
 * `bs_objects`, in one transaction, so the grid and the record view never disagree.
 */
export function writeModelCache(
  db: DatabaseSync,
  portal: BrainstemPortalName,
  model: string,
  records: readonly BrainstemRecord[],
  labels: ReadonlyMap<string, string>,
  lookup: LabelLookup,
  syncedAt: string,
): { rows: number; columns: number } {
  const columns = modelColumns(model, records);
  const writer = DatasetWriter.begin(db, brainstemDataset(portal, model), columns, { title: modelPluralLabel(model), group: 'records', keyColumn: 0 });
  const labelOf = (record: BrainstemRecord): string => labels.get(String(record.id)) ?? String(record.id);
  try {
    for (let start = 0; start < records.length; start += appendBatch) {
      writer.append(records.slice(start, start + appendBatch).map((record) => modelRow(model, columns, record, labelOf(record), lookup)));
    }
    writer.commit({
      syncedAt,
      info: { brainstem: { portal, model } },
      within: (tx) => replaceObjects(tx, portal, model, records.map((record) => ({ id: String(record.id), label: labelOf(record), record })), syncedAt),
    });
    return { rows: writer.rowCount, columns: columns.length };
  } finally {
    writer.abort();
  }
}

/**
 * After a write: the record's row (at its old place, or last when new) and its JSON, in one transaction.
 * The dataset keeps its last sync time: one record changing is not a sync. Answers the new row count, or
 * null when the model has no cached table (only its JSON is kept then, for the record view).
 */
export function patchModelRecord(
  db: DatabaseSync,
  portal: BrainstemPortalName,
  model: string,
  record: BrainstemRecord,
  label: string,
  lookup: LabelLookup,
  at: string,
): number | null {
  const dataset = brainstemDataset(portal, model);
  const state = readDatasetState(db, dataset);
  const id = String(record.id);
  const store = (tx: DatabaseSync): void => upsertObject(tx, portal, model, { id, label, record }, at);
  if (!state?.table) {
    store(db);
    return null;
  }
  const key = sqlColumn(0);
  const existing = db.prepare(`SELECT ord FROM ${state.table} WHERE ${key} = ?`).get(id) as { ord: number } | undefined;
  const last = db.prepare(`SELECT coalesce(max(ord), -1) AS ord FROM ${state.table}`).get() as { ord: number };
  const ord = existing?.ord ?? last.ord + 1;
  const values = modelRow(model, state.columns, record, label, lookup);
  return patchDataset(db, dataset, 0, { removeKeys: [id], rows: [{ values, ord }], syncedAt: state.lastSyncedAt, within: store }).rowCount;
}

/** After a delete: the row and the JSON go together. Answers the new row count, or null without a table. */
export function removeModelRecord(db: DatabaseSync, portal: BrainstemPortalName, model: string, id: string): number | null {
  const dataset = brainstemDataset(portal, model);
  const state = readDatasetState(db, dataset);
  if (!state?.table) {
    deleteObject(db, portal, model, id);
    return null;
  }
  return patchDataset(db, dataset, 0, { removeKeys: [id], rows: [], syncedAt: state.lastSyncedAt, within: (tx) => deleteObject(tx, portal, model, id) }).rowCount;
}
