// Brim patients → REDCap records, by a field of the cached records (the record ID, an MRN…). IDs are
// compared as text, trimmed and case-insensitively: "007" and "7" are different patients.

import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import { sqlColumn } from '../cache/dataset-columns.ts';
import { readDatasetState } from '../cache/dataset-state.ts';

export interface PatientMatch {
  /** Patient → the one record it goes into. */
  matched: Map<string, string>;
  unmatched: string[];
  /** Patients matching 2+ records, or sharing their one record with another patient. */
  ambiguous: string[];
}

export function matchKey(text: string): string {
  return text.trim().toLowerCase();
}

/** Match-field value → the records holding it, from the cached records (every event and instance). */
export function recordIndex(db: DatabaseSync, matchField: string): Map<string, Set<string>> {
  const state = readDatasetState(db, 'records');
  if (!state || !state.table) throw new AppError('NOT_SYNCED', 'The REDCap project\'s records are not on this computer yet. Sync the project first, then try again.');
  const at = state.columns.findIndex((c) => c.name === matchField);
  if (at < 0) throw new AppError('VALIDATION', `The field ${matchField} is not among the project's cached records. Choose another match field, or sync the project again.`);
  const statement = db.prepare(`SELECT ${sqlColumn(0)}, ${sqlColumn(at)} FROM ${state.table}`);
  statement.setReturnArrays(true);
  const index = new Map<string, Set<string>>();
  for (const [record, value] of statement.all() as unknown as Array<[string, string]>) {
    const key = matchKey(String(value ?? ''));
    if (key === '') continue;
    const records = index.get(key) ?? new Set<string>();
    records.add(String(record));
    index.set(key, records);
  }
  return index;
}

export function matchPatients(patientIds: Iterable<string>, index: ReadonlyMap<string, ReadonlySet<string>>): PatientMatch {
  const unmatched: string[] = [];
  const ambiguous: string[] = [];
  const byRecord = new Map<string, string[]>();
  for (const patient of patientIds) {
    const records = index.get(matchKey(patient));
    if (!records || records.size === 0) unmatched.push(patient);
    else if (records.size > 1) ambiguous.push(patient);
    else {
      const record = [...records][0]!;
      byRecord.set(record, [...(byRecord.get(record) ?? []), patient]);
    }
  }
  const matched = new Map<string, string>();
  for (const [record, patients] of byRecord) {
    if (patients.length > 1) ambiguous.push(...patients);
    else matched.set(patients[0]!, record);
  }
  return { matched, unmatched, ambiguous };
}
