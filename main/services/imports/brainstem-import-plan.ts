// Plans a CSV import into one BrainSTEM model from the offline cache alone: maps the header, turns
// every cell into the value a write sends, checks each row as the record form would (validate-write),
// and compares rows that carry an id with the cached object. Nothing is sent.

import type { DatabaseSync } from 'node:sqlite';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import { readDatasetState } from '../cache/dataset-state.ts';
import { brainstemModel } from '../connectors/brainstem/catalogue.ts';
import type { BrainstemRecord } from '../connectors/brainstem/envelopes.ts';
import { brainstemFields } from '../connectors/brainstem/fields.ts';
import { recordLabel } from '../brainstem/labels.ts';
import { brainstemDataset, modelLabel, modelPluralNoun } from '../brainstem/naming.ts';
import { readObject } from '../brainstem/objects.ts';
import { relationIds } from '../brainstem/record-json.ts';
import { validateWrite } from '../brainstem/validate-write.ts';
import { blankValue, convertCell, displayValue, sameValue } from './brainstem-import-cells.ts';
import { mapBrainstemHeader, type BrainstemHeader } from './brainstem-import-map.ts';
import { RelationResolver } from './brainstem-import-relations.ts';
import { openDelimitedFile } from './delimited-source.ts';
import type { CellProblem } from './import-types.ts';
import { maxListedProblems } from './redcap-plan.ts';

export interface BrainstemPlannedOp {
  /** The file row it comes from. */
  row: number;
  action: 'create' | 'update';
  /** The object updated (null for a create). */
  id: string | null;
  label: string;
  /** What the write sends: every value of a create, the changed values of an update. */
  body: Record<string, unknown>;
  /** The cached values of the changed fields (updates). */
  previous: Record<string, unknown> | null;
  changes: Array<{ field: string; old: string | null; new: string }>;
}

export interface BrainstemImportPlan {
  model: string;
  ops: BrainstemPlannedOp[];
  creates: number;
  updates: number;
  unchanged: number;
  blanked: number;
  rowsRead: number;
  header: Pick<BrainstemHeader, 'mapping' | 'how'>;
}

export interface BrainstemPlanOptions {
  overwrite: boolean;
  mapping?: Readonly<Record<string, string | null>>;
}

export interface BrainstemPlanPass {
  plan: BrainstemImportPlan;
  encoding: string;
  delimiter: string;
  problems: CellProblem[];
  errors: number;
  warnings: number;
}

export interface BrainstemPlanHooks {
  signal?: AbortSignal;
  onProgress?: (rowsRead: number) => void;
  onProblem?: (problem: CellProblem) => void;
}

/** The model a BrainSTEM import may write (approval requests are BrainSTEM's own) and whose cache it can check against. */
export function importableModel(db: DatabaseSync, portal: BrainstemPortalName, name: string): string {
  const model = brainstemModel(name);
  if (model.approves !== null) throw new AppError('VALIDATION', `${modelLabel(model.name)} requests are created by BrainSTEM when someone proposes a change; they cannot be imported.`);
  if (!readDatasetState(db, brainstemDataset(portal, model.name))) {
    throw new AppError('NOT_SYNCED', `The ${modelPluralNoun(model.name)} have not been synced yet. Sync them first, so that Carrel can check the file against what BrainSTEM holds.`);
  }
  return model.name;
}

/** The field a new object is recognised by, when the model has one. */
function nameField(model: string): 'name' | 'title' | null {
  const names = new Set(brainstemFields(model).map((field) => field.name));
  return names.has('name') ? 'name' : names.has('title') ? 'title' : null;
}

const requiredMessage = (label: string, model: string): string => `${label} is required for a new ${modelLabel(model).toLowerCase()}; this row leaves it blank (or has no column for it).`;

