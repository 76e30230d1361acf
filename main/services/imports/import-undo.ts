// Undo of an import, built from its journal: the changed values go back to what the cache held before
// (sent with overwriteBehavior=overwrite, so values that were blank become blank again), and records the
// import created are deleted. The undo is itself a journaled import, so it survives a crash the same way.

import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import type { RedcapApi } from '../connectors/redcap/api.ts';
import { defaultBatchLimits, planBatches, type BatchLimits } from './import-journal-batches.ts';
import { readBatches, readImport, readPrevious, setImportState, writeJournal, type JournalBatchInput } from './import-journal.ts';
import { runImport, type ImportOutcome, type RunImportOptions } from './import-run.ts';
import type { PlannedRow } from './import-types.ts';

export interface UndoPreview {
  /** Rows whose values go back to the previous ones. */
  restoreRows: number;
  /** Records the import created, deleted by the undo. */
  deleteRecords: number;
}

function undoOf(db: DatabaseSync, importId: string): { id: string; state: string } | null {
  const row = db.prepare("SELECT id, state FROM import_journal WHERE undo_of = ? AND kind = 'undo' ORDER BY created_at DESC LIMIT 1").get(importId) as { id: string; state: string } | undefined;
  return row ?? null;
}

interface ReversePlan { restore: PlannedRow[]; deletes: string[] }

/** Only confirmed batches are reverted: a refused batch saved nothing, so there is nothing of it to undo. */
function reversePlan(db: DatabaseSync, importId: string): ReversePlan {
  const entry = readImport(db, importId);
  if (entry.kind !== 'import') throw new AppError('CONFLICT', 'An undo cannot itself be undone; import the file again instead.');
  if (entry.state === 'undone') throw new AppError('CONFLICT', 'This import was already undone.');
  if (entry.state === 'running' || entry.state === 'interrupted' || entry.state === 'ready') {
    throw new AppError('CONFLICT', 'This import has not finished. Resume it first (Carrel then knows exactly what REDCap holds), then undo it.');
  }
  const sent = new Set(readBatches(db, importId, ['confirmed']).flatMap((batch) => batch.recordIds));
  const restore: PlannedRow[] = [];
  const deletes = new Set<string>();
  for (const row of readPrevious(db, importId)) {
    if (!sent.has(row.key.record)) continue;
    if (row.newRecord) {
      deletes.add(row.key.record);
      continue;
    }
    const values: Record<string, string> = {};
    // A row that did not exist before (a new event of an existing record) goes back to blank.
    for (const field of row.fields) values[field] = row.previous?.[field] ?? '';
    restore.push({ key: row.key, values, previous: null });
  }
  return { restore, deletes: [...deletes] };
}

/** What an undo would do, for the confirmation the user sees first. */
export function previewUndo(db: DatabaseSync, importId: string): UndoPreview {
  const plan = reversePlan(db, importId);
  return { restoreRows: plan.restore.length, deleteRecords: plan.deletes.length };
}

/** Journals the undo (restores first, then deletes as their own batches) and returns its import id. */
export function prepareUndo(db: DatabaseSync, importId: string, limits: BatchLimits = defaultBatchLimits): string {
  const entry = readImport(db, importId);
  if (entry.state === 'undone') throw new AppError('CONFLICT', 'This import was already undone.');
  // An undo cut off by a crash or the network is resumed, not journaled a second time.
  const existing = undoOf(db, importId);
  if (existing && existing.state !== 'failed') return existing.id;
  const plan = reversePlan(db, importId);
  const batches: JournalBatchInput[] = planBatches(plan.restore, entry.options.recordIdField, limits).map((batch) => ({ action: 'import', recordIds: batch.recordIds, payload: batch.payload }));
  for (let at = 0; at < plan.deletes.length; at += limits.records) {
    batches.push({ action: 'delete', recordIds: plan.deletes.slice(at, at + limits.records), payload: [] });
  }
  return writeJournal(db, { kind: 'undo', options: { recordIdField: entry.options.recordIdField, overwriteBehavior: 'overwrite' }, undoOf: importId }, batches, []);
}

/**
 * Undoes an import (or resumes an undo that was cut off). The original import is marked `undone`
 * only when every undo batch is confirmed.
 */
export async function undoImport(db: DatabaseSync, api: RedcapApi, importId: string, options: RunImportOptions = {}, limits?: BatchLimits): Promise<ImportOutcome & { undoId: string }> {
  const undoId = prepareUndo(db, importId, limits);
  const outcome = await runImport(db, api, undoId, options);
  setImportState(db, importId, 'undone');
  return { ...outcome, undoId };
}
