// content=metadata: export the data dictionary, or replace it (development status only).

import { countResult, formatOf, returnFormatOf, writeLog } from './api-call.ts';
import type { ApiCall } from './api-call.ts';
import { parseData } from './data-input.ts';
import { encodeTable, ok } from './encoding.ts';
import type { ApiResult } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES, MESSAGES } from './errors.ts';
import { parseChoices } from './project-model.ts';
import type { FieldDef, FieldType, InstrumentDef } from './project-model.ts';
import { isKnownValidation } from './validation-types.ts';

export const METADATA_KEYS = [
  'field_name', 'form_name', 'section_header', 'field_type', 'field_label', 'select_choices_or_calculations',
  'field_note', 'text_validation_type_or_show_slider_number', 'text_validation_min', 'text_validation_max',
  'identifier', 'branching_logic', 'required_field', 'custom_alignment', 'question_number',
  'matrix_group_name', 'matrix_ranking', 'field_annotation',
] as const;

const FIELD_TYPES = new Set<string>(['text', 'notes', 'calc', 'dropdown', 'radio', 'checkbox', 'yesno', 'truefalse', 'file', 'slider', 'descriptive', 'sql']);
const NAME = /^[a-z](?!.*__)[a-z0-9_]*$/;

export function metadataRow(field: FieldDef): Record<string, string> {
  return {
    field_name: field.name,
    form_name: field.form,
    section_header: field.sectionHeader ?? '',
    field_type: field.type,
    field_label: field.label,
    select_choices_or_calculations: field.choices ?? '',
    field_note: field.note ?? '',
    text_validation_type_or_show_slider_number: field.validation ?? '',
    text_validation_min: field.min ?? '',
    text_validation_max: field.max ?? '',
    identifier: field.identifier === true ? 'y' : '',
    branching_logic: field.branchingLogic ?? '',
    required_field: field.required === true ? 'y' : '',
    custom_alignment: field.alignment ?? '',
    question_number: field.questionNumber ?? '',
    matrix_group_name: field.matrixGroup ?? '',
    matrix_ranking: field.matrixRanking ?? '',
    field_annotation: field.annotation ?? '',
  };
}

export function metadataMethod(call: ApiCall): ApiResult {
  const action = call.params.choice('action');
  if (action === 'import' || (action === undefined && call.params.get('data') !== undefined)) return importMetadata(call);
  return exportMetadata(call);
}

/** The data dictionary; `<form>_complete` is accepted in `fields` but is not a metadata row. */
function exportMetadata(call: ApiCall): ApiResult {
  const schema = call.project.schema;
  const fields = call.params.list('fields');
  const forms = call.params.list('forms');
  const unknownFields = fields.filter((name) => !schema.isKnownFieldName(name));
  if (unknownFields.length > 0) throw new ApiError(400, MESSAGES.invalidValues('fields', unknownFields));
  const unknownForms = forms.filter((name) => !schema.hasInstrument(name));
  if (unknownForms.length > 0) throw new ApiError(400, MESSAGES.invalidValues('forms', unknownForms));
  const everything = fields.length === 0 && forms.length === 0;
  const rows = schema.fields.filter((field) => everything || fields.includes(field.name) || forms.includes(field.form)).map(metadataRow);
  const format = formatOf(call);
  return ok(format, encodeTable(format, METADATA_KEYS, rows));
}

function formLabel(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Replaces the whole dictionary; answers the number of fields imported. */
function importMetadata(call: ApiCall): ApiResult {
  const { project } = call;
  const schema = project.schema;
  if (!schema.inDevelopment) throw new ApiError(400, INVENTED_MESSAGES.productionOnly('You cannot import metadata'));
  const rows = parseData(formatOf(call), call.params.get('data') ?? '').rows;
  if (rows.length === 0) throw new ApiError(400, INVENTED_MESSAGES.badData);
  const problems: string[] = [];
  const fields: FieldDef[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const at = `Row ${i + 2}`;
    const name = (row.field_name ?? '').trim();
    const form = (row.form_name ?? '').trim();
    const type = (row.field_type ?? '').trim();
    if (!NAME.test(name)) problems.push(`${at}: "${name}" is not a valid variable name (lowercase letters, numbers and single underscores, starting with a letter).`);
    else if (seen.has(name)) problems.push(`${at}: the variable name "${name}" is used more than once.`);
    seen.add(name);
    if (!NAME.test(form)) problems.push(`${at}: "${form}" is not a valid form name.`);
    if (!FIELD_TYPES.has(type)) problems.push(`${at}: "${type}" is not a valid field type.`);
    const validation = (row.text_validation_type_or_show_slider_number ?? '').trim();
    if (type === 'text' && validation !== '' && !isKnownValidation(validation)) problems.push(`${at}: "${validation}" is not a valid validation type.`);
    const field: FieldDef = {
      name, form, type: type as FieldType, label: row.field_label ?? '',
      ...(row.select_choices_or_calculations ? { choices: row.select_choices_or_calculations } : {}),
      ...(validation !== '' ? { validation } : {}),
      ...(row.text_validation_min ? { min: row.text_validation_min } : {}),
      ...(row.text_validation_max ? { max: row.text_validation_max } : {}),
      ...(row.identifier?.trim().toLowerCase() === 'y' ? { identifier: true } : {}),
      ...(row.required_field?.trim().toLowerCase() === 'y' ? { required: true } : {}),
      ...(row.section_header ? { sectionHeader: row.section_header } : {}),
      ...(row.field_note ? { note: row.field_note } : {}),
      ...(row.branching_logic ? { branchingLogic: row.branching_logic } : {}),
      ...(row.custom_alignment ? { alignment: row.custom_alignment } : {}),
      ...(row.question_number ? { questionNumber: row.question_number } : {}),
      ...(row.matrix_group_name ? { matrixGroup: row.matrix_group_name } : {}),
      ...(row.matrix_ranking ? { matrixRanking: row.matrix_ranking } : {}),
      ...(row.field_annotation ? { annotation: row.field_annotation } : {}),
    };
    if (['radio', 'dropdown', 'checkbox'].includes(type) && parseChoices(field).length === 0) {
      problems.push(`${at}: the field "${name}" needs choices written as "code, label | code, label".`);
    }
    fields.push(field);
  });
  const first = fields[0];
  if (first !== undefined && first.type !== 'text') problems.push('Row 2: the first field (the record ID field) must be a text field.');
  if (problems.length > 0) throw new ApiError(400, problems.join('\n'));

  const old = schema.definition;
  const forms = [...new Set(fields.map((field) => field.form))];
  const instruments: InstrumentDef[] = forms.map((form) => schema.instrument(form) ?? { name: form, label: formLabel(form) });
  const kept = new Set(forms);
  project.redesign({
    ...old,
    instruments,
    fields,
    formEvents: old.formEvents.filter((entry) => kept.has(entry.form)),
    repeating: old.repeating.filter((entry) => entry.form === '' || kept.has(entry.form)),
  });
  writeLog(call, { action: 'Manage/Design', details: 'Upload data dictionary (API)', record: '', kind: 'manage' });
  return countResult(returnFormatOf(call), fields.length);
}
