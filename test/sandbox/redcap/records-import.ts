// content=record import (reference §1.4, §1.5 "Import semantics"): json/csv/xml, flat/eav,
// overwriteBehavior, forceAutoNumber, dateFormat, returnContent, backgroundProcess and
// redcap_repeat_instance=new. All or nothing: one bad row and nothing is saved.

import { returnFormatOf, writeLog } from './api-call.ts';
import type { ApiCall } from './api-call.ts';
import { parseData } from './data-input.ts';
import { CONTENT_TYPES, XML_DECLARATION, csvCell } from './encoding.ts';
import type { ApiResult, DataFormat } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES } from './errors.ts';
import { eavToFlat, importColumns, placeRows } from './import-rows.ts';
import { checkRows, problemLine } from './import-validate.ts';
import type { CheckedRow } from './import-validate.ts';
import { checkedCodes } from './record-columns.ts';
import { csvDelimiterOf } from './records-export.ts';
import { nextRecordName } from './project-methods.ts';
import type { DateOrder } from './validation-types.ts';

const DATE_ORDERS = new Set(['YMD', 'MDY', 'DMY']);

export function importRecords(call: ApiCall): ApiResult {
  const { params, project } = call;
  const schema = project.schema;
  const format = (params.choice('format') ?? 'xml') as DataFormat;
  if (!['json', 'csv', 'xml'].includes(format)) throw new ApiError(400, INVENTED_MESSAGES.invalidParameter('format'));
  const dateFormat = (params.get('dateFormat') ?? 'YMD').trim().toUpperCase() || 'YMD';
  if (!DATE_ORDERS.has(dateFormat)) throw new ApiError(400, INVENTED_MESSAGES.invalidParameter('dateFormat'));
  const overwrite = params.choice('overwriteBehavior') === 'overwrite';
  const background = params.bool('backgroundProcess');
  const returnFormat = returnFormatOf(call, 'xml');

  let table = parseData(format, params.get('data') ?? '', csvDelimiterOf(call));
  if (params.choice('type') === 'eav') table = eavToFlat(table, schema.recordIdField.name);
  // Without the record-ID column nothing can be placed; REDCap imports nothing (PyCap #138).
  const columns = table.rows.length === 0 || !table.columns.includes(schema.recordIdField.name) ? undefined : importColumns(schema, table.columns);
  if (columns === undefined) return importResult(call, returnFormat, background, []);
  const rows = placeRows(schema, table.rows, call.user.dag !== '');
  const { problems, checked } = checkRows(schema, project.people, rows, columns, dateFormat as DateOrder);
  // Records of another DAG are out of reach for a DAG user (auto-numbered rows get new IDs anyway).
  if (call.user.dag !== '' && !params.bool('forceAutoNumber')) {
    for (const row of rows) {
      if (project.store.has(row.record) && project.store.dag(row.record) !== call.user.dag) {
        problems.push({ record: row.record, field: schema.recordIdField.name, value: row.record, message: INVENTED_MESSAGES.otherDag });
      }
    }
  }
  if (problems.length > 0 && !background) throw new ApiError(400, problems.map(problemLine).join('\n'));
  const bad = new Set(problems.map((problem) => problem.record));
  const saved = applyRows(call, checked.filter((row) => !bad.has(row.row.record)), overwrite);
  return importResult(call, returnFormat, background, saved);
}

