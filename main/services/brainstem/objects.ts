import type { DatabaseSync } from 'node:sqlite';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { fold } from '../cache/fold.ts';
import type { BrainstemRecord } from '../connectors/brainstem/envelopes.ts';

/**
 * The `bs_objects` table: every cached BrainSTEM record as the server sent it (relations as ids), with its
 * readable label. Record views, relation pickers and the relation columns of other models read it; the
 * per-model datasets are what the grid shows.
 */
export interface StoredObject {
  id: string;
  label: string;
  record: BrainstemRecord;
  syncedAt: string;
}

export interface ObjectRow {
  id: string;
  label: string;
  record: BrainstemRecord;
}

/** Replaces every cached record of one model of one portal (call inside the transaction that swaps its dataset). */
export function replaceObjects(db: DatabaseSync, portal: BrainstemPortalName, model: string, rows: Iterable<ObjectRow>, syncedAt: string): void {
  db.prepare('DELETE FROM bs_objects WHERE portal = ? AND model = ?').run(portal, model);
  const insert = db.prepare('INSERT INTO bs_objects (portal, model, id, label, folded_label, json, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const row of rows) insert.run(portal, model, row.id, row.label, fold(row.label), JSON.stringify(row.record), syncedAt);
}

export function upsertObject(db: DatabaseSync, portal: BrainstemPortalName, model: string, row: ObjectRow, syncedAt: string): void {
  db.prepare(
    `INSERT INTO bs_objects (portal, model, id, label, folded_label, json, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(portal, model, id) DO UPDATE SET label = excluded.label, folded_label = excluded.folded_label, json = excluded.json, synced_at = excluded.synced_at`,
  ).run(portal, model, row.id, row.label, fold(row.label), JSON.stringify(row.record), syncedAt);
}

export function deleteObject(db: DatabaseSync, portal: BrainstemPortalName, model: string, id: string): void {
  db.prepare('DELETE FROM bs_objects WHERE portal = ? AND model = ? AND id = ?').run(portal, model, id);
}

export function deleteModelObjects(db: DatabaseSync, portal: BrainstemPortalName, model: string): void {
  db.prepare('DELETE FROM bs_objects WHERE portal = ? AND model = ?').run(portal, model);
}

interface Row {
  id: string;
  label: string;
  json: string;
  synced_at: string;
}

function toStored(row: Row): StoredObject {
  return { id: row.id, label: row.label, record: JSON.parse(row.json) as BrainstemRecord, syncedAt: row.synced_at };
}

export function readObject(db: DatabaseSync, portal: BrainstemPortalName, model: string, id: string): StoredObject | null {
  const row = db.prepare('SELECT id, label, json, synced_at FROM bs_objects WHERE portal = ? AND model = ? AND id = ?').get(portal, model, id) as Row | undefined;
  return row ? toStored(row) : null;
}

/** Ids of the cached records of a model. */
export function objectIds(db: DatabaseSync, portal: BrainstemPortalName, model: string): Set<string> {
  const statement = db.prepare('SELECT id FROM bs_objects WHERE portal = ? AND model = ?');
  statement.setReturnArrays(true);
  return new Set((statement.all(portal, model) as unknown as Array<[string]>).map((row) => row[0]));
}

/** Every cached label of a model: what relation columns and links show. */
export function objectLabels(db: DatabaseSync, portal: BrainstemPortalName, model: string): Map<string, string> {
  const statement = db.prepare('SELECT id, label FROM bs_objects WHERE portal = ? AND model = ?');
  statement.setReturnArrays(true);
  return new Map(statement.all(portal, model) as unknown as Array<[string, string]>);
}

/** Labels of some records of a model, in one query per 500 ids. */
export function labelsOf(db: DatabaseSync, portal: BrainstemPortalName, model: string, ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const statement = db.prepare(`SELECT id, label FROM bs_objects WHERE portal = ? AND model = ? AND id IN (${chunk.map(() => '?').join(',')})`);
    statement.setReturnArrays(true);
    for (const [id, label] of statement.all(portal, model, ...chunk) as unknown as Array<[string, string]>) out.set(id, label);
  }
  return out;
}

/** Records whose label contains `text` (case and accents ignored), best matches (label starts with it) first. */
export function searchObjects(db: DatabaseSync, portal: BrainstemPortalName, model: string, text: string, limit: number): Array<{ id: string; label: string }> {
  const needle = fold(text.trim());
  const statement = db.prepare(
    `SELECT id, label FROM bs_objects WHERE portal = ? AND model = ? AND instr(folded_label, ?) > 0
     ORDER BY instr(folded_label, ?) <> 1, label COLLATE NOCASE, id LIMIT ?`,
  );
  return (statement.all(portal, model, needle, needle, limit) as Array<{ id: string; label: string }>).map((row) => ({ id: row.id, label: row.label }));
}
