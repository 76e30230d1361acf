// The data dictionary and what derives from it: instruments, export column names, PDFs of instruments.

import { z } from 'zod';
import { AppError } from '../../../../../shared/contract/errors.ts';
import type { RedcapApi, RedcapFile } from '../api.ts';
import { jsonData } from '../params.ts';
import { exportFieldNamesSchema, instrumentsSchema, type ExportFieldName, type Instrument } from '../schemas.ts';
import { sendCountingWrite, type SignalOption } from './answers.ts';

/** The 18 columns of an API metadata export, in REDCap's order (reference §1.6). */
export const metadataRowSchema = z.looseObject({
  field_name: z.string().min(1),
  form_name: z.string().min(1),
  section_header: z.string(),
  field_type: z.string().min(1),
  field_label: z.string(),
  select_choices_or_calculations: z.string(),
  field_note: z.string(),
  text_validation_type_or_show_slider_number: z.string(),
  text_validation_min: z.string(),
  text_validation_max: z.string(),
  identifier: z.string(),
  branching_logic: z.string(),
  required_field: z.string(),
  custom_alignment: z.string(),
  question_number: z.string(),
  matrix_group_name: z.string(),
  matrix_ranking: z.string(),
  field_annotation: z.string(),
});
export type MetadataRow = z.infer<typeof metadataRowSchema>;
const metadataRowsSchema = z.array(metadataRowSchema);

/** The data dictionary, optionally only some fields or forms. `<form>_complete` fields are not in it. */
export async function exportMetadata(api: RedcapApi, options: SignalOption & { fields?: ReadonlyArray<string>; forms?: ReadonlyArray<string> } = {}): Promise<MetadataRow[]> {
  return api.json({ content: 'metadata', format: 'json', fields: options.fields, forms: options.forms }, metadataRowsSchema, 'the data dictionary', { signal: options.signal });
}

/**
 * Replaces the data dictionary; REDCap allows this only while the project is in development. Answers
 * the number of fields imported.
 */
export async function importMetadata(api: RedcapApi, options: SignalOption & { data: ReadonlyArray<Readonly<MetadataRow>>; dateFormat?: 'YMD' | 'MDY' | 'DMY' }): Promise<number> {
  // Not marked idempotent although it replaces the whole dictionary: the reference says so only of
  // the web upload, not of the API method.
  return sendCountingWrite(api, { content: 'metadata', dateFormat: options.dateFormat, data: jsonData(options.data) }, 'the number of imported fields', { signal: options.signal });
}

export async function exportInstruments(api: RedcapApi, options: SignalOption = {}): Promise<Instrument[]> {
  return api.json({ content: 'instrument', format: 'json' }, instrumentsSchema, 'the instrument list', { signal: options.signal });
}

/** Export column names per field (checkboxes get one per choice; `<form>_complete` included). */
export async function exportFieldNames(api: RedcapApi, options: SignalOption & { field?: string } = {}): Promise<ExportFieldName[]> {
  return api.json({ content: 'exportFieldNames', format: 'json', field: options.field }, exportFieldNamesSchema, 'the export field names', { signal: options.signal });
}

export interface PdfOptions extends SignalOption {
  record?: string;
  event?: string;
  instrument?: string;
  repeat_instance?: number;
  /** Every record's instruments in one PDF. */
  allRecords?: boolean;
  compactDisplay?: boolean;
}

/** A PDF of instruments: blank, filled in for one record, or for all records. */
export async function exportPdf(api: RedcapApi, options: PdfOptions = {}): Promise<RedcapFile> {
  const file = await api.file({
    content: 'pdf',
    action: 'export',
    record: options.record,
    event: options.event,
    instrument: options.instrument,
    repeat_instance: options.repeat_instance,
    // REDCap exports all records when allRecords has any value at all, 'false' included.
    allRecords: options.allRecords === true ? 'true' : undefined,
    compactDisplay: options.compactDisplay,
  }, { signal: options.signal });
  if (!startsWith(file.bytes, '%PDF-')) {
    throw new AppError('BAD_RESPONSE', 'REDCap\'s answer (the PDF) is not what REDCap sends: expected a PDF document.');
  }
  return file;
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  return [...prefix].every((char, index) => bytes[index] === char.charCodeAt(0));
}
