// Cached Brim results as one set of values per patient and variable. The patient-level export already
// is that; the detailed export (one row per label) is folded here, so both sources read the same.

import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import { sqlColumn } from '../cache/dataset-columns.ts';
import { readDatasetState } from '../cache/dataset-state.ts';
import { brimResultDatasets, type BrimResultsKind } from '../brim/results-cache.ts';

export interface BrimPatients {
  kind: BrimResultsKind;
  fetchedAt: string;
  /** Variables in the export's order, with Brim's type and scope when the export names them. */
  variables: Array<{ name: string; declaredType: string | null; scope: string | null }>;
  /** Patient → variable → its values (empty: no value). Patients in the export's order. */
  patients: Map<string, Map<string, string[]>>;
  /** Variable → patients whose notes disagreed (one label per note): the latest note's value was kept. */
  disagreements: Map<string, number>;
}

export const foldDescriptions: Record<BrimResultsKind, string> = {
  patient: "Brim's patient-level export: one row per patient, one value per patient-level variable.",
  detailed:
    "Brim's detailed export, folded to one value per patient: patient-level labels as they are; one-label-per-note variables take the latest note's value; many-labels-per-note variables keep every distinct value.",
};

function isPatientColumn(name: string): boolean {
  return /^(patient_id|person_id|mrn)$/i.test(name.trim());
}

function tableRows(db: DatabaseSync, table: string, indexes: number[]): string[][] {
  const statement = db.prepare(`SELECT ${indexes.map((i) => sqlColumn(i)).join(', ')} FROM ${table} ORDER BY ord`);
  statement.setReturnArrays(true);
  return (statement.all() as unknown as unknown[][]).map((cells) => cells.map((cell) => String(cell ?? '')));
}

/** The cached export, or why it cannot be used. */
export function readBrimPatients(db: DatabaseSync, kind: BrimResultsKind): BrimPatients {
  const state = readDatasetState(db, brimResultDatasets[kind]);
  if (!state || !state.table) {
    const which = kind === 'patient' ? 'patient-level' : 'detailed';
    throw new AppError('NOT_SYNCED', `There are no ${which} Brim results on this computer yet. Fetch results in Brim first (Results → Fetch ${which}), then try again.`);
  }
  const names = state.columns.map((c) => c.name);
  return kind === 'patient' ? patientLevel(db, state.table, names, state.lastSyncedAt) : detailed(db, state.table, names, state.lastSyncedAt);
}

function patientLevel(db: DatabaseSync, table: string, names: string[], fetchedAt: string): BrimPatients {
  const idIndex = names.findIndex(isPatientColumn);
  if (idIndex < 0) throw new AppError('VALIDATION', 'The patient-level results have no Patient_id column, so patients cannot be matched to records. Fetch the results again.');
  const variableIndexes = names.map((_, i) => i).filter((i) => i !== idIndex);
  const patients = new Map<string, Map<string, string[]>>();
  for (const row of tableRows(db, table, [idIndex, ...variableIndexes])) {
    const id = row[0]!.trim();
    if (id === '') continue;
    const values = patients.get(id) ?? new Map<string, string[]>();
    variableIndexes.forEach((index, i) => {
      const value = row[i + 1]!.trim();
      values.set(names[index]!, value === '' ? [] : [value]);
    });
    patients.set(id, values);
  }
  return { kind: 'patient', fetchedAt, variables: variableIndexes.map((i) => ({ name: names[i]!, declaredType: null, scope: null })), patients, disagreements: new Map() };
}

interface Label {
  value: string;
  document: string;
  datetime: string;
}

function detailed(db: DatabaseSync, table: string, names: string[], fetchedAt: string): BrimPatients {
  const at = (wanted: string): number => names.findIndex((n) => n.trim().toLowerCase() === wanted);
  const [nameAt, scopeAt, patientAt, documentAt, valueAt] = ['name', 'scope', 'patient_id', 'document_id', 'value'].map(at) as [number, number, number, number, number];
  if ([nameAt, patientAt, valueAt].some((i) => i < 0)) {
    throw new AppError('VALIDATION', 'The detailed results lack a Name, Patient_id or Value column, so they cannot be read as labels. Fetch the results again.');
  }
  const typeAt = at('type');
  const datetimeAt = at('note_datetime');
  const optional = (i: number): number => (i < 0 ? nameAt : i);
  const rows = tableRows(db, table, [nameAt, optional(scopeAt), patientAt, optional(documentAt), valueAt, optional(typeAt), optional(datetimeAt)]);
  const variables = new Map<string, { name: string; declaredType: string | null; scope: string | null }>();
  const labels = new Map<string, Map<string, Label[]>>();
  for (const [variable, scope, patient, document, value, type, datetime] of rows as Array<[string, string, string, string, string, string, string]>) {
    const id = patient.trim();
    if (id === '' || variable === '') continue;
    if (!variables.has(variable)) variables.set(variable, { name: variable, declaredType: typeAt < 0 ? null : type.trim().toLowerCase() || null, scope: scopeAt < 0 ? null : scope || null });
    const byVariable = labels.get(id) ?? new Map<string, Label[]>();
    const list = byVariable.get(variable) ?? [];
    if (value.trim() !== '') list.push({ value: value.trim(), document: documentAt < 0 ? '' : document, datetime: datetimeAt < 0 ? '' : datetime });
    byVariable.set(variable, list);
    labels.set(id, byVariable);
  }
  const disagreements = new Map<string, number>();
  const patients = new Map<string, Map<string, string[]>>();
  for (const [id, byVariable] of labels) {
    const values = new Map<string, string[]>();
    for (const variable of variables.values()) {
      const list = byVariable.get(variable.name) ?? [];
      const folded = foldLabels(list, variable.scope);
      if (folded.disagreed) disagreements.set(variable.name, (disagreements.get(variable.name) ?? 0) + 1);
      values.set(variable.name, folded.values);
    }
    patients.set(id, values);
  }
  return { kind: 'detailed', fetchedAt, variables: [...variables.values()], patients, disagreements };
}

/**
 * Many labels per note: every distinct value, in the order Brim listed them. Anything else (a patient-level
 * label, or one label per note across several notes): one value, the latest note's (by date, then document).
 */
export function foldLabels(labels: readonly Label[], scope: string | null): { values: string[]; disagreed: boolean } {
  if (labels.length === 0) return { values: [], disagreed: false };
  if (scope !== null && /many/i.test(scope)) return { values: [...new Set(labels.map((l) => l.value))], disagreed: false };
  let latest = labels[0]!;
  for (const label of labels) if (label.datetime > latest.datetime || (label.datetime === latest.datetime && label.document > latest.document)) latest = label;
  return { values: [latest.value], disagreed: new Set(labels.map((l) => l.value)).size > 1 };
}
