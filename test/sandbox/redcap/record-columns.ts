// Which columns a record export has, in REDCap's order, and what each cell holds (reference §1.5).

import { COMPLETE_CHOICES, checkboxColumn, completeField } from './project-model.ts';
import type { FieldDef, ProjectSchema } from './project-model.ts';
import { ApiError, MESSAGES } from './errors.ts';
import type { RowReader } from './record-store.ts';

export type Column =
  | { kind: 'value'; name: string; header: string; field: FieldDef; labelled: boolean }
  | { kind: 'checkbox'; name: string; header: string; field: FieldDef; code: string; choiceLabel: string }
  | { kind: 'complete'; name: string; header: string; form: string };

export interface CellOptions {
  labels: boolean;
  checkboxLabels: boolean;
  blankForGrayFormStatus: boolean;
}

/** One selected field of an EAV export: a real field, or a form's `_complete`. */
export type SelectedField = { kind: 'field'; field: FieldDef } | { kind: 'complete'; form: string };

/**
 * The selected fields in project order. No `fields` and no `forms` means everything; otherwise the
 * union of both, so a forms-only export has no record-ID field unless it lives on those forms.
 */
export function selectFields(schema: ProjectSchema, fields: readonly string[], forms: readonly string[]): SelectedField[] {
  const unknownFields = fields.filter((name) => !schema.isKnownFieldName(name));
  if (unknownFields.length > 0) throw new ApiError(400, MESSAGES.invalidValues('fields', unknownFields));
  const unknownForms = forms.filter((name) => !schema.hasInstrument(name));
  if (unknownForms.length > 0) throw new ApiError(400, MESSAGES.invalidValues('forms', unknownForms));

  const everything = fields.length === 0 && forms.length === 0;
  const wantedFields = new Set(fields);
  const wantedForms = new Set(forms);
  const selected: SelectedField[] = [];
  for (const instrument of schema.instruments) {
    const wholeForm = everything || wantedForms.has(instrument.name);
    for (const field of schema.fields) {
      if (field.form !== instrument.name || field.type === 'descriptive') continue;
      if (wholeForm || wantedFields.has(field.name)) selected.push({ kind: 'field', field });
    }
    if (wholeForm || wantedFields.has(completeField(instrument.name))) selected.push({ kind: 'complete', form: instrument.name });
  }
  return selected;
}

const LABELLED_TYPES = new Set(['radio', 'dropdown', 'yesno', 'truefalse']);

/** Flat columns: checkboxes expand to one `<field>___<code>` column per choice. */
export function flatColumns(schema: ProjectSchema, selected: readonly SelectedField[]): Column[] {
  return selected.flatMap((item): Column[] => {
    if (item.kind === 'complete') return [{ kind: 'complete', name: completeField(item.form), header: 'Complete?', form: item.form }];
    const { field } = item;
    if (field.type !== 'checkbox') {
      return [{ kind: 'value', name: field.name, header: field.label, field, labelled: LABELLED_TYPES.has(field.type) }];
    }
    return schema.choices(field.name).map((choice) => ({
      kind: 'checkbox',
      name: checkboxColumn(field.name, choice.code),
      header: `${field.label} (choice=${choice.label})`,
      field,
      code: choice.code,
      choiceLabel: choice.label,
    }));
  });
}

export function checkedCodes(value: string): string[] {
  return value === '' ? [] : value.split(',');
}

export function completeValue(status: string, options: CellOptions): string {
  if (status === '' && options.blankForGrayFormStatus) return '';
  const code = status === '' ? '0' : status;
  return options.labels ? (COMPLETE_CHOICES.find((choice) => choice.code === code)?.label ?? code) : code;
}

export function cellValue(schema: ProjectSchema, column: Column, row: RowReader, options: CellOptions): string {
  switch (column.kind) {
    case 'value': {
      const value = row.value(column.name);
      return options.labels && column.labelled && value !== '' ? schema.choiceLabel(column.name, value) : value;
    }
    case 'checkbox': {
      const checked = checkedCodes(row.value(column.field.name)).includes(column.code);
      if (!options.labels) return checked ? '1' : '0';
      if (options.checkboxLabels) return checked ? column.choiceLabel : '';
      return checked ? 'Checked' : 'Unchecked';
    }
    case 'complete':
      return completeValue(row.formStatus(column.form), options);
  }
}
