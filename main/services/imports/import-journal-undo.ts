// What undoing an import means, read from its journal: which rows go back to their old values, which
// records go, and which rows the import ADDED to records that already existed (a new event or repeat
// instance). Those are removed with REDCap's partial delete where that is safe, and blanked otherwise.

import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import { cachedStructure } from '../connectors/redcap/overview.ts';
import type { ProjectStructure } from '../connectors/redcap/project-structure.ts';
import { readBatchHeads, readImport, readPrevious } from './import-journal.ts';
import type { PlannedRow, RowKey } from './import-types.ts';

/**
 * `content=record&action=delete` with `arm`/`event`/`instrument`/`repeat_instance`: REDCapR #517 reads
 * it in REDCap 14.1.3's API/record/delete.php; the reference names no earlier version. A server that
 * does not know the parameters ignores them and deletes the WHOLE record, so older servers never get
 * a partial delete.
 */
export const partialDeleteSince = [14, 1, 3] as const;

export function supportsPartialDelete(version: string | null | undefined): boolean {
  const parts = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version ?? '');
  if (!parts) return false;
  const have = [Number(parts[1]), Number(parts[2]), Number(parts[3] ?? 0)];
  for (let i = 0; i < 3; i += 1) {
    if (have[i]! !== partialDeleteSince[i]) return have[i]! > partialDeleteSince[i]!;
  }
  return true;
}

/** The part of one record a partial delete removes: every argument given, as redcapAPI #409 found REDCap needs. */
export interface DeleteScope { arm: string; event: string; instrument: string; repeat_instance: string }

export interface ReversePlan {
  restore: PlannedRow[];
  /** Records the import created. */
  deletes: string[];
  /** Partial deletes: one scope, the records it applies to. */
  removals: Array<{ scope: DeleteScope; records: string[] }>;
  counts: {
    restoreRows: number;
    restoreValues: number;
    /** Rows added to existing records, removed by partial deletes. */
    removeRows: number;
    /** Rows added to existing records, blanked because a partial delete is not safe here. */
    blankRows: number;
    /** Rows added as `new` repeat instances: REDCap chose their number, so the undo cannot find them. */
    unlocatedRows: number;
    /** Values whose old value the cache did not hold (a Data Access Group): left as they are. */
    keptValues: number;
    batches: number;
    importedBatches: number;
    /** Batches that were on the wire when the import stopped: reverted too (harmless if REDCap never got them). */
    uncertainBatches: number;
  };
  fields: string[];
  /** Why rows added to existing records are blanked rather than removed, when some are. */
  blankReason: string | null;
}

export interface ReverseOptions {
  /** Overrides the cached server version's answer (tests). */
  partialDeletes?: boolean;
}

/** The forms a row wrote (fields, checkbox columns, `<form>_complete`), so each can be deleted by name. */
function formsOf(structure: ProjectStructure, fields: readonly string[]): string[] {
  const formOf = new Map(structure.metadata.map((f) => [f.field_name, f.form_name]));
  const forms = new Set<string>();
  const known = new Set(structure.instruments.map((i) => i.instrument_name));
  for (const column of fields) {
    const base = column.includes('___') ? column.slice(0, column.indexOf('___')) : column;
    const form = formOf.get(base) ?? (column.endsWith('_complete') && known.has(column.slice(0, -9)) ? column.slice(0, -9) : undefined);
    if (form && base !== structure.metadata[0]?.field_name) forms.add(form);
  }
  return [...forms];
}

/**
 * How a row the import added to an existing record can be removed, or null when it must be blanked:
 * only in longitudinal projects (where arm and event can be named; a classic project's partial delete
 * without them removed whole records in redcapAPI #409), and only on servers that know the parameters.
 */
function scopesFor(structure: ProjectStructure | null, partial: boolean, key: RowKey, fields: readonly string[]): DeleteScope[] | null {
  if (!structure || !partial || !structure.project.is_longitudinal || key.event === '') return null;
  const arm = structure.events.find((e) => e.unique_event_name === key.event)?.arm_num;
  if (arm === undefined) return null;
  const forms = key.repeatInstrument !== '' ? [key.repeatInstrument] : formsOf(structure, fields);
  if (forms.length === 0) return null;
  return forms.map((instrument) => ({ arm: String(arm), event: key.event, instrument, repeat_instance: key.repeatInstance }));
}

