// The batch that was on the wire when Carrel died (or lost its answer) may or may not be in REDCap.
// Instead of guessing, ask REDCap: export those records' fields and compare them with what was sent.
// Resending an import is harmless for the data, but it writes the project log twice and must not
// happen for deletes, which fail once the records are gone.

import type { RedcapApi } from '../connectors/redcap/api.ts';
import { exportRecords } from '../connectors/redcap/methods/records.ts';
import type { FlatRow } from '../connectors/redcap/methods/record-rows.ts';
import type { FlatPayloadRow } from './import-journal-batches.ts';

const keyColumns = new Set(['redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance']);

function rowKey(recordIdField: string, row: Readonly<Record<string, string>>): string {
  return JSON.stringify([row[recordIdField] ?? '', row.redcap_event_name ?? '', row.redcap_repeat_instrument ?? '', row.redcap_repeat_instance ?? '']);
}

/** Checkbox columns (`field___code`) are asked for by the field's own name. */
function exportFieldName(column: string): string {
  const at = column.indexOf('___');
  return at > 0 ? column.slice(0, at) : column;
}

function stringRow(row: FlatRow): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(row)) out[key] = String(value);
  return out;
}

/**
 * Whether REDCap already holds every value of the payload. Under `normal` a blank cell changes nothing,
 * so blanks are not compared; under `overwrite` they must be blank on the server too.
 */
export async function payloadIsApplied(api: RedcapApi, recordIdField: string, recordIds: ReadonlyArray<string>, payload: ReadonlyArray<FlatPayloadRow>, overwriteBehavior: 'normal' | 'overwrite', signal?: AbortSignal): Promise<boolean> {
  const fields = new Set<string>([recordIdField]);
  for (const row of payload) for (const column of Object.keys(row)) if (!keyColumns.has(column)) fields.add(exportFieldName(column));
  const serverRows = (await exportRecords(api, { records: recordIds, fields: [...fields], signal })).map(stringRow);
  const byKey = new Map(serverRows.map((row) => [rowKey(recordIdField, row), row]));
  for (const sent of payload) {
    const stored = byKey.get(rowKey(recordIdField, sent));
    if (!stored) return false;
    for (const [column, value] of Object.entries(sent)) {
      if (keyColumns.has(column) || column === recordIdField) continue;
      if (value === '' && overwriteBehavior === 'normal') continue;
      if ((stored[column] ?? '') !== value) return false;
    }
  }
  return true;
}

/** The records of `recordIds` that REDCap still has (a delete that went through leaves none). */
export async function existingRecords(api: RedcapApi, recordIdField: string, recordIds: ReadonlyArray<string>, signal?: AbortSignal): Promise<string[]> {
  if (recordIds.length === 0) return [];
  const rows = await exportRecords(api, { records: recordIds, fields: [recordIdField], signal });
  const present = new Set(rows.map((row) => String(row[recordIdField] ?? '')));
  return recordIds.filter((id) => present.has(id));
}
