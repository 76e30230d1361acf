// The import journal in a connection's cache database. Every batch is committed here BEFORE it is sent
// and marked confirmed only when REDCap answers, so after a crash the journal says exactly which
// batches REDCap has, which it may have (`sending`), and which it has not seen.

import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.ts';
import { defaultBatchLimits, planBatches, type BatchLimits, type FlatPayloadRow } from './import-journal-batches.ts';
import type { ImportPlan, RowKey } from './import-types.ts';
import { inTransaction } from '../cache/transaction.ts';

export type ImportKind = 'import' | 'undo';
/** ready: written, nothing sent; running: a run is (or was, if the process died) under way; interrupted: stopped retryably. */
export type ImportState = 'ready' | 'running' | 'interrupted' | 'failed' | 'done' | 'undone';
/** `sending` after a crash or a lost answer means "REDCap may or may not have it". */
export type BatchState = 'pending' | 'sending' | 'confirmed' | 'failed';
/** delete: whole records; delete-data: one event's or repeat instance's data of records (payload: one scope row). */
export type BatchAction = 'import' | 'delete' | 'delete-data';
const batchActions = ['import', 'delete', 'delete-data'] as const;

export const importOptionsSchema = z.object({
  recordIdField: z.string().min(1),
  overwriteBehavior: z.enum(['normal', 'overwrite']),
});
export type ImportOptions = z.infer<typeof importOptionsSchema>;

export interface ImportEntry {
  id: string;
  kind: ImportKind;
  createdAt: string;
  updatedAt: string;
  options: ImportOptions;
  state: ImportState;
  undoOf: string | null;
  error: { code: string; message: string; details?: Record<string, unknown> } | null;
}

export interface BatchEntry {
  batchNo: number;
  action: BatchAction;
  recordIds: string[];
  payload: FlatPayloadRow[];
  rowCount: number;
  state: BatchState;
  attempts: number;
}

const stringList = z.array(z.string());

/**
 * The journal's own payload JSON, checked by hand: a zod pass over 100,000 rows × 40 values costs
 * seconds per import, and the shape is simple (an array of objects of strings).
 */
function parsePayload(json: string): FlatPayloadRow[] {
  const value: unknown = JSON.parse(json);
  const ok = Array.isArray(value) && value.every((row: unknown) => typeof row === 'object' && row !== null && !Array.isArray(row) && Object.values(row).every((cell) => typeof cell === 'string'));
  if (!ok) throw new AppError('INTERNAL', 'The import journal in the cache is damaged. Start the import again from the file.');
  return value as FlatPayloadRow[];
}
const errorSchema = z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).nullable();
const now = (): string => new Date().toISOString();

export interface JournalBatchInput {
  action: BatchAction;
  recordIds: string[];
  payload: FlatPayloadRow[];
}

