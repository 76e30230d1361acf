// From an import's `data` to rows the sandbox can check: EAV regrouped into flat rows, columns
// checked against the project (whole-request errors), each row placed on its event and instance.

import type { DataRow, DataTable } from './data-input.ts';
import { ApiError, MESSAGES } from './errors.ts';
import type { ProjectSchema } from './project-schema.ts';

/** Columns that are not data fields but that an import may carry. */
export const PSEUDO_COLUMNS = new Set([
  'redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance', 'redcap_data_access_group', 'redcap_survey_identifier',
]);

/** What a data column names. */
export type ImportColumn =
  | { kind: 'field'; name: string; form: string }
  | { kind: 'checkbox'; name: string; field: string; code: string; form: string }
  | { kind: 'complete'; name: string; form: string }
  | { kind: 'ignored'; name: string };

export interface ImportRow {
  record: string;
  event: string;
  repeatInstrument: string;
  /** Blank, a number, or `new`, as given. */
  repeatInstance: string;
  dag: string | undefined;
  values: DataRow;
}

/** EAV rows (`record, field_name, value` + event/repeat columns) regrouped into flat rows. */
export function eavToFlat(table: DataTable, recordIdField: string): DataTable {
  const groups = new Map<string, DataRow>();
  const columns = new Set<string>([recordIdField]);
  for (const row of table.rows) {
    const record = row.record ?? '';
    const event = row.redcap_event_name ?? '';
    const instrument = row.redcap_repeat_instrument ?? '';
    const instance = row.redcap_repeat_instance ?? '';
    const key = [record, event, instrument, instance].join('\u0001');
    let flat = groups.get(key);
    if (flat === undefined) {
      flat = { [recordIdField]: record };
      if ('redcap_event_name' in row) flat.redcap_event_name = event;
      if ('redcap_repeat_instrument' in row) flat.redcap_repeat_instrument = instrument;
      if ('redcap_repeat_instance' in row) flat.redcap_repeat_instance = instance;
      groups.set(key, flat);
    }
    const field = row.field_name ?? '';
    if (field === '') continue;
    flat[field] = row.value ?? '';
  }
  for (const flat of groups.values()) for (const key of Object.keys(flat)) columns.add(key);
  return { columns: [...columns], rows: [...groups.values()], objects: [] };
}

/** Classifies every column; unknown ones are one whole-request error listing them all. */
export function importColumns(schema: ProjectSchema, columns: readonly string[]): Map<string, ImportColumn> {
  const known = new Map<string, ImportColumn>();
  const unknown: string[] = [];
  const checkboxes = new Map<string, { field: string; code: string; form: string }>();
  for (const field of schema.fields) {
    if (field.type !== 'checkbox') continue;
    for (const choice of schema.choices(field.name)) {
      const name = `${field.name}___${choice.code.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
      checkboxes.set(name, { field: field.name, code: choice.code, form: field.form });
    }
  }
  for (const name of columns) {
    const field = schema.field(name);
    const checkbox = checkboxes.get(name);
    const completeOf = schema.formOfComplete(name);
    const timestampOf = /^(.+)_timestamp$/.exec(name)?.[1];
    if (field !== undefined && field.type !== 'checkbox' && field.type !== 'descriptive') {
      known.set(name, { kind: 'field', name, form: field.form });
    } else if (checkbox !== undefined) {
      known.set(name, { kind: 'checkbox', name, ...checkbox });
    } else if (completeOf !== undefined) {
      known.set(name, { kind: 'complete', name, form: completeOf });
    } else if (PSEUDO_COLUMNS.has(name) && (name !== 'redcap_event_name' || schema.isLongitudinal)) {
      known.set(name, { kind: 'ignored', name });
    } else if (timestampOf !== undefined && schema.hasInstrument(timestampOf)) {
      // Survey timestamps are set by REDCap; an import may carry them and they are ignored.
      known.set(name, { kind: 'ignored', name });
    } else {
      unknown.push(name);
    }
  }
  if (unknown.length > 0) throw new ApiError(400, MESSAGES.fieldsNotFound(unknown));
  return known;
}

/** Places rows on events; unknown event names are one whole-request error listing them. */
export function placeRows(schema: ProjectSchema, rows: readonly DataRow[], dagUser: boolean): ImportRow[] {
  const recordIdField = schema.recordIdField.name;
  const invalid = new Set<string>();
  const placed = rows.map((values): ImportRow => {
    let event = '';
    if (schema.isLongitudinal) {
      // Without redcap_event_name a longitudinal import goes to the first event.
      const given = (values.redcap_event_name ?? '').trim();
      if (given !== '' && schema.event(given) === undefined) invalid.add(given);
      event = given === '' ? schema.firstEvent() : given;
    }
    const dag = values.redcap_data_access_group;
    return {
      record: (values[recordIdField] ?? '').trim(),
      event,
      repeatInstrument: (values.redcap_repeat_instrument ?? '').trim(),
      repeatInstance: (values.redcap_repeat_instance ?? '').trim(),
      // A user in a DAG cannot move records between DAGs; the column is ignored for them.
      dag: dagUser || dag === undefined || dag.trim() === '' ? undefined : dag.trim(),
      values,
    };
  });
  if (invalid.size > 0) throw new ApiError(400, MESSAGES.invalidEventNames([...invalid]));
  return placed;
}
