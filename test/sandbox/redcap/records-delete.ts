// content=record&action=delete (whole records, or one instrument/event/instance of them) and
// action=rename.

import { requireParam, writeLog } from './api-call.ts';
import type { ApiCall } from './api-call.ts';
import { CONTENT_TYPES } from './encoding.ts';
import type { ApiResult } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES, MESSAGES } from './errors.ts';
import type { DataScope } from './record-store.ts';

/** Deletions answer a bare number whatever the format (reference §1.4: xml delete returned plain `3`). */
function numberResult(call: ApiCall, count: number): ApiResult {
  const format = call.params.choice('returnFormat') ?? call.params.choice('format');
  return { status: 200, contentType: format === 'csv' ? CONTENT_TYPES.csv : format === 'xml' ? CONTENT_TYPES.xml : CONTENT_TYPES.json, body: String(count) };
}

/** The records a caller can see in an arm (its own DAG's, if it has one). */
function visible(call: ApiCall, record: string, arm: number | undefined): boolean {
  const { store } = call.project;
  if (!store.has(record)) return false;
  if (call.user.dag !== '' && store.dag(record) !== call.user.dag) return false;
  return arm === undefined || store.armOf(record) === arm;
}

function armParam(call: ApiCall): number | undefined {
  const raw = (call.params.get('arm') ?? '').trim();
  if (raw === '' || !call.project.schema.isLongitudinal) return undefined;
  if (!/^\d+$/.test(raw) || call.project.schema.arm(Number(raw)) === undefined) throw new ApiError(400, MESSAGES.invalidValues('arm', [raw]));
  return Number(raw);
}

export function deleteRecords(call: ApiCall): ApiResult {
  const { project, params } = call;
  const { schema, store } = project;
  const records = [...new Set(params.list('records'))];
  if (records.length === 0) throw new ApiError(400, INVENTED_MESSAGES.missingParameter('records'));
  const arm = armParam(call);
  const scope: DataScope = {};
  const instrument = (params.get('instrument') ?? '').trim();
  if (instrument !== '') {
    if (!schema.hasInstrument(instrument)) throw new ApiError(400, MESSAGES.invalidValues('instrument', [instrument]));
    scope.form = instrument;
  }
  const event = (params.get('event') ?? '').trim();
  if (event !== '' && schema.isLongitudinal) {
    if (schema.event(event) === undefined) throw new ApiError(400, MESSAGES.invalidValues('event', [event]));
    scope.event = event;
  }
  const instance = (params.get('repeat_instance') ?? '').trim();
  if (instance !== '') {
    if (!/^[1-9]\d*$/.test(instance)) throw new ApiError(400, MESSAGES.invalidValues('repeat_instance', [instance]));
    scope.instance = Number(instance);
  }
  const missing = records.filter((record) => !visible(call, record, arm));
  if (missing.length > 0) throw new ApiError(400, MESSAGES.deleteMissing(missing));

  const partial = scope.form !== undefined || scope.event !== undefined || scope.instance !== undefined;
  const now = call.clock.local();
  let count = 0;
  for (const record of records) {
    const dag = store.dag(record);
    if (partial) {
      if (store.deleteData(record, scope, now) === 0) continue;
      const what = scope.form !== undefined ? `single form '${scope.form}'` : 'single event';
      const where = [scope.event === undefined ? '' : `[event = ${scope.event}]`, scope.instance === undefined ? '' : `[instance = ${scope.instance}]`].filter(Boolean).join(' ');
      writeLog(call, { action: `Update record ${record}`, details: `${where === '' ? '' : `${where} `}Delete all record data for ${what} (API)`, record, kind: 'record_edit', dag });
    } else {
      store.deleteRecord(record);
      project.files.moveRecord(record);
      if (params.bool('delete_logging')) project.log.scrubRecord(record);
      writeLog(call, { action: `Delete record ${record}`, details: `${schema.recordIdField.name} = '${record}'`, record, kind: 'record_delete', dag });
    }
    count++;
  }
  return numberResult(call, count);
}

export function renameRecord(call: ApiCall): ApiResult {
  const { project } = call;
  const record = requireParam(call, 'record');
  const newName = requireParam(call, 'new_record_name');
  const arm = armParam(call);
  if (!visible(call, record, arm)) throw new ApiError(400, MESSAGES.recordMissing(record));
  if (newName !== record && project.store.has(newName)) throw new ApiError(400, INVENTED_MESSAGES.recordExists(newName));
  if (newName !== record) {
    project.store.rename(record, newName, call.clock.local());
    project.files.moveRecord(record, newName);
    writeLog(call, {
      action: `Update record ${newName}`,
      details: `${project.schema.recordIdField.name} = '${newName}' (renamed from '${record}')`,
      record: newName,
      kind: 'record_edit',
      dag: project.store.dag(newName),
    });
  }
  return numberResult(call, 1);
}
