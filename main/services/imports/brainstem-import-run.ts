// Sends the journaled writes of a BrainSTEM import (or undo), one object at a time, through the same
// writes the record form uses (writes.ts: checks, then the cache patched with the server's answer).
// A write BrainSTEM refuses (DRF field errors, no rights, object gone) saved nothing: it is marked
// refused with the server's message and the run goes on with the next object, since the objects do not
// depend on each other. Anything else (network, server down, sign-in expired, cancel) pauses the run;
// the write in flight stays `sending` and a resume asks BrainSTEM before sending it again.

import type { DatabaseSync } from 'node:sqlite';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import type { BrainstemClient } from '../connectors/brainstem/client.ts';
import type { BrainstemRecord } from '../connectors/brainstem/envelopes.ts';
import { brainstemFields } from '../connectors/brainstem/fields.ts';
import type { BrainstemFilter } from '../connectors/brainstem/query.ts';
import { cacheRecord, uncacheRecord, type Touched } from '../brainstem/cache-patch.ts';
import { modelLabel } from '../brainstem/naming.ts';
import { normalizeRecord } from '../brainstem/record-json.ts';
import { createRecord, deleteRecord, updateRecord, type WriteContext } from '../brainstem/writes.ts';
import { sameValue } from './brainstem-import-cells.ts';
import { readOps, retryRefusedOps, setOpObject, setOpPrevious, markOpRefused, type OpEntry } from './brainstem-import-journal.ts';
import { batchCounts, markBatchPending, markConfirmed, markSending, readImport, setImportState } from './import-journal.ts';

export interface BrainstemRunContext {
  client: BrainstemClient;
  db: DatabaseSync;
  portal: BrainstemPortalName;
  model: string;
  /** Checked between writes: the one in flight is finished, never cut off. */
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; refused: number }) => void;
  /** The cache datasets a write changed, after each write. */
  onTouched?: (touched: Touched) => void;
}

export interface BrainstemRunOutcome {
  importId: string;
  writes: number;
  confirmed: number;
  refused: number;
  /** Writes found already done on the server after an interruption, so not sent again. */
  verifiedWithoutResend: number;
}

