// Which rows an export returns: requested records, the caller's DAG, the last-modified window
// (dateRangeBegin/End), requested events and filterLogic (which, in a longitudinal project,
// filters record-events rather than whole records).

import type { ApiCall } from './api-call.ts';
import { parseLocalTime } from './clock.ts';
import type { LocalTime } from './clock.ts';
import { ApiError, INVENTED_MESSAGES, MESSAGES } from './errors.ts';
import { evaluateLogic, parseLogic } from './filter-logic.ts';
import type { LogicNode } from './filter-logic.ts';
import { checkedCodes } from './record-columns.ts';
import type { RecordRow, RecordStore, RowReader } from './record-store.ts';

export interface RowFilter {
  /** Requested record IDs; empty = all. */
  records: readonly string[];
  /** Requested events; empty = all. */
  events: readonly string[];
  logic: LogicNode | undefined;
  begin: LocalTime | undefined;
  end: LocalTime | undefined;
  /** Only records of this DAG (callers assigned to a DAG). */
  dag: string | undefined;
  /** Fault injection: leave this many records out. */
  drop: number;
}

function timeParam(call: ApiCall, name: string): LocalTime | undefined {
  const raw = (call.params.get(name) ?? '').trim();
  if (raw === '') return undefined;
  const time = parseLocalTime(raw);
  if (time === undefined) throw new ApiError(400, INVENTED_MESSAGES.badTime(name));
  return time;
}

/** Reads and checks the row-selecting parameters of a record export. */
export function rowFilterOf(call: ApiCall, overrides: Partial<RowFilter> = {}): RowFilter {
  const schema = call.project.schema;
  const events = call.params.list('events');
  const unknownEvents = events.filter((event) => schema.event(event) === undefined);
  if (unknownEvents.length > 0) throw new ApiError(400, MESSAGES.invalidValues('events', unknownEvents));
  const logic = (call.params.get('filterLogic') ?? '').trim();
  return {
    records: call.params.list('records'),
    events,
    logic: logic === '' ? undefined : parseLogic(logic, schema),
    begin: timeParam(call, 'dateRangeBegin'),
    end: timeParam(call, 'dateRangeEnd'),
    dag: call.user.dag === '' ? undefined : call.user.dag,
    drop: call.tweaks.dropRecords,
    ...overrides,
  };
}

/** Record IDs that pass the record-level filters, in project order. */
export function selectRecords(store: RecordStore, filter: RowFilter): string[] {
  let ids = filter.records.length === 0 ? [...store.ids()] : store.existing(filter.records);
  if (filter.dag !== undefined) ids = ids.filter((id) => store.dag(id) === filter.dag);
  if (filter.begin !== undefined || filter.end !== undefined) {
    ids = ids.filter((id) => {
      const modified = store.times(id).modified;
      return (filter.begin === undefined || modified >= filter.begin) && (filter.end === undefined || modified <= filter.end);
    });
  }
  if (filter.drop > 0) ids = ids.slice(0, Math.max(0, ids.length - filter.drop));
  return ids;
}

/** Reads `[field]`, `[field(code)]` and `[event][field]` for one row. */
export function rowLookup(store: RecordStore, row: RecordRow, reader: RowReader): Parameters<typeof evaluateLogic>[1] {
  return (operand) => {
    const source = operand.event === undefined ? reader : store.readEvent(row.record, operand.event);
    const form = store.schema.formOfComplete(operand.field);
    if (form !== undefined) return source.hasForm(form) ? source.formStatus(form) || '0' : '';
    const value = source.value(operand.field);
    if (operand.code === undefined) return value;
    return checkedCodes(value).includes(operand.code) ? '1' : '0';
  };
}

/** The rows of the selected records that pass the event and logic filters, lazily. */
export function* selectRows(store: RecordStore, records: readonly string[], filter: RowFilter): Generator<{ row: RecordRow; reader: RowReader }> {
  const events = filter.events.length === 0 ? undefined : new Set(filter.events);
  for (const record of records) {
    for (const row of store.rows(record)) {
      if (events !== undefined && !events.has(row.event ?? '')) continue;
      const reader = store.read(row);
      if (filter.logic !== undefined && !evaluateLogic(filter.logic, rowLookup(store, row, reader))) continue;
      yield { row, reader };
    }
  }
}
