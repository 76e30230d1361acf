// Sends a journaled import batch by batch. Each batch is committed as `sending` before the request
// leaves and `confirmed` once REDCap answers, so a crash or a lost network never loses or doubles a
// batch: `resumeImport` asks REDCap about the uncertain one and sends the rest.

import type { DatabaseSync } from 'node:sqlite';
import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import type { RedcapApi } from '../connectors/redcap/api.ts';
import { deleteRecords } from '../connectors/redcap/methods/records.ts';
import { importRecords } from '../connectors/redcap/methods/record-import.ts';
import { putMeta } from '../cache/dataset-writer.ts';
import {
  batchCounts, markBatchFailed, markBatchPending, markConfirmed, markSending, readBatch, readBatchHeads, readImport, setImportState, undoFor,
  type BatchEntry, type ImportEntry,
} from './import-journal.ts';
import { existingRecords, payloadIsApplied } from './import-run-check.ts';

/**
 * Set after any batch is confirmed: the cached records no longer match the server until the next sync.
 * Carrel does not patch the cache from the payload, because REDCap may derive values on import (calc
 * fields, form status) that only a sync reads back; an incremental sync picks up exactly these records.
 */
export const SYNC_NEEDED_META = 'imports.syncNeeded';

export interface ImportProgress { batchesDone: number; batchesTotal: number; rowsDone: number; rowsTotal: number }

export interface RunImportOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportOutcome {
  importId: string;
  batches: number;
  rows: number;
  /** Batches found already applied after a crash and therefore not sent again. */
  verifiedWithoutResend: number;
  /** True when batches were sent: the records dataset should be synced (see SYNC_NEEDED_META). */
  syncNeeded: boolean;
}

/** REDCap answered and refused the batch (validation): it saved nothing, and resending the same data cannot help. */
function refusedByRedcap(error: unknown): error is AppError {
  return isAppError(error) && error.code === 'SERVICE_ERROR' && error.details !== undefined && 'rowErrors' in error.details;
}

/** REDCap answered but refused the request as a whole (token, rights): nothing saved, safe to send again later. */
function refusedAccess(error: unknown): boolean {
  return isAppError(error) && (error.code === 'AUTH_FAILED' || error.code === 'FORBIDDEN');
}

async function sendBatch(api: RedcapApi, entry: ImportEntry, batch: BatchEntry, signal: AbortSignal | undefined): Promise<unknown> {
  const { recordIdField, overwriteBehavior } = entry.options;
  if (batch.action === 'delete') {
    // Delete is not idempotent, and an undo may name records of a batch that never reached REDCap: only
    // records still there are named, so a delete never fails on records that are not (or no longer) there.
    const remaining = await existingRecords(api, recordIdField, batch.recordIds, signal);
    if (remaining.length === 0) return { deleted: 0, alreadyDeleted: batch.recordIds.length };
    return { deleted: await deleteRecords(api, { records: remaining, signal }) };
  }
  if (batch.action === 'delete-data') {
    // One event's (or repeat instance's) data of existing records; deleting it again deletes nothing.
    const scope = batch.payload[0] ?? {};
    const remaining = await existingRecords(api, recordIdField, batch.recordIds, signal);
    if (remaining.length === 0) return { deleted: 0 };
    return {
      deleted: await deleteRecords(api, {
        records: remaining,
        ...(scope.arm ? { arm: Number(scope.arm) } : {}),
        ...(scope.event ? { event: scope.event } : {}),
        ...(scope.instrument ? { instrument: scope.instrument } : {}),
        ...(scope.repeat_instance ? { repeat_instance: Number(scope.repeat_instance) } : {}),
        signal,
      }),
    };
  }
  return { ids: await importRecords(api, { data: batch.payload, overwriteBehavior, dateFormat: 'YMD', returnContent: 'ids', signal }) };
}

async function alreadyApplied(api: RedcapApi, entry: ImportEntry, batch: BatchEntry, signal: AbortSignal | undefined): Promise<boolean> {
  const { recordIdField, overwriteBehavior } = entry.options;
  if (batch.action === 'delete') return (await existingRecords(api, recordIdField, batch.recordIds, signal)).length === 0;
  // Sending a partial delete again is harmless (it finds nothing left to delete), so it is never checked first.
  if (batch.action === 'delete-data') return false;
  return payloadIsApplied(api, recordIdField, batch.recordIds, batch.payload, overwriteBehavior, signal);
}