/** BrainSTEM answered and refused this one object; sending the same again cannot help. */
function refusedByServer(error: unknown): error is AppError {
  return isAppError(error) && (error.code === 'VALIDATION' || error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND' || error.code === 'CONFLICT');
}

/** The server's own words for a refusal: its field messages when it gave some. */
function refusalMessage(error: AppError): string {
  const fields = error.details?.fields;
  if (fields && typeof fields === 'object') {
    const parts = Object.entries(fields as Record<string, unknown>).map(([field, messages]) => `${field}: ${Array.isArray(messages) ? messages.join(' ') : String(messages)}`);
    if (parts.length > 0) return parts.join('; ');
  }
  return error.message;
}

function matches(model: string, record: BrainstemRecord, body: Record<string, unknown>): boolean {
  const fields = new Map(brainstemFields(model).map((field) => [field.name, field]));
  return Object.entries(body).every(([name, value]) => sameValue(fields.get(name), record[name], value));
}

/** Objects on the server that look like the one a create sends: same name (or same single relations and choices). */
async function lookalikes(context: BrainstemRunContext, body: Record<string, unknown>): Promise<BrainstemRecord[]> {
  const fields = brainstemFields(context.model);
  const named = fields.find((field) => (field.name === 'name' || field.name === 'title') && typeof body[field.name] === 'string');
  const filters: BrainstemFilter[] = named
    ? [{ field: named.name, value: body[named.name] as string }]
    : fields.filter((field) => (field.kind === 'relation' || field.kind === 'choice') && (typeof body[field.name] === 'string' || typeof body[field.name] === 'number')).map((field) => ({ field: field.name, value: body[field.name] as string | number }));
  const result = await context.client.loadAll(context.model, { filters });
  return result.records.map((record) => normalizeRecord(context.model, record).record).filter((record) => matches(context.model, record, body));
}

function writeContext(context: BrainstemRunContext, touched: Touched): WriteContext {
  return { client: context.client, db: context.db, portal: context.portal, touched };
}

const existingIds = (op: OpEntry): Set<string> => new Set(Array.isArray(op.previous?.existing) ? (op.previous.existing as unknown[]).map(String) : []);

async function create(context: BrainstemRunContext, importId: string, op: OpEntry, touched: Touched, taken: Set<string>): Promise<'sent' | 'verified'> {
  if (op.state === 'sending') {
    // Sent before, answer lost: BrainSTEM may have it. A lookalike that was not there before and that
    // no other write of this import made is ours.
    const before = existingIds(op);
    const found = (await lookalikes(context, op.body)).find((record) => !before.has(String(record.id)) && !taken.has(String(record.id)));
    if (found) {
      cacheRecord(context.db, context.portal, context.model, found, touched);
      setOpObject(context.db, importId, op.opNo, String(found.id));
      markConfirmed(context.db, importId, op.opNo, { id: String(found.id), verified: true });
      return 'verified';
    }
  } else {
    const before = (await lookalikes(context, op.body)).map((record) => String(record.id));
    setOpPrevious(context.db, importId, op.opNo, { existing: before });
  }
  markSending(context.db, importId, op.opNo);
  const result = await createRecord(writeContext(context, touched), context.model, op.body);
  if (result.record) {
    setOpObject(context.db, importId, op.opNo, result.record.id);
    markConfirmed(context.db, importId, op.opNo, { id: result.record.id });
  } else {
    markConfirmed(context.db, importId, op.opNo, { approval: result.approval?.id ?? null });
  }
  return 'sent';
}

async function update(context: BrainstemRunContext, importId: string, op: OpEntry, touched: Touched): Promise<'sent' | 'verified'> {
  const id = op.objectId!;
  const current = normalizeRecord(context.model, await context.client.get(context.model, id)).record;
  if (op.state === 'sending' && matches(context.model, current, op.body)) {
    cacheRecord(context.db, context.portal, context.model, current, touched);
    markConfirmed(context.db, importId, op.opNo, { id, verified: true });
    return 'verified';
  }
  // The values to restore on undo are the server's, read just before the change (not the cache's, which may be older).
  if (op.state === 'pending') setOpPrevious(context.db, importId, op.opNo, Object.fromEntries(Object.keys(op.body).map((field) => [field, current[field] ?? null])));
  markSending(context.db, importId, op.opNo);
  const result = await updateRecord(writeContext(context, touched), context.model, id, op.body, false);
  markConfirmed(context.db, importId, op.opNo, result.record ? { id } : { approval: result.approval?.id ?? null });
  return 'sent';
}

async function remove(context: BrainstemRunContext, importId: string, op: OpEntry, touched: Touched): Promise<'sent'> {
  markSending(context.db, importId, op.opNo);
  try {
    await deleteRecord(writeContext(context, touched), context.model, op.objectId!);
    markConfirmed(context.db, importId, op.opNo, { deleted: true });
  } catch (error) {
    // Already gone (a delete that went through before its answer was lost): what the undo wanted.
    if (!isAppError(error) || error.code !== 'NOT_FOUND') throw error;
    uncacheRecord(context.db, context.portal, context.model, op.objectId!, touched);
    markConfirmed(context.db, importId, op.opNo, { deleted: true, alreadyGone: true });
  }
  return 'sent';
}

function paused(error: unknown, opNo: number, total: number): AppError {
  const cause = isAppError(error) ? error : new AppError('INTERNAL', 'The import stopped unexpectedly.', { cause: error });
  if (cause.code === 'CANCELLED') return new AppError('CANCELLED', `Import paused before object ${opNo} of ${total}. Resume it to send the rest; nothing is sent twice.`, { retryable: true });
  return new AppError(cause.code, `Import paused at object ${opNo} of ${total}: ${cause.message} Resume the import when BrainSTEM can be reached again; Carrel checks what BrainSTEM already has and sends only the rest.`, {
    retryable: true,
    details: { opNo, total },
    cause,
  });
}

/**
 * Sends every write of a journaled BrainSTEM import that is not confirmed yet, in order. Refused writes
 * of an earlier run are tried again. Throws when the run pauses, or (at the end) when some were refused.
 */
export async function runBrainstemImport(context: BrainstemRunContext, importId: string): Promise<BrainstemRunOutcome> {
  const { db } = context;
  const entry = readImport(db, importId);
  if (entry.state === 'undone') throw new AppError('CONFLICT', 'This import was undone; import the file again instead.', { details: { importId } });
  if (entry.state === 'failed') retryRefusedOps(db, importId);
  const total = batchCounts(db, importId).batches;
  let verifiedWithoutResend = 0;
  const report = (): void => {
    const counts = batchCounts(db, importId);
    context.onProgress?.({ done: counts.confirmedBatches, total, refused: readOps(db, importId, ['failed']).length });
  };
  if (entry.state !== 'done') {
    setImportState(db, importId, 'running');
    report();
    const taken = new Set(readOps(db, importId, ['confirmed']).flatMap((op) => (op.objectId ? [op.objectId] : [])));
    for (const op of readOps(db, importId, ['pending', 'sending'])) {
      const touched: Touched = new Set();
      try {
        if (context.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled.');
        const how = op.action === 'create' ? await create(context, importId, op, touched, taken) : op.action === 'update' ? await update(context, importId, op, touched) : await remove(context, importId, op, touched);
        if (how === 'verified') verifiedWithoutResend += 1;
        const done = readOps(db, importId).find((o) => o.opNo === op.opNo);
        if (done?.objectId) taken.add(done.objectId);
      } catch (error) {
        if (refusedByServer(error)) {
          markOpRefused(db, importId, op.opNo, { code: error.code, message: refusalMessage(error) });
        } else {
          // Refused as a whole before anything was saved (sign-in): safe to send again as it is.
          if (isAppError(error) && (error.code === 'AUTH_FAILED' || error.code === 'NO_TOKEN')) markBatchPending(db, importId, op.opNo);
          const stop = paused(error, op.opNo, total);
          setImportState(db, importId, 'interrupted', stop);
          throw stop;
        }
      } finally {
        context.onTouched?.(touched);
      }
      report();
    }
    const refused = readOps(db, importId, ['failed']);
    if (refused.length > 0) {
      const listed = refused.slice(0, 3).map((op) => `${op.row > 0 ? `row ${op.row}` : `object ${op.opNo}`} (${op.label || modelLabel(context.model)}): ${op.error?.message ?? 'refused'}`).join('; ');
      const error = new AppError('SERVICE_ERROR', `BrainSTEM refused ${refused.length} of ${total} ${total === 1 ? 'object' : 'objects'} and saved the others. ${listed}${refused.length > 3 ? '; …' : ''}. Correct them on BrainSTEM and resume the import, or undo it.`, {
        details: { refused: refused.map((op) => ({ row: op.row, label: op.label, message: op.error?.message ?? '' })).slice(0, 100) },
      });
      setImportState(db, importId, 'failed', error);
      throw error;
    }
    setImportState(db, importId, 'done');
  }
  const counts = batchCounts(db, importId);
  return { importId, writes: total, confirmed: counts.confirmedBatches, refused: 0, verifiedWithoutResend };
}