/** Writes an import and all its batches in one transaction; nothing is sent yet. */
export function writeJournal(
  db: DatabaseSync,
  entry: { kind: ImportKind; options: ImportOptions; undoOf?: string },
  batches: ReadonlyArray<JournalBatchInput>,
  previous: ReadonlyArray<{ key: RowKey; fields: string[]; previous: Record<string, string> | null; newRecord: boolean }>,
): string {
  const id = randomUUID();
  const at = now();
  inTransaction(db, () => {
    db.prepare('INSERT INTO import_journal (id, kind, created_at, updated_at, options_json, state, undo_of) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, entry.kind, at, at, JSON.stringify(entry.options), 'ready', entry.undoOf ?? null);
    const batch = db.prepare('INSERT INTO import_batches (import_id, batch_no, action, record_ids_json, payload_json, row_count, state) VALUES (?, ?, ?, ?, ?, ?, ?)');
    batches.forEach((b, index) => batch.run(id, index + 1, b.action, JSON.stringify(b.recordIds), JSON.stringify(b.payload), b.payload.length, 'pending'));
    const prev = db.prepare('INSERT INTO import_previous (import_id, seq, key_json, fields_json, previous_json, new_record) VALUES (?, ?, ?, ?, ?, ?)');
    previous.forEach((p, index) => prev.run(id, index, JSON.stringify(p.key), JSON.stringify(p.fields), p.previous === null ? null : JSON.stringify(p.previous), p.newRecord ? 1 : 0));
  });
  return id;
}

/**
 * Journals a checked plan as an import (rows with problems are the planner's business: the plan's rows
 * are what goes). Returns the import id for `runImport`.
 */
export function createImport(db: DatabaseSync, plan: Pick<ImportPlan, 'rows' | 'newRecords'>, options: ImportOptions, limits: BatchLimits = defaultBatchLimits): string {
  const batches = planBatches(plan.rows, options.recordIdField, limits);
  const newRecords = new Set(plan.newRecords);
  const previous = batches.flatMap((batch) => batch.rows).map((row) => ({
    key: row.key,
    fields: Object.keys(row.values).filter((field) => field !== options.recordIdField),
    previous: row.previous,
    newRecord: newRecords.has(row.key.record),
  }));
  return writeJournal(db, { kind: 'import', options }, batches.map((b) => ({ action: 'import' as const, recordIds: b.recordIds, payload: b.payload })), previous);
}

interface ImportRow { id: string; kind: string; created_at: string; updated_at: string; options_json: string; state: string; undo_of: string | null; error_json: string | null }

function toEntry(row: ImportRow): ImportEntry {
  return {
    id: row.id,
    kind: z.enum(['import', 'undo']).parse(row.kind),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    options: importOptionsSchema.parse(JSON.parse(row.options_json)),
    state: z.enum(['ready', 'running', 'interrupted', 'failed', 'done', 'undone']).parse(row.state),
    undoOf: row.undo_of,
    error: row.error_json === null ? null : errorSchema.parse(JSON.parse(row.error_json)),
  };
}

export function readImport(db: DatabaseSync, importId: string): ImportEntry {
  const row = db.prepare('SELECT * FROM import_journal WHERE id = ?').get(importId) as ImportRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'This import is not in the journal (it may belong to a removed connection). Start the import again.');
  return toEntry(row);
}

/** Imports a restart should offer to resume: started or stopped before all batches were confirmed. */
export function unfinishedImports(db: DatabaseSync): ImportEntry[] {
  const rows = db.prepare("SELECT * FROM import_journal WHERE state IN ('running', 'interrupted') ORDER BY created_at").all() as unknown as ImportRow[];
  return rows.map(toEntry);
}

interface BatchRow { batch_no: number; action: string; record_ids_json: string; row_count: number; state: string; attempts: number }

function toBatch(row: BatchRow, payloadJson: string | null): BatchEntry {
  return {
    batchNo: row.batch_no,
    action: z.enum(batchActions).parse(row.action),
    recordIds: stringList.parse(JSON.parse(row.record_ids_json)),
    payload: payloadJson === null ? [] : parsePayload(payloadJson),
    rowCount: row.row_count,
    state: z.enum(['pending', 'sending', 'confirmed', 'failed']).parse(row.state),
    attempts: row.attempts,
  };
}

/** The batches with their payloads (tests, small imports). */
export function readBatches(db: DatabaseSync, importId: string, states?: ReadonlyArray<BatchState>): BatchEntry[] {
  const rows = db.prepare('SELECT batch_no, action, record_ids_json, payload_json, row_count, state, attempts FROM import_batches WHERE import_id = ? ORDER BY batch_no').all(importId) as unknown as Array<BatchRow & { payload_json: string }>;
  return rows.filter((row) => states === undefined || (states as readonly string[]).includes(row.state)).map((row) => toBatch(row, row.payload_json));
}

/** Batch numbers and states without payloads, so a run holds one batch's rows in memory at a time. */
export function readBatchHeads(db: DatabaseSync, importId: string, states: ReadonlyArray<BatchState>): Array<Omit<BatchEntry, 'payload'>> {
  const rows = db.prepare('SELECT batch_no, action, record_ids_json, row_count, state, attempts FROM import_batches WHERE import_id = ? ORDER BY batch_no').all(importId) as unknown as BatchRow[];
  return rows.filter((row) => (states as readonly string[]).includes(row.state)).map((row) => toBatch(row, null));
}