function interrupted(error: unknown, batchNo: number, total: number): AppError {
  const cause = isAppError(error) ? error : new AppError('INTERNAL', 'The import stopped unexpectedly.', { cause: error });
  if (cause.code === 'CANCELLED') return new AppError('CANCELLED', `Import paused before batch ${batchNo} of ${total} was confirmed. Resume it to send the rest; nothing is sent twice.`, { retryable: true });
  return new AppError(cause.code, `Import paused at batch ${batchNo} of ${total}: ${cause.message} Resume the import when the connection is back; Carrel checks what REDCap already has and sends only the rest.`, {
    retryable: true,
    details: { batchNo, batchesTotal: total },
    cause,
  });
}

/**
 * Sends every batch of a journaled import that REDCap has not confirmed, in order. Stops at the first
 * batch REDCap refuses (its per-row errors are in the thrown error's details) and sends nothing after it.
 */
export async function runImport(db: DatabaseSync, api: RedcapApi, importId: string, options: RunImportOptions = {}): Promise<ImportOutcome> {
  const entry = readImport(db, importId);
  if (entry.state === 'failed') {
    throw new AppError('CONFLICT', 'REDCap refused part of this import, so it cannot be resumed. Undo it, or correct the file and import again.', { details: { importId } });
  }
  if (entry.state === 'undone') throw new AppError('CONFLICT', 'This import was undone; import the file again instead.', { details: { importId } });
  const totals = batchCounts(db, importId);
  let verifiedWithoutResend = 0;
  const report = (): void => {
    const now = batchCounts(db, importId);
    options.onProgress?.({ batchesDone: now.confirmedBatches, batchesTotal: now.batches, rowsDone: now.confirmedRows, rowsTotal: now.rows });
  };
  if (entry.state !== 'done') {
    setImportState(db, importId, 'running');
    report();
    for (const head of readBatchHeads(db, importId, ['pending', 'sending'])) {
      const batch = readBatch(db, importId, head.batchNo);
      try {
        if (options.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled.');
        if (batch.state === 'sending' && await alreadyApplied(api, entry, batch, options.signal)) {
          markConfirmed(db, importId, batch.batchNo, { verified: true });
          verifiedWithoutResend += 1;
        } else {
          markSending(db, importId, batch.batchNo);
          const answer = await sendBatch(api, entry, batch, options.signal);
          markConfirmed(db, importId, batch.batchNo, answer);
        }
        putMeta(db, { [SYNC_NEEDED_META]: new Date().toISOString() });
        report();
      } catch (error) {
        if (refusedByRedcap(error)) {
          markBatchFailed(db, importId, batch.batchNo);
          const refused = new AppError('SERVICE_ERROR', `Batch ${batch.batchNo} of ${totals.batches} was refused and nothing after it was sent. ${error.message}`, { details: { ...error.details, batchNo: batch.batchNo, batchesTotal: totals.batches } });
          setImportState(db, importId, 'failed', refused);
          throw refused;
        }
        // The request may have reached REDCap: the batch stays `sending` (uncertain) unless REDCap said no to the whole request.
        if (refusedAccess(error)) markBatchPending(db, importId, batch.batchNo);
        const paused = interrupted(error, batch.batchNo, totals.batches);
        setImportState(db, importId, 'interrupted', paused);
        throw paused;
      }
    }
    setImportState(db, importId, 'done');
  }
  return { importId, batches: totals.batches, rows: totals.rows, verifiedWithoutResend, syncNeeded: totals.batches > 0 };
}

/** Refuses, before any job starts, an import that cannot be resumed, saying why. */
export function checkResumable(db: DatabaseSync, importId: string): void {
  const entry = readImport(db, importId);
  if (entry.state === 'undone') throw new AppError('CONFLICT', 'This import was undone, so it cannot be resumed. Import the file again if you want its rows in REDCap.', { details: { importId, state: entry.state } });
  if (entry.state !== 'running' && entry.state !== 'interrupted' && entry.state !== 'ready') {
    throw new AppError('CONFLICT', entry.state === 'done' ? 'This import already finished.' : 'This import cannot be resumed; undo it or import the file again.', { details: { importId, state: entry.state } });
  }
  const undo = entry.kind === 'import' ? undoFor(db, importId) : null;
  if (undo && undo.state !== 'failed') {
    // Sending the rest while (or after) the first part is reverted would leave half a file in REDCap.
    throw new AppError('CONFLICT', 'This import is being undone, so it cannot be resumed. Finish the undo from the Imports list; import the file again afterwards if you want its rows.', { details: { importId, undoId: undo.id } });
  }
}

/** After a restart: continues an import that was running or interrupted (the uncertain batch is checked on the server first). */
export async function resumeImport(db: DatabaseSync, api: RedcapApi, importId: string, options: RunImportOptions = {}): Promise<ImportOutcome> {
  checkResumable(db, importId);
  return runImport(db, api, importId, options);
}
