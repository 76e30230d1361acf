// BrainSTEM imports in the import journal (migration 5, extended by 6): an import row with service
// 'brainstem' and its model, and one batch per object write (create, update or delete). As for REDCap,
// every write is committed here before it is sent and confirmed when BrainSTEM answers; states, counts,
// listing and the import's own state are the REDCap journal's (import-journal.ts).

import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.ts';
import type { BatchState, ImportKind } from './import-journal.ts';
import { inTransaction } from '../cache/transaction.ts';

export type OpAction = 'create' | 'update' | 'delete';

export interface OpInput {
  action: OpAction;
  /** The object written; null for a create until BrainSTEM names it. */
  objectId: string | null;
  label: string;
  /** The file row (0 for an undo's writes). */
  row: number;
  body: Record<string, unknown>;
  /**
   * Updates: the values of the written fields before the write (taken from the server just before it
   * is sent). Creates: ids of objects that already matched before it was sent, so a resume can tell
   * the new one apart.
   */
  previous: Record<string, unknown> | null;
}

export interface OpEntry extends OpInput {
  opNo: number;
  state: BatchState;
  attempts: number;
  answer: unknown;
  error: { code: string; message: string } | null;
}

/** The REDCap reader of the journal parses these two; for BrainSTEM, `id` is the key and blanks erase nothing by themselves. */
const sharedOptions = JSON.stringify({ recordIdField: 'id', overwriteBehavior: 'normal' });

const bodySchema = z.record(z.string(), z.unknown());
const errorSchema = z.object({ code: z.string(), message: z.string() });

/** Journals an import (or an undo) and all its writes in one transaction; nothing is sent yet. */
export function writeBrainstemJournal(db: DatabaseSync, entry: { kind: ImportKind; model: string; undoOf?: string }, ops: ReadonlyArray<OpInput>): string {
  const id = randomUUID();
  const at = new Date().toISOString();
  inTransaction(db, () => {
    db.prepare('INSERT INTO import_journal (id, kind, created_at, updated_at, options_json, state, undo_of, service, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, entry.kind, at, at, sharedOptions, 'ready', entry.undoOf ?? null, 'brainstem', entry.model);
    const insert = db.prepare(
      'INSERT INTO import_batches (import_id, batch_no, action, record_ids_json, payload_json, row_count, state, label, source_row, previous_json) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)',
    );
    ops.forEach((op, index) => insert.run(id, index + 1, op.action, JSON.stringify(op.objectId === null ? [] : [op.objectId]), JSON.stringify(op.body), 'pending', op.label, op.row, op.previous === null ? null : JSON.stringify(op.previous)));
  });
  return id;
}

/** Which service and model an import of this cache belongs to. */
export function importTarget(db: DatabaseSync, importId: string): { service: 'redcap' | 'brainstem'; model: string | null } {
  const row = db.prepare('SELECT service, model FROM import_journal WHERE id = ?').get(importId) as { service: string; model: string | null } | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'This import is not in the journal (it may belong to a removed connection). Start the import again.');
  return { service: row.service === 'brainstem' ? 'brainstem' : 'redcap', model: row.model };
}

interface OpRow {
  batch_no: number;
  action: string;
  record_ids_json: string;
  payload_json: string;
  state: string;
  attempts: number;
  label: string | null;
  source_row: number | null;
  previous_json: string | null;
  answer_json: string | null;
  error_json: string | null;
}

function toOp(row: OpRow): OpEntry {
  const ids = z.array(z.string()).parse(JSON.parse(row.record_ids_json));
  return {
    opNo: row.batch_no,
    action: z.enum(['create', 'update', 'delete']).parse(row.action),
    objectId: ids[0] ?? null,
    label: row.label ?? '',
    row: row.source_row ?? 0,
    body: bodySchema.parse(JSON.parse(row.payload_json)),
    previous: row.previous_json === null ? null : bodySchema.parse(JSON.parse(row.previous_json)),
    state: z.enum(['pending', 'sending', 'confirmed', 'failed']).parse(row.state),
    attempts: row.attempts,
    answer: row.answer_json === null ? null : JSON.parse(row.answer_json),
    error: row.error_json === null ? null : errorSchema.parse(JSON.parse(row.error_json)),
  };
}

/** The writes of an import, in order (optionally only those in some states). */
export function readOps(db: DatabaseSync, importId: string, states?: ReadonlyArray<BatchState>): OpEntry[] {
  const rows = db.prepare('SELECT batch_no, action, record_ids_json, payload_json, state, attempts, label, source_row, previous_json, answer_json, error_json FROM import_batches WHERE import_id = ? ORDER BY batch_no').all(importId) as unknown as OpRow[];
  return rows.map(toOp).filter((op) => states === undefined || states.includes(op.state));
}

export function readOp(db: DatabaseSync, importId: string, opNo: number): OpEntry {
  const op = readOps(db, importId).find((candidate) => candidate.opNo === opNo);
  if (!op) throw new AppError('NOT_FOUND', 'A write of this import is missing from the journal. Start the import again from the file.');
  return op;
}

/** The object a create made (or an update wrote), once BrainSTEM named it. */
export function setOpObject(db: DatabaseSync, importId: string, opNo: number, objectId: string): void {
  db.prepare('UPDATE import_batches SET record_ids_json = ? WHERE import_id = ? AND batch_no = ?').run(JSON.stringify([objectId]), importId, opNo);
}

/** Committed before the write is sent (see OpInput.previous). */
export function setOpPrevious(db: DatabaseSync, importId: string, opNo: number, previous: Record<string, unknown>): void {
  db.prepare('UPDATE import_batches SET previous_json = ? WHERE import_id = ? AND batch_no = ?').run(JSON.stringify(previous), importId, opNo);
}

/** BrainSTEM refused this write (it saved nothing); the message is the server's. */
export function markOpRefused(db: DatabaseSync, importId: string, opNo: number, error: { code: string; message: string }): void {
  db.prepare("UPDATE import_batches SET state = 'failed', error_json = ? WHERE import_id = ? AND batch_no = ?").run(JSON.stringify(error), importId, opNo);
}

/** A refused write is tried again by a resume (the cause may have been fixed on the server meanwhile). */
export function retryRefusedOps(db: DatabaseSync, importId: string): void {
  db.prepare("UPDATE import_batches SET state = 'pending', error_json = NULL WHERE import_id = ? AND state = 'failed'").run(importId);
}