export async function planBrainstemPass(db: DatabaseSync, portal: BrainstemPortalName, modelName: string, path: string, options: BrainstemPlanOptions, hooks: BrainstemPlanHooks = {}): Promise<BrainstemPlanPass> {
  const model = importableModel(db, portal, modelName);
  const fields = new Map(brainstemFields(model).map((field) => [field.name, field]));
  const problems: CellProblem[] = [];
  let errors = 0;
  let warnings = 0;
  const report = (problem: CellProblem): void => {
    if (problem.severity === 'error') errors += 1;
    else warnings += 1;
    if (problems.length < maxListedProblems) problems.push(problem);
    hooks.onProblem?.(problem);
  };
  const source = await openDelimitedFile(path, { ...(hooks.signal ? { signal: hooks.signal } : {}), onProblem: report });
  const header = mapBrainstemHeader(model, source.header, options.mapping);
  header.problems.forEach(report);
  const relations = new RelationResolver(db, portal);
  for (const column of header.columns) {
    const related = column.field.relatedModel;
    if (related && !relations.isCached(related)) {
      report({ row: 0, column: column.column, field: column.field.name, severity: 'warning', code: 'relation-not-cached', message: `The ${modelPluralNoun(related)} are not in the offline cache, so ids in column "${column.column}" cannot be checked and names cannot be looked up. Sync ${modelPluralNoun(related)} first.` });
    }
  }
  if (brainstemModel(model).approvalModel !== null) {
    report({ row: 0, column: null, field: null, severity: 'warning', code: 'moderated', message: `Changes to ${modelPluralNoun(model)} are reviewed by BrainSTEM's curators: each row becomes a request they accept or reject, and such an import cannot be undone from Carrel.` });
  }
  const named = nameField(model);
  const plan: BrainstemImportPlan = { model, ops: [], creates: 0, updates: 0, unchanged: 0, blanked: 0, rowsRead: 0, header: { mapping: header.mapping, how: header.how } };
  const seenIds = new Set<string>();
  const newNames = new Map<string, number>();

  for await (const { row, cells } of source.rows()) {
    plan.rowsRead += 1;
    if (plan.rowsRead % 500 === 0) {
      if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'The import check was cancelled.');
      hooks.onProgress?.(plan.rowsRead);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const reported = new Set<string>();
    let failed = false;
    const problem = (column: string | null, field: string | null, code: string, message: string, severity: 'error' | 'warning' = 'error'): void => {
      if (severity === 'error') failed = true;
      if (field) reported.add(field);
      report({ row, column, field, severity, code, message });
    };
    const cell = (index: number): string => (cells[index] ?? '').trim();

    const rawId = header.idColumn ? cell(header.idColumn.index) : '';
    const id = brainstemModel(model).idKind === 'uuid' ? rawId.toLowerCase() : rawId;
    const existing = id === '' ? null : readObject(db, portal, model, id);
    if (id !== '' && !existing) {
      problem(header.idColumn!.column, 'id', 'unknown-id', `No ${modelLabel(model).toLowerCase()} with this id is in the offline cache. Check the id (or leave it blank to create a new one), or sync ${modelPluralNoun(model)} if it was added recently.`);
      continue;
    }
    if (id !== '') {
      if (seenIds.has(id)) {
        problem(header.idColumn!.column, 'id', 'duplicate-row', 'Another row of the file already updates this object. Merge the two rows.');
        continue;
      }
      seenIds.add(id);
    }

    const values: Record<string, unknown> = {};
    const columnOf = new Map<string, string>();
    for (const { index, column, field } of header.columns) {
      columnOf.set(field.name, column);
      const raw = cell(index);
      if (raw === '') {
        const blank = options.overwrite && existing ? blankValue(field) : null;
        if (blank && !sameValue(field, existing!.record[field.name], blank.value)) {
          values[field.name] = blank.value;
          plan.blanked += 1;
        }
        continue;
      }
      const converted = convertCell(field, raw, relations);
      if (!converted.ok) {
        problem(column, field.name, converted.code, converted.message);
        continue;
      }
      if (existing && sameValue(field, existing.record[field.name], converted.value)) continue;
      if (existing && field.createOnly) {
        problem(column, field.name, 'create-only', `${field.label} can only be set when a ${modelLabel(model).toLowerCase()} is created; this row would change it. Leave the cell as it is, or blank.`);
        continue;
      }
      values[field.name] = converted.value;
    }

    let body: Record<string, unknown> = {};
    try {
      body = validateWrite(model, values, existing ? 'partial' : 'create');
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION') throw error;
      const byField = (error.details?.fields ?? {}) as Record<string, string[]>;
      for (const [name, messages] of Object.entries(byField)) {
        if (reported.has(name)) continue;
        const label = fields.get(name)?.label ?? name;
        const message = messages[0] === 'This field is required.' ? requiredMessage(label, model) : `${label}: ${messages.join(' ')}`;
        problem(columnOf.get(name) ?? null, name, messages[0] === 'This field is required.' ? 'required' : 'invalid', message);
      }
      failed = true;
    }
    if (failed) continue;

    if (existing && Object.keys(body).length === 0) {
      plan.unchanged += 1;
      continue;
    }
    const name = named && typeof body[named] === 'string' ? (body[named] as string) : null;
    if (!existing && name !== null) {
      const key = name.trim().toLowerCase();
      const earlier = newNames.get(key);
      if (earlier !== undefined) {
        problem(columnOf.get(named!) ?? null, named, 'duplicate-name', `Row ${earlier} already creates a ${modelLabel(model).toLowerCase()} with this ${named}. Give each new one its own ${named}, or merge the rows.`);
        continue;
      }
      newNames.set(key, row);
      const twins = relations.idsNamed(model, name);
      if (twins.length > 0) {
        problem(columnOf.get(named!) ?? null, named, 'maybe-duplicate', `A ${modelLabel(model).toLowerCase()} with this ${named} already exists: maybe a duplicate of id ${twins[0]}; add an id column to update it instead.`, 'warning');
      }
    }
    const relatedLabel = (fieldName: string): string | null => {
      const field = fields.get(fieldName);
      const first = relationIds(body[fieldName] ?? existing?.record[fieldName])[0];
      return field?.relatedModel && first ? relations.label(field.relatedModel, first) : null;
    };
    const label = existing ? (name ?? existing.label) : recordLabel(model, { ...body, id: '' } as BrainstemRecord, relatedLabel) || `New ${modelLabel(model).toLowerCase()}`;
    const changes = Object.entries(body).map(([field, value]) => ({
      field,
      old: existing ? displayValue(fields.get(field), existing.record[field], relations) : null,
      new: displayValue(fields.get(field), value, relations),
    }));
    const previous = existing ? Object.fromEntries(Object.keys(body).map((field) => [field, existing.record[field] ?? null])) : null;
    plan.ops.push({ row, action: existing ? 'update' : 'create', id: existing ? id : null, label, body, previous, changes });
    if (existing) plan.updates += 1;
    else plan.creates += 1;
  }
  if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'The import check was cancelled.');
  hooks.onProgress?.(plan.rowsRead);
  problems.sort((a, b) => a.row - b.row);
  return { plan, encoding: source.encoding, delimiter: source.delimiter, problems, errors, warnings };
}
