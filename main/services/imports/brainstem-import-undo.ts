// Undo of a BrainSTEM import, built from its journal: updated objects get the values BrainSTEM held just
// before the import changed them (PATCH), created objects are deleted. Writes of moderated models
// became approval requests that curators decide on; Carrel cannot take those back, and says so.
// The undo is itself a journaled import, so it survives a crash the same way.

import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import { readOps, writeBrainstemJournal, type OpInput } from './brainstem-import-journal.ts';
import { readImport, undoFor } from './import-journal.ts';

export interface BrainstemUndoPreview {
  restoreRows: number;
  restoreValues: number;
  deleteRecords: number;
  fields: string[];
  /** Writes that became approval requests (moderated models): not undoable from Carrel. */
  awaitingApproval: number;
  /** Creates on the wire when the import stopped: BrainSTEM may have made them, under an id Carrel never heard. */
  uncertainCreates: number;
  note: string | null;
}

const approvalNote = (count: number): string =>
  `${count} ${count === 1 ? 'change was' : 'changes were'} sent to BrainSTEM's curators for approval; Carrel cannot take ${count === 1 ? 'it' : 'them'} back. Ask a curator to reject ${count === 1 ? 'it' : 'them'}, or change the objects once accepted.`;

function hasApproval(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && 'approval' in answer;
}

const uncertainNote = (count: number): string =>
  `${count === 1 ? 'One object was' : `${count} objects were`} being created when the import stopped; BrainSTEM may have ${count === 1 ? 'it' : 'them'}, and the undo cannot find ${count === 1 ? 'it' : 'them'}. Resume the import first to be sure, or check on BrainSTEM afterwards.`;

function reverseOps(db: DatabaseSync, importId: string): { ops: OpInput[]; awaitingApproval: number; uncertainCreates: number } {
  const entry = readImport(db, importId);
  if (entry.kind !== 'import') throw new AppError('CONFLICT', 'An undo cannot itself be undone; import the file again instead.');
  if (entry.state === 'undone') throw new AppError('CONFLICT', 'This import was already undone.');
  const restores: OpInput[] = [];
  const deletes: OpInput[] = [];
  let awaitingApproval = 0;
  let uncertainCreates = 0;
  // Confirmed writes are reverted; a refused one saved nothing. Of a stopped import, an update that may
  // have gone through is put back too (its earlier values were written down before it was sent).
  for (const op of readOps(db, importId, ['confirmed', 'sending'])) {
    if (op.state === 'sending') {
      if (op.action === 'create') uncertainCreates += 1;
      else if (op.action === 'update' && op.objectId && op.previous) restores.push({ action: 'update', objectId: op.objectId, label: op.label, row: op.row, body: op.previous, previous: null });
      continue;
    }
    if (hasApproval(op.answer)) {
      awaitingApproval += 1;
      continue;
    }
    if (op.objectId === null) continue;
    if (op.action === 'create') deletes.unshift({ action: 'delete', objectId: op.objectId, label: op.label, row: op.row, body: {}, previous: null });
    else if (op.action === 'update' && op.previous) restores.push({ action: 'update', objectId: op.objectId, label: op.label, row: op.row, body: op.previous, previous: null });
  }
  return { ops: [...restores, ...deletes], awaitingApproval, uncertainCreates };
}

export function previewBrainstemUndo(db: DatabaseSync, importId: string): BrainstemUndoPreview {
  const { ops, awaitingApproval, uncertainCreates } = reverseOps(db, importId);
  const restores = ops.filter((op) => op.action === 'update');
  const notes = [awaitingApproval > 0 ? approvalNote(awaitingApproval) : null, uncertainCreates > 0 ? uncertainNote(uncertainCreates) : null].filter((n): n is string => n !== null);
  const fields = new Set(restores.flatMap((op) => Object.keys(op.body)));
  return {
    restoreRows: restores.length,
    restoreValues: restores.reduce((sum, op) => sum + Object.keys(op.body).length, 0),
    deleteRecords: ops.length - restores.length,
    fields: [...fields].sort(),
    awaitingApproval,
    uncertainCreates,
    note: notes.length > 0 ? notes.join(' ') : null,
  };
}

/** Journals the undo (restores first, then deletes, newest object first) and returns its import id. */
export function prepareBrainstemUndo(db: DatabaseSync, importId: string, model: string): string {
  const entry = readImport(db, importId);
  if (entry.state === 'undone') throw new AppError('CONFLICT', 'This import was already undone.');
  // An undo cut off by a crash or the network is resumed, not journaled a second time.
  const existing = undoFor(db, importId);
  if (existing && existing.state !== 'done') return existing.id;
  const { ops, awaitingApproval } = reverseOps(db, importId);
  if (ops.length === 0) {
    throw new AppError('CONFLICT', awaitingApproval > 0 ? approvalNote(awaitingApproval) : 'This import changed nothing on BrainSTEM, so there is nothing to undo.');
  }
  return writeBrainstemJournal(db, { kind: 'undo', model, undoOf: importId }, ops);
}
