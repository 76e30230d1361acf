// content=record export (and report export, which is one with fixed fields and filter): flat and
// EAV, in JSON, CSV and XML, streamed in chunks so that 100,000 records never sit in memory whole.

import type { ApiCall } from './api-call.ts';
import { XML_DECLARATION, cdata, csvLine, ok, parseDataFormat } from './encoding.ts';
import type { ApiResult, DataFormat } from './encoding.ts';
import { exportRightsOf } from './export-rights.ts';
import { cellValue, checkedCodes, completeValue, flatColumns, selectFields } from './record-columns.ts';
import type { CellOptions, Column, RowContext, SelectedField } from './record-columns.ts';
import { rowFilterOf, selectRecords, selectRows } from './record-selection.ts';
import type { RowFilter } from './record-selection.ts';
import type { RecordRow, RowReader } from './record-store.ts';
import type { SandboxProject } from './project-state.ts';
import { exportProjectXml } from './project-xml.ts';

const ROWS_PER_CHUNK = 500;

export const CSV_DELIMITERS = new Map([[',', ','], ['tab', '\t'], ['\t', '\t'], [';', ';'], ['|', '|'], ['^', '^']]);

export function csvDelimiterOf(call: ApiCall): string {
  return CSV_DELIMITERS.get(call.params.get('csvDelimiter') ?? ',') ?? ',';
}

/** What an export contains; a report fixes `selected` and `filter`, a record export reads them from the request. */
export interface ExportPlan {
  selected: SelectedField[];
  filter: RowFilter;
  eav: boolean;
}

export function exportRecords(call: ApiCall): ApiResult {
  if (call.params.choice('format') === 'odm') return exportProjectXml(call, { metadataOnly: false, asRecordExport: true });
  const rights = exportRightsOf(call);
  const selected = selectFields(call.project.schema, call.params.list('fields'), call.params.list('forms'), rights);
  return runExport(call, { selected, filter: rowFilterOf(call), eav: call.params.choice('type') === 'eav' });
}

export function runExport(call: ApiCall, plan: ExportPlan): ApiResult {
  const { project, params } = call;
  const schema = project.schema;
  // REDCap's documented default for records is XML.
  const format: DataFormat = parseDataFormat(params.choice('format')) ?? 'xml';
  const options: CellOptions = {
    labels: params.choice('rawOrLabel') === 'label',
    checkboxLabels: params.bool('exportCheckboxLabel'),
    blankForGrayFormStatus: params.bool('exportBlankForGrayFormStatus'),
  };
  const records = selectRecords(project.store, plan.filter);
  const rows = selectRows(project.store, records, plan.filter);
  const delimiter = csvDelimiterOf(call);
  const decimal = params.get('decimalCharacter');
  const comma = decimal === ',' || decimal === 'comma';

  if (plan.eav) {
    const keys = ['record'];
    if (schema.isLongitudinal) keys.push('redcap_event_name');
    if (schema.hasRepeating) keys.push('redcap_repeat_instrument', 'redcap_repeat_instance');
    keys.push('field_name', 'value');
    const numeric = new Set(schema.hasRepeating ? [keys.indexOf('redcap_repeat_instance')] : []);
    return ok(format, chunked(format, keys, eavRows(project, rows, plan.selected, options, comma), delimiter, keys, numeric));
  }
  const columns = flatColumns(schema, plan.selected, {
    dags: params.bool('exportDataAccessGroups') && call.user.dag === '',
    surveyFields: params.bool('exportSurveyFields'),
  });
  const headers = format === 'csv' && params.choice('rawOrLabelHeaders') === 'label' ? columns.map((c) => c.header) : columns.map((c) => c.name);
  const numeric = new Set(columns.flatMap((column, i) => (column.kind === 'repeat-instance' ? [i] : [])));
  return ok(format, chunked(format, columns.map((c) => c.name), flatRows(project, rows, columns, options, comma), delimiter, headers, numeric));
}

function contextOf(project: SandboxProject, row: RecordRow, reader: RowReader): RowContext {
  const dag = project.store.dag(row.record);
  return {
    row,
    reader,
    dag,
    dagLabel: dag === '' ? '' : (project.people.dag(dag)?.name ?? dag),
    surveyTimestamp: (form) => {
      const status = reader.formStatus(form);
      if (status === '') return '';
      return status === '2' ? project.store.times(row.record).created : '[not completed]';
    },
  };
}

