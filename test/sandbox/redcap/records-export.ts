// content=record export: flat and EAV, in JSON, CSV and XML.

import { XML_DECLARATION, cdata, csvLine, ok, parseDataFormat } from './encoding.ts';
import type { ApiResult, DataFormat } from './encoding.ts';
import { ApiError, MESSAGES } from './errors.ts';
import { cellValue, checkedCodes, completeValue, flatColumns, selectFields } from './record-columns.ts';
import type { CellOptions, Column, SelectedField } from './record-columns.ts';
import type { ProjectSchema } from './project-model.ts';
import type { RecordRow, RecordStore } from './record-store.ts';
import type { RequestParams } from './params.ts';

export interface ExportTweaks {
  /** Fault injection: silently leave this many records out of the answer. */
  dropRecords: number;
}

const ROWS_PER_CHUNK = 500;

const CSV_DELIMITERS = new Map([[',', ','], ['tab', '\t'], ['\t', '\t'], [';', ';'], ['|', '|'], ['^', '^']]);

export function exportRecords(schema: ProjectSchema, store: RecordStore, params: RequestParams, tweaks: ExportTweaks): ApiResult {
  const requestedFormat = params.choice('format');
  if (requestedFormat === 'odm') throw new ApiError(501, MESSAGES.notImplemented);
  for (const unsupported of ['filterLogic', 'dateRangeBegin', 'dateRangeEnd']) {
    // Silently ignoring a filter would hand back the wrong records; say so instead.
    if ((params.get(unsupported) ?? '').trim() !== '') {
      throw new ApiError(400, `The REDCap sandbox does not support the parameter "${unsupported}" yet`);
    }
  }
  // REDCap's documented default for records is XML.
  const format: DataFormat = parseDataFormat(requestedFormat) ?? 'xml';
  const selected = selectFields(schema, params.list('fields'), params.list('forms'));
  const options: CellOptions = {
    labels: params.choice('rawOrLabel') === 'label',
    checkboxLabels: params.bool('exportCheckboxLabel'),
    blankForGrayFormStatus: params.bool('exportBlankForGrayFormStatus'),
  };
  const rows = selectRows(store, params.list('records'), tweaks.dropRecords);
  const delimiter = CSV_DELIMITERS.get(params.get('csvDelimiter') ?? ',') ?? ',';

  if (params.choice('type') === 'eav') {
    return ok(format, chunked(format, ['record', 'field_name', 'value'], eavRows(schema, store, rows, selected, options), delimiter));
  }
  const columns = flatColumns(schema, selected);
  const headers = format === 'csv' && params.choice('rawOrLabelHeaders') === 'label' ? columns.map((c) => c.header) : columns.map((c) => c.name);
  return ok(format, chunked(format, columns.map((c) => c.name), flatRows(schema, store, rows, columns, options), delimiter, headers));
}

/** Requested records that exist, in project order; nonexistent IDs are simply absent. */
function selectRows(store: RecordStore, requested: readonly string[], drop: number): RecordRow[] {
  let ids: string[];
  if (requested.length === 0) {
    ids = [...store.ids()];
  } else {
    ids = store.existing(requested);
  }
  if (drop > 0) ids = ids.slice(0, Math.max(0, ids.length - drop));
  return ids.flatMap((id) => store.rows(id));
}

function* flatRows(schema: ProjectSchema, store: RecordStore, rows: readonly RecordRow[], columns: readonly Column[], options: CellOptions): Generator<string[]> {
  for (const row of rows) {
    const reader = store.read(row);
    yield columns.map((column) => cellValue(schema, column, reader, options));
  }
}

/** EAV leaves blanks out; a checkbox gives one row per checked choice, carrying the code. */
function* eavRows(schema: ProjectSchema, store: RecordStore, rows: readonly RecordRow[], selected: readonly SelectedField[], options: CellOptions): Generator<string[]> {
  for (const row of rows) {
    const reader = store.read(row);
    for (const item of selected) {
      if (item.kind === 'complete') {
        const status = reader.formStatus(item.form);
        if (status !== '') yield [row.record, `${item.form}_complete`, completeValue(status, options)];
        continue;
      }
      const { field } = item;
      const value = reader.value(field.name);
      if (value === '') continue;
      if (field.type === 'checkbox') {
        const checked = new Set(checkedCodes(value));
        for (const choice of schema.choices(field.name)) {
          if (checked.has(choice.code)) yield [row.record, field.name, options.labels ? choice.label : choice.code];
        }
      } else if (options.labels && schema.choices(field.name).length > 0) {
        yield [row.record, field.name, schema.choiceLabel(field.name, value)];
      } else {
        yield [row.record, field.name, value];
      }
    }
  }
}

/** Encodes rows lazily so that a 500,000-record export never sits in memory as one string. */
function* chunked(format: DataFormat, keys: readonly string[], rows: Iterable<string[]>, delimiter: string, headers: readonly string[] = keys): Generator<string> {
  const jsonKeys = keys.map((key) => `${JSON.stringify(key)}:`);
  const xmlOpen = keys.map((key) => `<${key}>`);
  const xmlClose = keys.map((key) => `</${key}>`);
  let buffer: string[] = [];
  let count = 0;
  if (format === 'csv') buffer.push(csvLine(headers, delimiter));
  if (format === 'json') buffer.push('[');
  if (format === 'xml') buffer.push(`${XML_DECLARATION}\n<records>\n`);
  for (const values of rows) {
    if (format === 'json') {
      buffer.push(`${count === 0 ? '' : ','}{${values.map((value, i) => jsonKeys[i] + JSON.stringify(value)).join(',')}}`);
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
