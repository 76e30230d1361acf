// Read methods about the project itself: version, project, metadata, instrument, exportFieldNames,
// generateNextRecordName, and the classic-project refusals of arm/event/formEventMapping.

import { XML_DECLARATION, cdata, encodeTable, ok, parseDataFormat } from './encoding.ts';
import type { ApiResult, DataFormat } from './encoding.ts';
import { ApiError, MESSAGES } from './errors.ts';
import { checkboxColumn, completeField } from './project-model.ts';
import type { FieldDef, ProjectSchema } from './project-model.ts';
import type { RequestParams } from './params.ts';
import type { RecordStore } from './record-store.ts';

export const REDCAP_VERSION = '14.1.5';

const METADATA_KEYS = [
  'field_name', 'form_name', 'section_header', 'field_type', 'field_label', 'select_choices_or_calculations',
  'field_note', 'text_validation_type_or_show_slider_number', 'text_validation_min', 'text_validation_max',
  'identifier', 'branching_logic', 'required_field', 'custom_alignment', 'question_number',
  'matrix_group_name', 'matrix_ranking', 'field_annotation',
] as const;

const FIELD_NAME_KEYS = ['original_field_name', 'choice_value', 'export_field_name'] as const;

/** Methods other than records document JSON as their default format. */
function formatOf(params: RequestParams): DataFormat {
  return parseDataFormat(params.choice('format')) ?? 'json';
}

export function exportVersion(): ApiResult {
  return ok('text', REDCAP_VERSION);
}

export function exportProjectInfo(schema: ProjectSchema, params: RequestParams): ApiResult {
  const format = formatOf(params);
  const info = schema.info;
  if (format === 'json') return ok('json', JSON.stringify(info));
  const keys = Object.keys(info);
  const row: Record<string, string | number> = { ...info };
  if (format === 'csv') return ok('csv', encodeTable('csv', keys, [row]));
  // A single object, so a single <item> rather than a <records> list.
  return ok('xml', `${XML_DECLARATION}\n<item>${keys.map((key) => `<${key}>${cdata(String(row[key] ?? ''))}</${key}>`).join('')}</item>\n`);
}

function metadataRow(field: FieldDef): Record<string, string> {
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

/** The data dictionary; `<form>_complete` is accepted in `fields` but is not a metadata row. */
export function exportMetadata(schema: ProjectSchema, params: RequestParams): ApiResult {
  const fields = params.list('fields');
  const forms = params.list('forms');
  const unknownFields = fields.filter((name) => !schema.isKnownFieldName(name));
  if (unknownFields.length > 0) throw new ApiError(400, MESSAGES.invalidValues('fields', unknownFields));
  const unknownForms = forms.filter((name) => !schema.hasInstrument(name));
  if (unknownForms.length > 0) throw new ApiError(400, MESSAGES.invalidValues('forms', unknownForms));
  const everything = fields.length === 0 && forms.length === 0;
  const rows = schema.fields
    .filter((field) => everything || fields.includes(field.name) || forms.includes(field.form))
    .map(metadataRow);
  const format = formatOf(params);
  return ok(format, encodeTable(format, METADATA_KEYS, rows));
}

export function exportInstruments(schema: ProjectSchema, params: RequestParams): ApiResult {
  const format = formatOf(params);
  const rows = schema.instruments.map((instrument) => ({ instrument_name: instrument.name, instrument_label: instrument.label }));
  return ok(format, encodeTable(format, ['instrument_name', 'instrument_label'], rows));
}

// "calc", "file" and "descriptive" fields cannot be imported, so the API help says this method
// leaves them out; `<form>_complete` is listed after each form's fields.
const NOT_IMPORTABLE = new Set(['calc', 'file', 'descriptive']);

export function exportFieldNames(schema: ProjectSchema, params: RequestParams): ApiResult {
  const only = (params.get('field') ?? '').trim();
  if (only !== '' && !schema.isKnownFieldName(only)) throw new ApiError(400, MESSAGES.invalidValues('field', [only]));
  const rows: Array<Record<string, string>> = [];
  const add = (original: string, choice: string, exported: string): void => {
    if (only === '' || only === original) rows.push({ original_field_name: original, choice_value: choice, export_field_name: exported });
  };
  for (const instrument of schema.instruments) {
    for (const field of schema.fields) {
      if (field.form !== instrument.name || NOT_IMPORTABLE.has(field.type)) continue;
      if (field.type === 'checkbox') {
        for (const choice of schema.choices(field.name)) add(field.name, choice.code, checkboxColumn(field.name, choice.code));
      } else {
        add(field.name, '', field.name);
      }
    }
    const complete = completeField(instrument.name);
    add(complete, '', complete);
  }
  const format = formatOf(params);
  return ok(format, encodeTable(format, FIELD_NAME_KEYS, rows));
}

export function generateNextRecordName(store: RecordStore): ApiResult {
  return ok('text', store.nextRecordName());
}

/** arm, event and formEventMapping only exist in longitudinal projects. */
export function refuseForClassic(schema: ProjectSchema, what: 'arms' | 'events' | 'form/event mappings'): ApiResult {
  if (!schema.isLongitudinal) throw new ApiError(400, MESSAGES.classicProject(what));
  throw new ApiError(501, MESSAGES.notImplemented);
}