/** Saves checked rows; returns [final ID, ID as given] per distinct record, in first-seen order. */
function applyRows(call: ApiCall, rows: readonly CheckedRow[], overwrite: boolean): Array<[string, string]> {
  const { project, clock } = call;
  const { store, schema } = project;
  const autoNumber = call.params.bool('forceAutoNumber');
  const finalIds = new Map<string, string>();
  const createdHere = new Set<string>();
  const now = clock.local();
  for (const { row, instance, values } of rows) {
    let record = finalIds.get(row.record);
    if (record === undefined) {
      record = autoNumber ? nextRecordName(call) : row.record;
      finalIds.set(row.record, record);
    }
    const repeatInstance = instance === 'new' ? store.nextInstance(record, row.event, row.repeatInstrument) : instance;
    const spec = { event: row.event, repeatInstrument: row.repeatInstrument, repeatInstance };
    const isNew = !store.has(record);
    const current = isNew ? undefined : store.read({ record, ...spec });
    const writes = new Map<string, string>();
    const changes: string[] = isNew ? [`${schema.recordIdField.name} = '${record}'`] : [];
    const boxes = new Map<string, Set<string>>();
    for (const [name, value] of values) {
      if (value === '' && !overwrite) continue;
      const checkbox = /^(.+)___(.+)$/.exec(name);
      const field = checkbox === null ? undefined : schema.field(checkbox[1] ?? '');
      if (checkbox !== null && field?.type === 'checkbox') {
        const code = schema.choices(field.name).find((choice) => `${field.name}___${choice.code.toLowerCase().replace(/[^a-z0-9_]/g, '_')}` === name)?.code ?? '';
        let codes = boxes.get(field.name);
        if (codes === undefined) boxes.set(field.name, (codes = new Set(checkedCodes(current?.value(field.name) ?? ''))));
        const was = codes.has(code);
        if (value === '1') codes.add(code);
        else codes.delete(code);
        if (was !== codes.has(code)) changes.push(`${field.name}(${code}) = ${codes.has(code) ? 'checked' : 'unchecked'}`);
        continue;
      }
      const form = schema.formOfComplete(name);
      const before = form !== undefined ? (current?.formStatus(form) ?? '') : (current?.value(name) ?? '');
      writes.set(name, value);
      if (before !== value) changes.push(`${name} = '${value}'`);
    }
    for (const [field, codes] of boxes) {
      writes.set(field, schema.choices(field).map((choice) => choice.code).filter((code) => codes.has(code)).join(','));
    }
    if (!isNew && changes.length === 0) continue;
    if (store.write(record, spec, writes, now)) {
      createdHere.add(record);
      if (call.user.dag !== '') store.setDag(record, call.user.dag);
    }
    if (row.dag !== undefined) store.setDag(record, row.dag);
    const prefix = repeatInstance > 1 ? `[instance = ${repeatInstance}], ` : '';
    const created = createdHere.has(record) && isNew;
    writeLog(call, {
      action: `${created ? 'Create' : 'Update'} record (import) ${record}`,
      details: prefix + changes.join(', '),
      record,
      kind: created ? 'record_add' : 'record_edit',
      dag: store.dag(record),
    });
  }
  return [...finalIds].map(([given, final]) => [final, given]);
}

function importResult(call: ApiCall, format: DataFormat, background: boolean, saved: Array<[string, string]>): ApiResult {
  if (background) return encodeResult(format, 'success', 'true', () => ({ success: true }));
  const mode = call.params.choice('returnContent') ?? 'count';
  if (mode === 'nothing') return { status: 200, contentType: CONTENT_TYPES[format], body: '' };
  if (mode === 'ids') return encodeList(format, 'id', saved.map(([final]) => final));
  if (mode === 'auto_ids') return encodeList(format, 'id', saved.map(([final, given]) => `${final},${given}`));
  return encodeResult(format, 'count', String(saved.length), () => ({ count: saved.length }));
}

function encodeResult(format: DataFormat, name: string, text: string, json: () => unknown): ApiResult {
  if (format === 'json') return { status: 200, contentType: CONTENT_TYPES.json, body: JSON.stringify(json()) };
  if (format === 'csv') return { status: 200, contentType: CONTENT_TYPES.csv, body: text };
  return { status: 200, contentType: CONTENT_TYPES.xml, body: `${XML_DECLARATION}<${name}>${text}</${name}>` };
}

/** ids / auto_ids: a JSON array of strings; CSV with a header line; XML `<ids><id>…</id></ids>`. */
function encodeList(format: DataFormat, name: string, values: readonly string[]): ApiResult {
  if (format === 'json') return { status: 200, contentType: CONTENT_TYPES.json, body: JSON.stringify(values) };
  if (format === 'csv') return { status: 200, contentType: CONTENT_TYPES.csv, body: `${name}\n${values.map((value) => `${csvCell(value)}\n`).join('')}` };
  return { status: 200, contentType: CONTENT_TYPES.xml, body: `${XML_DECLARATION}<ids>${values.map((value) => `<${name}>${value}</${name}>`).join('')}</ids>` };
}
