// Which columns a record export has, in REDCap's order, and what each cell holds (reference §1.5):
// record ID, redcap_event_name*, redcap_repeat_instrument*, redcap_repeat_instance*,
// redcap_data_access_group†, redcap_survey_identifier‡, then per instrument <form>_timestamp‡,
// its fields (checkboxes expanded) and <form>_complete.

import { COMPLETE_CHOICES, checkboxColumn, completeField } from './project-model.ts';
import type { FieldDef } from './project-model.ts';
import type { ProjectSchema } from './project-schema.ts';
import { ApiError, MESSAGES } from './errors.ts';
import type { ExportRights } from './export-rights.ts';
import type { RecordRow, RowReader } from './record-store.ts';

export type Column =
  | { kind: 'value'; name: string; header: string; field: FieldDef; labelled: boolean }
  | { kind: 'checkbox'; name: string; header: string; field: FieldDef; code: string; choiceLabel: string }
  | { kind: 'complete'; name: string; header: string; form: string }
  | { kind: 'timestamp'; name: string; header: string; form: string }
  | { kind: 'event' | 'repeat-instrument' | 'repeat-instance' | 'dag' | 'survey-identifier'; name: string; header: string };

export interface CellOptions {
  labels: boolean;
  checkboxLabels: boolean;
  blankForGrayFormStatus: boolean;
}

/** What a cell may need beyond the row's values. */
export interface RowContext {
  row: RecordRow;
  reader: RowReader;
  /** The record's DAG (unique name) and its label. */
  dag: string;
  dagLabel: string;
  /** When a survey form was completed, for `<form>_timestamp`. */
  surveyTimestamp(form: string): string;
}

/** One selected field of an export: a real field, or a form's `_complete`. */
export type SelectedField = { kind: 'field'; field: FieldDef } | { kind: 'complete'; form: string };

/**
 * The selected fields in project order. No `fields` and no `forms` means everything; otherwise the
 * union of both, so a forms-only export has no record-ID field unless it lives on those forms.
 * Fields the caller may not export are left out without a word, as REDCap does.
 */
export function selectFields(schema: ProjectSchema, fields: readonly string[], forms: readonly string[], rights?: ExportRights): SelectedField[] {
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
    for (const field of schema.fieldsOf(instrument.name)) {
      if (field.type === 'descriptive' || (rights !== undefined && !rights.field(field))) continue;
      if (wholeForm || wantedFields.has(field.name)) selected.push({ kind: 'field', field });
    }
    if (rights !== undefined && !rights.form(instrument.name)) continue;
    if (wholeForm || wantedFields.has(completeField(instrument.name))) selected.push({ kind: 'complete', form: instrument.name });
  }
  return selected;
}

export interface PseudoColumns {
  /** exportDataAccessGroups, for a user not in a DAG. */
  dags: boolean;
  /** exportSurveyFields. */
  surveyFields: boolean;
}

const LABELLED_TYPES = new Set(['radio', 'dropdown', 'yesno', 'truefalse']);

/** Flat columns; the event, repeat, DAG and survey columns come with the record-ID field only. */
export function flatColumns(schema: ProjectSchema, selected: readonly SelectedField[], pseudo: PseudoColumns): Column[] {
  const columns: Column[] = [];
  const surveyForms = new Set(pseudo.surveyFields ? schema.surveyForms : []);
  const timestamped = new Set<string>();
  const timestamp = (form: string): void => {
    if (!surveyForms.has(form) || timestamped.has(form)) return;
    timestamped.add(form);
    columns.push({ kind: 'timestamp', name: `${form}_timestamp`, header: 'Survey Timestamp', form });
  };
  for (const item of selected) {
    if (item.kind === 'complete') {
      timestamp(item.form);
      columns.push({ kind: 'complete', name: completeField(item.form), header: 'Complete?', form: item.form });
      continue;
    }
    const { field } = item;
    if (field === schema.recordIdField) {
      columns.push({ kind: 'value', name: field.name, header: field.label, field, labelled: false });
      if (schema.isLongitudinal) columns.push({ kind: 'event', name: 'redcap_event_name', header: 'Event Name' });
      if (schema.hasRepeating) {
        columns.push({ kind: 'repeat-instrument', name: 'redcap_repeat_instrument', header: 'Repeat Instrument' });
        columns.push({ kind: 'repeat-instance', name: 'redcap_repeat_instance', header: 'Repeat Instance' });
      }
      if (pseudo.dags) columns.push({ kind: 'dag', name: 'redcap_data_access_group', header: 'Data Access Group' });
      if (surveyForms.size > 0) columns.push({ kind: 'survey-identifier', name: 'redcap_survey_identifier', header: 'Survey Identifier' });
      timestamp(field.form);
      continue;
    }
    timestamp(field.form);
    if (field.type !== 'checkbox') {
      columns.push({ kind: 'value', name: field.name, header: field.label, field, labelled: LABELLED_TYPES.has(field.type) });
      continue;
    }
    for (const choice of schema.choices(field.name)) {
      columns.push({
        kind: 'checkbox', name: checkboxColumn(field.name, choice.code), header: `${field.label} (choice=${choice.label})`,
        field, code: choice.code, choiceLabel: choice.label,
      });
    }
  }
  return columns;
}

export function checkedCodes(value: string): string[] {
  return value === '' ? [] : value.split(',');
}

/** A form's status cell: blank when the form is not part of the row, `0` (or blank) when gray. */
export function completeValue(status: string, options: CellOptions, inRow = true): string {
  if (!inRow || (status === '' && options.blankForGrayFormStatus)) return '';
  const code = status === '' ? '0' : status;
  return options.labels ? (COMPLETE_CHOICES.find((choice) => choice.code === code)?.label ?? code) : code;
}

export function cellValue(schema: ProjectSchema, column: Column, context: RowContext, options: CellOptions): string {
  const { reader, row } = context;
  switch (column.kind) {
    case 'value': {
      const value = reader.value(column.name);
      return options.labels && column.labelled && value !== '' ? schema.choiceLabel(column.name, value) : value;
    }
    case 'checkbox': {
      // REDCap fills unchecked boxes with 0 in every event's own row, designated or not; a
      // repeating instrument's boxes only have values in that instrument's rows.
      const form = column.field.form;
      const repeatInstrument = row.repeatInstrument ?? '';
      if (repeatInstrument !== '' ? form !== repeatInstrument : schema.isRepeatingForm(row.event ?? '', form)) return '';
      const checked = checkedCodes(reader.value(column.field.name)).includes(column.code);
      if (!options.labels) return checked ? '1' : '0';
      if (options.checkboxLabels) return checked ? column.choiceLabel : '';
      return checked ? 'Checked' : 'Unchecked';
    }
    case 'complete':
      return completeValue(reader.formStatus(column.form), options, reader.hasForm(column.form));
    case 'timestamp':
      return reader.hasForm(column.form) ? context.surveyTimestamp(column.form) : '';
    case 'event': {
      const event = row.event ?? '';
      return options.labels ? schema.eventExportLabel(event) : event;
    }
    case 'repeat-instrument': {
      const form = row.repeatInstrument ?? '';
      return options.labels && form !== '' ? (schema.instrument(form)?.label ?? form) : form;
    }
    case 'repeat-instance':
      return (row.repeatInstance ?? 0) === 0 ? '' : String(row.repeatInstance);
    case 'dag':
      return options.labels ? context.dagLabel : context.dag;
    case 'survey-identifier':
      return '';
  }
}
