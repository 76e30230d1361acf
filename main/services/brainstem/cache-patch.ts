import type { DatabaseSync } from 'node:sqlite';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { readDatasetState } from '../cache/dataset-state.ts';
import type { BrainstemRecord } from '../connectors/brainstem/envelopes.ts';
import { recordLabel } from './labels.ts';
import { relatedLabel } from './label-index.ts';
import { brainstemModel } from '../connectors/brainstem/catalogue.ts';
import { patchModelRecord, removeModelRecord } from './model-cache.ts';
import { brainstemDataset } from './naming.ts';
import { readObject } from './objects.ts';
import { normalizeRecord, relationIds, type EmbeddedObject } from './record-json.ts';
import { reverseLinks } from './reverse-links.ts';

/** Datasets a write touched, for `dataset.changed`. */
export type Touched = Set<string>;

/** Labels of single related records: the cache first, then objects that came with the server's answer. */
export function pointLookup(db: DatabaseSync, portal: BrainstemPortalName, embedded: readonly EmbeddedObject[]): (model: string, id: string) => string | null {
  const statement = db.prepare('SELECT label FROM bs_objects WHERE portal = ? AND model = ? AND id = ?');
  const cached = (model: string, id: string): string | null => (statement.get(portal, model, id) as { label: string } | undefined)?.label ?? null;
  // Objects that came along are named with their own related records' cached labels ("Track · R01_…").
  const extra = new Map(embedded.map(({ model, record }) => [`${model}\u0000${String(record.id)}`, { model, record }]));
  return (model, id) => {
    const found = cached(model, id);
    if (found !== null) return found;
    const object = extra.get(`${model}\u0000${id}`);
    return object ? recordLabel(object.model, object.record, relatedLabel(object.model, object.record, cached), brainstemModel(object.model).approves !== null) : null;
  };
}

/** Adds or removes `childId` in the parents' read-only lists, following a write of a `model` record. */
function followParents(db: DatabaseSync, portal: BrainstemPortalName, model: string, childId: string, before: BrainstemRecord | null, after: BrainstemRecord | null, at: string, touched: Touched): void {
  for (const link of reverseLinks(model)) {
    const old = new Set(before ? relationIds(before[link.field]) : []);
    const now = new Set(after ? relationIds(after[link.field]) : []);
    for (const parentId of new Set([...old, ...now])) {
      if (old.has(parentId) === now.has(parentId)) continue;
      const parent = readObject(db, portal, link.parent, parentId);
      if (!parent) continue;
      const list = relationIds(parent.record[link.parentField]).filter((id) => id !== childId);
      if (now.has(parentId)) list.push(childId);
      const integer = brainstemModel(model).idKind === 'integer';
      const record = { ...parent.record, [link.parentField]: integer ? list.map(Number) : list };
      if (patchModelRecord(db, portal, link.parent, record, parent.label, pointLookup(db, portal, []), at) !== null) touched.add(brainstemDataset(portal, link.parent));
    }
  }
}

/**
 * Puts a record the server just sent into the cache: its row (when the model's table is cached) and its
 * JSON, and the lists of its parents that name it. Answers the cached form and its label.
 */
export function cacheRecord(db: DatabaseSync, portal: BrainstemPortalName, model: string, raw: BrainstemRecord, touched: Touched): { record: BrainstemRecord; label: string; lookup: (model: string, id: string) => string | null } {
  const { record, embedded } = normalizeRecord(model, raw);
  const lookup = pointLookup(db, portal, embedded);
  const label = recordLabel(model, record, relatedLabel(model, record, lookup), brainstemModel(model).approves !== null);
  const id = String(record.id);
  const before = readObject(db, portal, model, id)?.record ?? null;
  const at = new Date().toISOString();
  if (patchModelRecord(db, portal, model, record, label, lookup, at) !== null) touched.add(brainstemDataset(portal, model));
  followParents(db, portal, model, id, before, record, at, touched);
  return { record, label, lookup };
}

/** Removes a deleted record from the cache (row, JSON, and its parents' lists). */
export function uncacheRecord(db: DatabaseSync, portal: BrainstemPortalName, model: string, id: string, touched: Touched): void {
  const before = readObject(db, portal, model, id)?.record ?? null;
  if (removeModelRecord(db, portal, model, id) !== null) touched.add(brainstemDataset(portal, model));
  followParents(db, portal, model, id, before, null, new Date().toISOString(), touched);
}

/** What `dataset.changed` says about each touched dataset. */
export function touchedStates(db: DatabaseSync, touched: Touched): Array<{ dataset: string; rowCount: number; lastSyncedAt: string }> {
  const out: Array<{ dataset: string; rowCount: number; lastSyncedAt: string }> = [];
  for (const dataset of touched) {
    const state = readDatasetState(db, dataset);
    if (state) out.push({ dataset, rowCount: state.rowCount, lastSyncedAt: state.lastSyncedAt });
  }
  return out;
}
