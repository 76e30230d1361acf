// What the review screens see of a plan: its summary (counts, mapping, the fields a column could go
// to) and pages of the changes, old → new.

import type { DatabaseSync } from 'node:sqlite';
import type { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.ts';
import type { ImportPlanSummary, plannedChangeSchema } from '../../../shared/contract/imports.ts';
import { cachedStructure } from '../connectors/redcap/overview.ts';
import type { PlannedRow } from './import-types.ts';
import { importProject, plainText, type ImportProject } from './redcap-map-project.ts';
import type { StoredPlan } from './plan-store.ts';

type PlannedChange = z.infer<typeof plannedChangeSchema>;

/** Columns that say where a row goes rather than what it holds: never shown as a changed value. */
const keyColumns = new Set(['redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance']);

export function cachedImportProject(db: DatabaseSync): ImportProject {
  const structure = cachedStructure(db);
  if (!structure) throw new AppError('NOT_SYNCED', 'This project has not been synced yet. Sync it first, so that Carrel can check the file against its data dictionary and records.');
  return importProject(structure);
}

/** How a column found its field, in words the mapping screen can show. */
function how(plan: StoredPlan, project: ImportProject, column: string, field: string | null): string {
  const chosen = plan.options.mapping !== undefined && Object.hasOwn(plan.options.mapping, column);
  if (field === null) return chosen ? 'skipped' : plan.plan.unmapped.includes(column) ? 'unknown' : 'skipped';
  // Said whichever way it was matched: the cells list choices, which is not what a column usually holds.
  if (project.fields.get(field)?.type === 'checkbox') return 'checkbox (all choices)';
  if (chosen) return 'chosen';
  return column.trim().toLowerCase() === field.toLowerCase() ? 'name' : 'label';
}

/** Every REDCap column a file column can feed, with a label a person recognises. */
function mappableFields(project: ImportProject): ImportPlanSummary['fields'] {
  const fields: ImportPlanSummary['fields'] = [];
  for (const field of project.fields.values()) {
    if (field.type === 'descriptive') continue;
    if (field.type === 'checkbox') {
      fields.push({ name: field.name, label: `${plainText(field.label)}: all choices (codes or labels, separated by , ; or |)`, form: field.form });
      for (const [name, choice] of project.checkboxColumns) {
        if (choice.field !== field.name) continue;
        const label = field.choices.find(([code]) => code === choice.code)?.[1] ?? choice.code;
        fields.push({ name, label: `${plainText(field.label)}: ${plainText(label)}`, form: field.form });
      }
      continue;
    }
    fields.push({ name: field.name, label: plainText(field.label), form: field.form });
  }
  for (const form of project.forms) fields.push({ name: `${form}_complete`, label: `${project.formLabels.get(form) ?? form}: complete?`, form });
  if (project.longitudinal) fields.push({ name: 'redcap_event_name', label: 'Event', form: null });
  if (project.repeatingForms.size > 0 || project.repeatingEvents.size > 0) {
    fields.push({ name: 'redcap_repeat_instrument', label: 'Repeating instrument', form: null }, { name: 'redcap_repeat_instance', label: 'Repeat instance', form: null });
  }
  fields.push({ name: 'redcap_data_access_group', label: 'Data Access Group', form: null });
  return fields;
}

export function planSummary(plan: StoredPlan, project: ImportProject): ImportPlanSummary {
  const p = plan.plan;
  return {
    planId: plan.planId,
    connectionId: plan.connectionId,
    service: 'redcap',
    model: null,
    fileName: plan.fileName,
    rowsRead: p.rowsRead,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
    mapping: Object.entries(p.mapping).map(([column, field]) => ({ column, field, how: how(plan, project, column, field) })),
    fields: mappableFields(project),
    newRecords: p.newRecords.length,
    changedRows: p.changedRows,
    unchangedRows: p.unchangedRows,
    blanked: p.blanked,
    rowsToSend: p.rows.length,
    errors: plan.errors,
    warnings: plan.warnings,
    problems: plan.problems,
    options: plan.options,
  };
}

function toChange(row: PlannedRow, recordIdField: string): PlannedChange {
  const changes = Object.entries(row.values)
    .filter(([field]) => field !== recordIdField && !keyColumns.has(field))
    .map(([field, value]) => ({ field, old: row.previous === null ? null : (row.previous[field] ?? null), new: value }));
  return { ...row.key, label: null, kind: row.previous === null ? 'new' : 'changed', changes };
}

/** A page of the rows the import would send; `kind` narrows it to new or changed rows. */
export function planChanges(plan: StoredPlan, recordIdField: string, offset: number, limit: number, kind: 'all' | 'new' | 'changed'): { total: number; rows: PlannedChange[] } {
  const rows = kind === 'all' ? plan.plan.rows : plan.plan.rows.filter((row) => (row.previous === null) === (kind === 'new'));
  return { total: rows.length, rows: rows.slice(offset, offset + limit).map((row) => toChange(row, recordIdField)) };
}
