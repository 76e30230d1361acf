// Undo of an import, built from its journal (import-journal-undo.ts says what it reverts): changed values
// go back to what the cache held before (sent with overwriteBehavior=overwrite, so values that were blank
// become blank again), rows the import added to existing records are removed, and records it created are
// deleted. The undo is itself a journaled import, so it survives a crash the same way. An import that
// stopped halfway (interrupted, or refused by REDCap) can be undone too: what REDCap got is reverted.

import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import type { RedcapApi } from '../connectors/redcap/api.ts';
import { defaultBatchLimits, planBatches, type BatchLimits } from './import-journal-batches.ts';
import { readImport, setImportState, undoFor, writeJournal, type JournalBatchInput } from './import-journal.ts';
import { reversePlan, type ReverseOptions, type ReversePlan } from './import-journal-undo.ts';
import { runImport, type ImportOutcome, type RunImportOptions } from './import-run.ts';

export type UndoPreview = ReversePlan['counts'] & { deleteRecords: number; fields: string[]; blankReason: string | null };

/** What an undo would do, for the confirmation the user sees first. */
export function previewUndo(db: DatabaseSync, importId: string, options: ReverseOptions = {}): UndoPreview {
  const plan = reversePlan(db, importId, options);
  return { ...plan.counts, deleteRecords: plan.deletes.length, fields: plan.fields, blankReason: plan.blankReason };
}

/** Journals the undo (restores first, then partial deletes, then whole records) and returns its import id. */
export function prepareUndo(db: DatabaseSync, importId: string, limits: BatchLimits = defaultBatchLimits, options: ReverseOptions = {}): string {
  const entry = readImport(db, importId);
  if (entry.state === 'undone') throw new AppError('CONFLICT', 'This import was already undone.');
  // An undo cut off by a crash or the network is resumed, not journaled a second time.
  const existing = undoFor(db, importId);
  if (existing && existing.state !== 'failed') return existing.id;
  const plan = reversePlan(db, importId, options);
  const batches: JournalBatchInput[] = planBatches(plan.restore, entry.options.recordIdField, limits).map((batch) => ({ action: 'import', recordIds: batch.recordIds, payload: batch.payload }));
  for (const { scope, records } of plan.removals) {
    for (let at = 0; at < records.length; at += limits.records) {
      batches.push({ action: 'delete-data', recordIds: records.slice(at, at + limits.records), payload: [{ ...scope }] });
    }
  }
  for (let at = 0; at < plan.deletes.length; at += limits.records) {
    batches.push({ action: 'delete', recordIds: plan.deletes.slice(at, at + limits.records), payload: [] });
  }
  return writeJournal(db, { kind: 'undo', options: { recordIdField: entry.options.recordIdField, overwriteBehavior: 'overwrite' }, undoOf: importId }, batches, []);
}

/**
 * Undoes an import (or resumes an undo that was cut off). The original import is marked `undone`
 * only when every undo batch is confirmed; from then on it can no longer be resumed.
 */
export async function undoImport(db: DatabaseSync, api: RedcapApi, importId: string, options: RunImportOptions = {}, limits?: BatchLimits, reverse: ReverseOptions = {}): Promise<ImportOutcome & { undoId: string }> {
  const undoId = prepareUndo(db, importId, limits, reverse);
  const outcome = await runImport(db, api, undoId, options);
  setImportState(db, importId, 'undone');
  return { ...outcome, undoId };
}
