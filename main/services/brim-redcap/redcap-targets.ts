// The REDCap side: which fields Brim values can go into, their choices (yes/no and true/false included,
// as REDCap codes them), and which fields can identify a patient's record.

import type { RedcapTargetField } from '../../../shared/contract/brim-redcap.ts';
import type { ImportField, ImportProject } from '../imports/redcap-map-project.ts';

/** Fields that hold computed values, files or no value at all: nothing can be imported into them. */
const notWritable = new Set(['calc', 'file', 'descriptive', 'sql']);

const fixedChoices: Record<string, Array<[string, string]>> = {
  yesno: [['1', 'Yes'], ['0', 'No']],
  truefalse: [['1', 'True'], ['0', 'False']],
};

export function choicesOf(field: ImportField): Array<[string, string]> {
  return fixedChoices[field.type] ?? field.choices;
}

export function hasChoices(field: ImportField): boolean {
  return field.type in fixedChoices || ['radio', 'dropdown', 'checkbox'].includes(field.type);
}

export function targetFields(project: ImportProject): RedcapTargetField[] {
  const out: RedcapTargetField[] = [];
  for (const field of project.fields.values()) {
    if (notWritable.has(field.type) || field.name === project.recordIdField) continue;
    out.push({
      name: field.name,
      label: field.label,
      type: field.type,
      validation: field.validation,
      choices: choicesOf(field).map(([code, label]) => ({ code, label })),
      form: field.form,
    });
  }
  return out;
}

export function isTarget(project: ImportProject, name: string): ImportField | null {
  const field = project.fields.get(name);
  return field && !notWritable.has(field.type) && field.name !== project.recordIdField ? field : null;
}

/** The record ID field first, then text fields without a date or number validation (an MRN, a study ID). */
export function matchFields(project: ImportProject): Array<{ name: string; label: string }> {
  const fields = [...project.fields.values()];
  const idField = project.fields.get(project.recordIdField);
  const texts = fields.filter((f) => f.name !== project.recordIdField && f.type === 'text' && !/^(date|datetime|time|number|integer|email|phone)/.test(f.validation));
  // Fields that look like an identifier come first among the rest.
  const looksLikeId = (f: ImportField): boolean => /\b(mrn|medical record|patient|person|subject|study id|participant)\b/i.test(`${f.name.replace(/_/g, ' ')} ${f.label}`);
  texts.sort((a, b) => Number(looksLikeId(b)) - Number(looksLikeId(a)));
  return [{ name: project.recordIdField, label: idField?.label || 'Record ID' }, ...texts.map((f) => ({ name: f.name, label: f.label }))];
}

/** A field whose name says it identifies a patient the way Brim does (its "MRN"), if any. */
export function defaultMatchField(project: ImportProject, candidates: ReadonlyArray<{ name: string; label: string }>): string {
  const mrn = candidates.find((c) => c.name !== project.recordIdField && /\bmrn\b|medical record/i.test(`${c.name.replace(/_/g, ' ')} ${c.label}`));
  return mrn?.name ?? project.recordIdField;
}
