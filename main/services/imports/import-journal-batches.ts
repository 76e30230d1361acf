// Splits planned rows into the batches an import sends: every row of a record in the same batch (REDCap
// checks and saves a request all or nothing, so a record is never half imported), at most a number of
// records and a number of payload bytes per batch.

import type { PlannedRow, RowKey } from './import-types.ts';

export interface BatchLimits {
  /** Records per batch (default 500). */
  records: number;
  /** Payload bytes per batch, as JSON (default 2 MB); a single record bigger than this still goes alone. */
  bytes: number;
}

export const defaultBatchLimits: BatchLimits = { records: 500, bytes: 2 * 1024 * 1024 };

/** A REDCap flat-format row as sent: ID field, event and repeat columns where the key has them, then the values. */
export type FlatPayloadRow = Record<string, string>;

export interface PlannedBatch {
  recordIds: string[];
  payload: FlatPayloadRow[];
  rows: PlannedRow[];
}

export function payloadRow(recordIdField: string, key: RowKey, values: Readonly<Record<string, string>>): FlatPayloadRow {
  const row: FlatPayloadRow = { [recordIdField]: key.record };
  // Classic projects refuse redcap_event_name; repeat columns only mean something on repeating rows.
  if (key.event !== '') row.redcap_event_name = key.event;
  if (key.repeatInstrument !== '' || key.repeatInstance !== '') {
    row.redcap_repeat_instrument = key.repeatInstrument;
    row.redcap_repeat_instance = key.repeatInstance;
  }
  for (const [field, value] of Object.entries(values)) {
    if (field !== recordIdField) row[field] = value;
  }
  return row;
}

/** Groups rows by record (first appearance order) and cuts the groups into batches within the limits. */
export function planBatches(rows: ReadonlyArray<PlannedRow>, recordIdField: string, limits: BatchLimits = defaultBatchLimits): PlannedBatch[] {
  const byRecord = new Map<string, PlannedRow[]>();
  for (const row of rows) {
    const group = byRecord.get(row.key.record);
    if (group) group.push(row);
    else byRecord.set(row.key.record, [row]);
  }
  const batches: PlannedBatch[] = [];
  let current: PlannedBatch = { recordIds: [], payload: [], rows: [] };
  let bytes = 2;
  for (const [record, group] of byRecord) {
    const payload = group.map((row) => payloadRow(recordIdField, row.key, row.values));
    const groupBytes = payload.reduce((sum, row) => sum + Buffer.byteLength(JSON.stringify(row)) + 1, 0);
    const full = current.recordIds.length >= limits.records || (current.recordIds.length > 0 && bytes + groupBytes > limits.bytes);
    if (full) {
      batches.push(current);
      current = { recordIds: [], payload: [], rows: [] };
      bytes = 2;
    }
    current.recordIds.push(record);
    current.payload.push(...payload);
    current.rows.push(...group);
    bytes += groupBytes;
  }
  if (current.recordIds.length > 0) batches.push(current);
  return batches;
}