/**
 * Reverts what REDCap confirmed, and the batch that may have reached it when the import stopped
 * (restoring a value that never changed, or deleting what is not there, changes nothing). Pending
 * batches and batches REDCap refused saved nothing, so there is nothing of them to undo.
 */
export function reversePlan(db: DatabaseSync, importId: string, options: ReverseOptions = {}): ReversePlan {
  const entry = readImport(db, importId);
  if (entry.kind !== 'import') throw new AppError('CONFLICT', 'An undo cannot itself be undone; import the file again instead.');
  if (entry.state === 'undone') throw new AppError('CONFLICT', 'This import was already undone.');
  const heads = readBatchHeads(db, importId, ['pending', 'sending', 'confirmed', 'failed']);
  const imported = heads.filter((b) => b.state === 'confirmed');
  const uncertain = heads.filter((b) => b.state === 'sending');
  if (imported.length + uncertain.length === 0) {
    throw new AppError('CONFLICT', 'REDCap has not received any batch of this import, so there is nothing to undo.', { details: { importId } });
  }
  const sent = new Set([...imported, ...uncertain].flatMap((batch) => batch.recordIds));
  const structure = cachedStructure(db);
  const partial = options.partialDeletes ?? supportsPartialDelete(structure?.version);
  const restore: PlannedRow[] = [];
  const deletes = new Set<string>();
  const removals = new Map<string, { scope: DeleteScope; records: Set<string> }>();
  const fields = new Set<string>();
  const counts = { restoreRows: 0, restoreValues: 0, removeRows: 0, blankRows: 0, unlocatedRows: 0, keptValues: 0, batches: heads.length, importedBatches: imported.length, uncertainBatches: uncertain.length };

  for (const row of readPrevious(db, importId)) {
    if (!sent.has(row.key.record)) continue;
    if (row.newRecord) {
      deletes.add(row.key.record);
      continue;
    }
    if (row.previous === null) {
      if (row.key.repeatInstance === 'new') {
        counts.unlocatedRows += 1;
        continue;
      }
      const scopes = scopesFor(structure, partial, row.key, row.fields);
      if (scopes) {
        for (const scope of scopes) {
          const id = JSON.stringify(scope);
          const group = removals.get(id) ?? { scope, records: new Set<string>() };
          group.records.add(row.key.record);
          removals.set(id, group);
        }
        counts.removeRows += 1;
        continue;
      }
      counts.blankRows += 1;
      restore.push({ key: row.key, values: Object.fromEntries(row.fields.map((field) => [field, ''])), previous: null });
      continue;
    }
    // Only values whose old value is known go back: a column the cache does not hold (the Data Access
    // Group) would otherwise be blanked, which is not what it was.
    const values: Record<string, string> = {};
    for (const field of row.fields) {
      const old = row.previous[field];
      if (old === undefined) {
        counts.keptValues += 1;
        continue;
      }
      values[field] = old;
      fields.add(field);
    }
    if (Object.keys(values).length === 0) continue;
    counts.restoreRows += 1;
    counts.restoreValues += Object.keys(values).length;
    restore.push({ key: row.key, values, previous: null });
  }
  const blankReason = counts.blankRows === 0
    ? null
    : !structure?.project.is_longitudinal
      ? 'REDCap cannot safely delete one repeat instance of a record in a classic project through its API, so those rows are blanked instead of removed.'
      : `This REDCap (version ${structure.version}) cannot delete one event's data through its API (that needs ${partialDeleteSince.join('.')} or later), so those rows are blanked instead of removed.`;
  return {
    restore,
    deletes: [...deletes],
    removals: [...removals.values()].map(({ scope, records }) => ({ scope, records: [...records] })),
    counts,
    fields: [...fields].sort(),
    blankReason,
  };
}