/** decimalCharacter=, turns the decimal point of numbers and calc results into a comma. */
function localiseDecimal(column: Column, value: string, comma: boolean): string {
  if (!comma || column.kind !== 'value' || !/^-?\d+\.\d+$/.test(value)) return value;
  const type = column.field.type;
  const numeric = type === 'calc' || /^number/.test(column.field.validation ?? '');
  return numeric ? value.replace('.', ',') : value;
}

function* flatRows(project: SandboxProject, rows: Iterable<{ row: RecordRow; reader: RowReader }>, columns: readonly Column[], options: CellOptions, comma: boolean): Generator<string[]> {
  const schema = project.schema;
  for (const { row, reader } of rows) {
    const context = contextOf(project, row, reader);
    yield columns.map((column) => localiseDecimal(column, cellValue(schema, column, context, options), comma));
  }
}

/** EAV leaves blanks out; a checkbox gives one row per checked choice, carrying the code. */
function* eavRows(project: SandboxProject, rows: Iterable<{ row: RecordRow; reader: RowReader }>, selected: readonly SelectedField[], options: CellOptions, comma: boolean): Generator<string[]> {
  const schema = project.schema;
  for (const { row, reader } of rows) {
    const lead = [row.record];
    if (schema.isLongitudinal) lead.push(options.labels ? schema.eventExportLabel(row.event ?? '') : (row.event ?? ''));
    if (schema.hasRepeating) lead.push(row.repeatInstrument ?? '', (row.repeatInstance ?? 0) === 0 ? '' : String(row.repeatInstance));
    for (const item of selected) {
      if (item.kind === 'complete') {
        const status = reader.formStatus(item.form);
        if (status !== '') yield [...lead, `${item.form}_complete`, completeValue(status, options)];
        continue;
      }
      const { field } = item;
      const value = reader.value(field.name);
      if (value === '') continue;
      if (field.type === 'checkbox') {
        const checked = new Set(checkedCodes(value));
        for (const choice of schema.choices(field.name)) {
          if (checked.has(choice.code)) yield [...lead, field.name, options.labels ? choice.label : choice.code];
        }
      } else if (options.labels && schema.choices(field.name).length > 0) {
        yield [...lead, field.name, schema.choiceLabel(field.name, value)];
      } else {
        const column: Column = { kind: 'value', name: field.name, header: field.label, field, labelled: false };
        yield [...lead, field.name, localiseDecimal(column, value, comma)];
      }
    }
  }
}

/** Encodes rows lazily so that a 500,000-record export never sits in memory as one string. */
function* chunked(
  format: DataFormat, keys: readonly string[], rows: Iterable<string[]>, delimiter: string, headers: readonly string[],
  numeric: ReadonlySet<number>,
): Generator<string> {
  const jsonKeys = keys.map((key) => `${JSON.stringify(key)}:`);
  const xmlOpen = keys.map((key) => `<${key}>`);
  const xmlClose = keys.map((key) => `</${key}>`);
  // In JSON, redcap_repeat_instance is a number (or "" when blank); every other value is a string.
  const json = (value: string, i: number): string => (numeric.has(i) && value !== '' ? value : JSON.stringify(value));
  let buffer: string[] = [];
  let count = 0;
  if (format === 'csv') buffer.push(csvLine(headers, delimiter));
  if (format === 'json') buffer.push('[');
  if (format === 'xml') buffer.push(`${XML_DECLARATION}\n<records>\n`);
  for (const values of rows) {
    if (format === 'json') {
      buffer.push(`${count === 0 ? '' : ','}{${values.map((value, i) => jsonKeys[i] + json(value, i)).join(',')}}`);
    } else if (format === 'csv') {
      buffer.push(csvLine(values, delimiter));
    } else {
      buffer.push(`<item>${values.map((value, i) => `${xmlOpen[i]}${cdata(value)}${xmlClose[i]}`).join('')}</item>\n`);
    }
    count++;
    if (count % ROWS_PER_CHUNK === 0) {
      yield buffer.join('');
      buffer = [];
    }
  }
  if (format === 'json') buffer.push(']');
  if (format === 'xml') buffer.push('</records>\n');
  yield buffer.join('');
}