export function readBatch(db: DatabaseSync, importId: string, batchNo: number): BatchEntry {
  const row = db.prepare('SELECT batch_no, action, record_ids_json, payload_json, row_count, state, attempts FROM import_batches WHERE import_id = ? AND batch_no = ?').get(importId, batchNo) as (BatchRow & { payload_json: string }) | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'A batch of this import is missing from the journal. Start the import again from the file.');
  return toBatch(row, row.payload_json);
}

/** Counts per state, without reading payloads (for progress). */
export function batchCounts(db: DatabaseSync, importId: string): { batches: number; rows: number; confirmedBatches: number; confirmedRows: number } {
  const row = db.prepare("SELECT count(*) AS batches, coalesce(sum(row_count), 0) AS rows, coalesce(sum(state = 'confirmed'), 0) AS cb, coalesce(sum(CASE WHEN state = 'confirmed' THEN row_count ELSE 0 END), 0) AS cr FROM import_batches WHERE import_id = ?").get(importId) as { batches: number; rows: number; cb: number; cr: number };
  return { batches: row.batches, rows: row.rows, confirmedBatches: row.cb, confirmedRows: row.cr };
}

/** Committed before the request leaves: from here until confirmed, a crash leaves the batch uncertain. */
export function markSending(db: DatabaseSync, importId: string, batchNo: number): void {
  db.prepare("UPDATE import_batches SET state = 'sending', attempts = attempts + 1, sent_at = ? WHERE import_id = ? AND batch_no = ?").run(now(), importId, batchNo);
}

export function markConfirmed(db: DatabaseSync, importId: string, batchNo: number, answer: unknown): void {
  db.prepare("UPDATE import_batches SET state = 'confirmed', confirmed_at = ?, answer_json = ? WHERE import_id = ? AND batch_no = ?").run(now(), JSON.stringify(answer), importId, batchNo);
}

export function markBatchFailed(db: DatabaseSync, importId: string, batchNo: number): void {
  db.prepare("UPDATE import_batches SET state = 'failed' WHERE import_id = ? AND batch_no = ?").run(importId, batchNo);
}

/** A failed batch REDCap refused can be sent again after the data was corrected elsewhere; here it only goes back to pending. */
export function markBatchPending(db: DatabaseSync, importId: string, batchNo: number): void {
  db.prepare("UPDATE import_batches SET state = 'pending' WHERE import_id = ? AND batch_no = ?").run(importId, batchNo);
}

export function setImportState(db: DatabaseSync, importId: string, state: ImportState, error: AppError | null = null): void {
  const errorJson = error === null ? null : JSON.stringify({ code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
  db.prepare('UPDATE import_journal SET state = ?, updated_at = ?, error_json = ? WHERE id = ?').run(state, now(), errorJson, importId);
}

/** The newest undo of an import (any state), or null: an import with a live undo must not be resumed. */
export function undoFor(db: DatabaseSync, importId: string): { id: string; state: ImportState } | null {
  const row = db.prepare("SELECT id FROM import_journal WHERE undo_of = ? AND kind = 'undo' ORDER BY created_at DESC, rowid DESC LIMIT 1").get(importId) as { id: string } | undefined;
  return row ? { id: row.id, state: readImport(db, row.id).state } : null;
}

export interface PreviousEntry { key: RowKey; fields: string[]; previous: Record<string, string> | null; newRecord: boolean }

const keySchema = z.object({ record: z.string(), event: z.string(), repeatInstrument: z.string(), repeatInstance: z.string() });

/** The previous values of every row the import sent, in order. */
export function readPrevious(db: DatabaseSync, importId: string): PreviousEntry[] {
  const rows = db.prepare('SELECT key_json, fields_json, previous_json, new_record FROM import_previous WHERE import_id = ? ORDER BY seq').all(importId) as Array<{ key_json: string; fields_json: string; previous_json: string | null; new_record: number }>;
  return rows.map((row) => ({
    key: keySchema.parse(JSON.parse(row.key_json)),
    fields: stringList.parse(JSON.parse(row.fields_json)),
    previous: row.previous_json === null ? null : z.record(z.string(), z.string()).parse(JSON.parse(row.previous_json)),
    newRecord: row.new_record === 1,
  }));
}
