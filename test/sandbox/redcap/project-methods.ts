// Methods about the project itself: version, project (export), project_settings (import),
// instrument, exportFieldNames and generateNextRecordName.

import { countResult, formatOf, returnFormatOf, writeLog } from './api-call.ts';
import type { ApiCall } from './api-call.ts';
import { XML_DECLARATION, cdata, encodeTable, ok } from './encoding.ts';
import type { ApiResult } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES, MESSAGES } from './errors.ts';
import { parseData } from './data-input.ts';
import { checkboxColumn, completeField } from './project-model.ts';
import type { ProjectInfo } from './project-model.ts';

export const REDCAP_VERSION = '14.1.5';

const FIELD_NAME_KEYS = ['original_field_name', 'choice_value', 'export_field_name'] as const;

export function exportVersion(): ApiResult {
  return ok('text', REDCAP_VERSION);
}

/** Project attributes as they are now: flags that follow from the design are derived from it. */
export function currentInfo(call: ApiCall): ProjectInfo {
  const schema = call.project.schema;
  return {
    ...schema.info,
    has_repeating_instruments_or_events: schema.hasRepeating ? 1 : 0,
    surveys_enabled: schema.surveyForms.length > 0 ? 1 : schema.info.surveys_enabled,
  };
}

export function exportProjectInfo(call: ApiCall): ApiResult {
  const format = formatOf(call);
  const info = currentInfo(call);
  if (format === 'json') return ok('json', JSON.stringify(info));
  const keys = Object.keys(info);
  const row: Record<string, string | number> = { ...info };
  if (format === 'csv') return ok('csv', encodeTable('csv', keys, [row]));
  // A single object, so a single <item> rather than a <records> list.
  return ok('xml', `${XML_DECLARATION}\n<item>${keys.map((key) => `<${key}>${cdata(String(row[key] ?? ''))}</${key}>`).join('')}</item>\n`);
}

// The attributes project_settings may change, with whether each is a 0/1 number.
const SETTINGS: ReadonlyArray<readonly [keyof ProjectInfo, 'text' | 'flag' | 'number']> = [
  ['project_title', 'text'], ['project_language', 'text'], ['purpose', 'number'], ['purpose_other', 'text'],
  ['project_notes', 'text'], ['custom_record_label', 'text'], ['secondary_unique_field', 'text'],
  ['is_longitudinal', 'flag'], ['surveys_enabled', 'flag'], ['scheduling_enabled', 'flag'],
  ['record_autonumbering_enabled', 'flag'], ['randomization_enabled', 'flag'], ['project_irb_number', 'text'],
  ['project_grant_number', 'text'], ['project_pi_firstname', 'text'], ['project_pi_lastname', 'text'],
  ['project_pi_email', 'text'], ['display_today_now_button', 'flag'], ['missing_data_codes', 'text'],
  ['bypass_branching_erase_field_prompt', 'flag'],
];

/** project_settings import: the known attributes of one object; answers how many it took. */
export function importProjectSettings(call: ApiCall): ApiResult {
  const format = formatOf(call);
  const data = call.params.get('data') ?? '';
  // JSON may be a single object (as the API help shows) or a one-element list.
  const text = format === 'json' && data.trim().startsWith('{') ? `[${data}]` : data;
  const row = parseData(format, text).rows[0];
  if (row === undefined) throw new ApiError(400, INVENTED_MESSAGES.badData);
  const info: Record<string, string | number> = { ...call.project.schema.info };
  let accepted = 0;
  for (const [key, kind] of SETTINGS) {
    const value = row[key];
    if (value === undefined) continue;
    if (kind !== 'text' && !/^\d+$/.test(value.trim())) throw new ApiError(400, INVENTED_MESSAGES.invalidParameter(key));
    if (kind === 'flag' && !['0', '1'].includes(value.trim())) throw new ApiError(400, INVENTED_MESSAGES.invalidParameter(key));
    info[key] = kind === 'text' ? value : Number(value);
    accepted++;
  }
  const definition = call.project.schema.definition;
  call.project.redesign({ ...definition, info: info as unknown as ProjectInfo });
  writeLog(call, { action: 'Manage/Design', details: 'Modify project settings (API)', record: '', kind: 'manage' });
  return countResult(returnFormatOf(call), accepted);
}

export function exportInstruments(call: ApiCall): ApiResult {
  const format = formatOf(call);
  const rows = call.project.schema.instruments.map((instrument) => ({ instrument_name: instrument.name, instrument_label: instrument.label }));
  return ok(format, encodeTable(format, ['instrument_name', 'instrument_label'], rows));
}

// "calc", "file" and "descriptive" fields cannot be imported, so the API help says this method
// leaves them out; `<form>_complete` is listed after each form's fields.
const NOT_IMPORTABLE = new Set(['calc', 'file', 'descriptive']);

export function exportFieldNames(call: ApiCall): ApiResult {
  const schema = call.project.schema;
  const only = (call.params.get('field') ?? '').trim();
  if (only !== '' && !schema.isKnownFieldName(only)) throw new ApiError(400, MESSAGES.invalidValues('field', [only]));
  const rows: Array<Record<string, string>> = [];
  const add = (original: string, choice: string, exported: string): void => {
    if (only === '' || only === original) rows.push({ original_field_name: original, choice_value: choice, export_field_name: exported });
  };
  for (const instrument of schema.instruments) {
    for (const field of schema.fieldsOf(instrument.name)) {
      if (NOT_IMPORTABLE.has(field.type)) continue;
      if (field.type === 'checkbox') {
        for (const choice of schema.choices(field.name)) add(field.name, choice.code, checkboxColumn(field.name, choice.code));
      } else {
        add(field.name, '', field.name);
      }
    }
    const complete = completeField(instrument.name);
    add(complete, '', complete);
  }
  const format = formatOf(call);
  return ok(format, encodeTable(format, FIELD_NAME_KEYS, rows));
}

/** The next auto-number; a user in a DAG gets `<group id>-<n>`, as REDCap numbers DAG records. */
export function generateNextRecordName(call: ApiCall): ApiResult {
  return ok('text', nextRecordName(call));
}

export function nextRecordName(call: ApiCall): string {
  const dag = call.user.dag === '' ? undefined : call.project.people.dag(call.user.dag);
  if (dag === undefined) return call.project.store.nextRecordName();
  const prefix = `${dag.id}-`;
  let highest = 0;
  for (const id of call.project.store.ids()) {
    if (id.startsWith(prefix) && /^\d+$/.test(id.slice(prefix.length))) highest = Math.max(highest, Number(id.slice(prefix.length)));
  }
  return `${prefix}${highest + 1}`;
}

