// Records: export (JSON for Carrel, or REDCap's own CSV), delete, rename, and the next free record name.
// Import lives in record-import.ts and is re-exported here.

import { z } from 'zod';
import type { RedcapApi, RedcapParams } from '../api.ts';
import { zeroOrOne } from '../params.ts';
import { parseRedcapText } from '../responses.ts';
import { countSchema, sendCountingWrite, type SignalOption } from './answers.ts';
import { eavRowsSchema, flatRowsSchema, type EavRow, type FlatRow } from './record-rows.ts';
import { redcapTime } from './timestamps.ts';

export { importRecords } from './record-import.ts';
export type { AutoId, BackgroundImport, ImportRecordsOptions, ImportResult, ReturnContent } from './record-import.ts';

export interface RecordExportOptions extends SignalOption {
  records?: ReadonlyArray<string>;
  fields?: ReadonlyArray<string>;
  forms?: ReadonlyArray<string>;
  events?: ReadonlyArray<string>;
  rawOrLabel?: 'raw' | 'label';
  /** Only changes CSV headers of flat exports; REDCap ignores it elsewhere. */
  rawOrLabelHeaders?: 'raw' | 'label';
  exportCheckboxLabel?: boolean;
  filterLogic?: string;
  /** `YYYY-MM-DD HH:MM:SS`, server time: records created or modified after this. */
  dateRangeBegin?: string;
  dateRangeEnd?: string;
  exportSurveyFields?: boolean;
  exportDataAccessGroups?: boolean;
  decimalCharacter?: ',' | '.';
  exportBlankForGrayFormStatus?: boolean;
  /** Newer REDCap versions only (reference §1.4); older ones ignore it. */
  combineCheckboxOptions?: boolean;
}

export type CsvDelimiter = ',' | 'tab' | ';' | '|' | '^';

function exportParams(options: RecordExportOptions, type: 'flat' | 'eav'): RedcapParams {
  return {
    content: 'record',
    action: 'export',
    type,
    records: options.records,
    fields: options.fields,
    forms: options.forms,
    events: options.events,
    rawOrLabel: options.rawOrLabel,
    rawOrLabelHeaders: options.rawOrLabelHeaders,
    exportCheckboxLabel: options.exportCheckboxLabel,
    filterLogic: options.filterLogic,
    dateRangeBegin: redcapTime(options.dateRangeBegin, 'seconds', 'dateRangeBegin'),
    dateRangeEnd: redcapTime(options.dateRangeEnd, 'seconds', 'dateRangeEnd'),
    exportSurveyFields: options.exportSurveyFields,
    exportDataAccessGroups: options.exportDataAccessGroups,
    decimalCharacter: options.decimalCharacter,
    exportBlankForGrayFormStatus: options.exportBlankForGrayFormStatus,
    combineCheckboxOptions: options.combineCheckboxOptions,
  };
}

/** Records as JSON: flat rows (one per record, event and repeat instance) or EAV rows (one per value). */
export function exportRecords(api: RedcapApi, options?: RecordExportOptions & { type?: 'flat' }): Promise<FlatRow[]>;
export function exportRecords(api: RedcapApi, options: RecordExportOptions & { type: 'eav' }): Promise<EavRow[]>;
export async function exportRecords(api: RedcapApi, options: RecordExportOptions & { type?: 'flat' | 'eav' } = {}): Promise<FlatRow[] | EavRow[]> {
  const type = options.type ?? 'flat';
  const params = { ...exportParams(options, type), format: 'json' };
  return type === 'eav'
    ? api.json(params, eavRowsSchema, 'records (EAV)', { signal: options.signal })
    : api.json(params, flatRowsSchema, 'records', { signal: options.signal });
}

/** REDCap's own CSV, untouched, for people who want exactly what REDCap's export gives them. */
export async function exportRecordsCsv(api: RedcapApi, options: RecordExportOptions & { type?: 'flat' | 'eav'; csvDelimiter?: CsvDelimiter } = {}): Promise<string> {
  return api.text({ ...exportParams(options, options.type ?? 'flat'), format: 'csv', csvDelimiter: options.csvDelimiter }, { signal: options.signal });
}

export interface DeleteRecordsOptions extends SignalOption {
  records: ReadonlyArray<string>;
  arm?: number;
  /** With instrument/event/repeat_instance only that part of each record is deleted. */
  instrument?: string;
  event?: string;
  repeat_instance?: number;
  /** Also erase the records' entries from the project log. */
  delete_logging?: boolean;
}

/** Deletes records (or parts of them); answers how many records or items REDCap deleted. */
export async function deleteRecords(api: RedcapApi, options: DeleteRecordsOptions): Promise<number> {
  // Not idempotent: a repeat after a delete that went through fails with "records … do not exist".
  return sendCountingWrite(api, {
    content: 'record',
    action: 'delete',
    records: options.records,
    arm: options.arm,
    instrument: options.instrument,
    event: options.event,
    repeat_instance: options.repeat_instance,
    delete_logging: zeroOrOne(options.delete_logging),
  }, 'the number of deleted records', { signal: options.signal });
}

export interface RenameRecordOptions extends SignalOption {
  record: string;
  new_record_name: string;
  arm?: number;
}

/** Renames a record (in one arm when `arm` is given). */
export async function renameRecord(api: RedcapApi, options: RenameRecordOptions): Promise<void> {
  // Not idempotent: once renamed, a repeat names a record that no longer exists.
  await api.json(
    { content: 'record', action: 'rename', format: 'json', record: options.record, new_record_name: options.new_record_name, arm: options.arm },
    countSchema.pipe(z.literal(1, 'the answer 1')),
    'the record rename',
    { signal: options.signal, idempotent: false },
  );
}

/** A record name in the answer: no spaces or line breaks (DAG users get `223-3`). */
const recordNameSchema = z.string().trim().regex(/^[^\s]{1,100}$/, 'a record name');

/** The name REDCap would give the next new record (auto-numbering, DAG prefix included). */
export async function generateNextRecordName(api: RedcapApi, options: SignalOption = {}): Promise<string> {
  const text = await api.text({ content: 'generateNextRecordName' }, { signal: options.signal });
  return parseRedcapText(text, recordNameSchema, 'the next record name');
}
