// The cache's side of a bulk upload into a file field: which file-upload fields the project has (from the
// cached data dictionary, read the way the import planner reads it), which records exist, and which file
// each record's field holds now. Nothing here talks to REDCap.

import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import type { FileFieldTarget, FileFieldTargets, FileMatchResult } from '../../../shared/contract/record-files.ts';
import { sqlColumn } from '../cache/dataset-columns.ts';
import { readDatasetState, type DatasetState } from '../cache/dataset-state.ts';
import { cachedStructure } from '../connectors/redcap/overview.ts';
import type { ProjectStructure } from '../connectors/redcap/project-structure.ts';
import { importProject, isRepeatingForm, type ImportProject } from '../imports/redcap-map-project.ts';
import { matchFiles, recordIndex } from './record-file-match.ts';

function cachedProject(db: DatabaseSync): { structure: ProjectStructure; project: ImportProject; records: DatasetState } {
  const structure = cachedStructure(db);
  const records = readDatasetState(db, 'records');
  if (!structure || !records?.table) {
    throw new AppError('NOT_SYNCED', 'This project has not been synced yet. Sync it first, so that Carrel knows its file fields and records.');
  }
  return { structure, project: importProject(structure), records };
}

function repeatsOn(project: ImportProject, event: string, form: string): boolean {
  return isRepeatingForm(project, event, form) || project.repeatingEvents.has(event);
}

/** Every file-upload field a file can be sent to; signature fields are left out (REDCap's API refuses uploads there). */
export function fileFieldTargets(db: DatabaseSync): FileFieldTargets {
  const { project, records } = cachedProject(db);
  const fields: FileFieldTarget[] = [];
  for (const field of project.fields.values()) {
    if (field.type !== 'file' || field.validation === 'signature') continue;
    const events = project.longitudinal
      ? [...project.events].filter(([name]) => project.eventForms.get(name)?.has(field.form)).map(([name, label]) => ({ name, label, repeating: repeatsOn(project, name, field.form) }))
      : [];
    if (project.longitudinal && events.length === 0) continue;
    fields.push({
      field: field.name,
      label: field.label || field.name,
      form: field.form,
      formLabel: project.formLabels.get(field.form) ?? field.form,
      events,
      repeating: !project.longitudinal && repeatsOn(project, '', field.form),
    });
  }
  const count = db.prepare(`SELECT count(DISTINCT ${sqlColumn(0)}) AS n FROM ${records.table}`).get() as { n: number };
  return { longitudinal: project.longitudinal, recordIdLabel: project.fields.get(project.recordIdField)?.label || project.recordIdField, recordCount: count.n, fields };
}

/**
 * The file each record's field holds now, at the event and instance 1 bulk uploads use, from the cached
 * rows: one pass over the table, filtered in SQL.
 */
function existingFiles(db: DatabaseSync, records: DatasetState, field: string, event: string, repeat: { instrument: string; instance: string }): Map<string, string> {
  const names = records.columns.map((c) => c.name);
  const at = (name: string): number => names.indexOf(name);
  const fieldIndex = at(field);
  if (fieldIndex < 0) return new Map();
  const conditions: string[] = [`${sqlColumn(fieldIndex)} <> ''`];
  const values: string[] = [];
  const where = (column: string, value: string): void => {
    const index = at(column);
    // A classic project without repeating forms has no such column: every row is instance ''.
    if (index < 0) return;
    conditions.push(`coalesce(${sqlColumn(index)}, '') = ?`);
    values.push(value);
  };
  where('redcap_event_name', event);
  where('redcap_repeat_instrument', repeat.instrument);
  where('redcap_repeat_instance', repeat.instance);
  const statement = db.prepare(`SELECT ${sqlColumn(0)}, ${sqlColumn(fieldIndex)} FROM ${records.table} WHERE ${conditions.join(' AND ')}`);
  statement.setReturnArrays(true);
  return new Map((statement.all(...values) as unknown as unknown[][]).map(([id, file]) => [String(id), String(file)]));
}

/**
 * In a project with several arms, a record belongs to the arms it has rows in; a file sent to an event
 * of another arm would quietly add the record to that arm, so such records are refused. Null: no check.
 */
function armCheck(db: DatabaseSync, structure: ProjectStructure, records: DatasetState, event: string): ((recordId: string) => string | null) | null {
  const arm = structure.events.find((e) => e.unique_event_name === event)?.arm_num;
  const eventIndex = records.columns.findIndex((c) => c.name === 'redcap_event_name');
  if (arm === undefined || eventIndex < 0 || new Set(structure.events.map((e) => e.arm_num)).size < 2) return null;
  const armEvents = structure.events.filter((e) => e.arm_num === arm).map((e) => e.unique_event_name);
  const statement = db.prepare(`SELECT DISTINCT ${sqlColumn(0)} FROM ${records.table} WHERE ${sqlColumn(eventIndex)} IN (${armEvents.map(() => '?').join(', ')})`);
  statement.setReturnArrays(true);
  const inArm = new Set((statement.all(...armEvents) as unknown as unknown[][]).map(([id]) => String(id)));
  return (recordId) => (inArm.has(recordId) ? null : `Record ${recordId} is not in Arm ${arm}, the arm of this event — choose an event of the record's own arm.`);
}

export function matchFromCache(db: DatabaseSync, request: { field: string; event: string; fileNames: readonly string[] }): FileMatchResult {
  const { structure, project, records } = cachedProject(db);
  const field = project.fields.get(request.field);
  if (!field || field.type !== 'file') throw new AppError('VALIDATION', `The cached project has no file-upload field ${request.field}. Sync the project, then choose the field again.`);
  let event = '';
  if (project.longitudinal) {
    if (!project.eventForms.get(request.event)?.has(field.form)) {
      throw new AppError('VALIDATION', `The form of ${field.label || field.name} is not designated for the event ${request.event || '(none chosen)'}. Choose one of the events the form is on.`);
    }
    event = request.event;
  }
  const repeatingForm = isRepeatingForm(project, event, field.form);
  const repeating = repeatingForm || project.repeatingEvents.has(event);
  const instance = repeating ? '1' : '';
  const statement = db.prepare(`SELECT DISTINCT ${sqlColumn(0)} FROM ${records.table}`);
  statement.setReturnArrays(true);
  const index = recordIndex((statement.all() as unknown as unknown[][]).map(([id]) => String(id)));
  const existing = existingFiles(db, records, field.name, event, { instrument: repeatingForm ? field.form : '', instance });
  const refuse = project.longitudinal ? armCheck(db, structure, records, event) : null;
  return { matches: matchFiles(request.fileNames, index, (id) => existing.get(id) ?? null, refuse ?? undefined), instance, ignoreCase: index.ignoreCase };
}
