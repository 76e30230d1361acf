// REDCap refuses a whole record import when any row is wrong and says why in one error string: a
// CSV-like line per rejected value, or a sentence about the request as a whole (reference §1.3.1).
// This turns that string into data a UI can show as a table, and an error message that names no values.

import { AppError } from '../../../../../shared/contract/errors.ts';
import { redcapErrorText } from '../responses.ts';
import { readCsvRow } from '../csv-row.ts';

/** One rejected value: `"<record>","<field>","<value>","<message>"`. */
export interface ImportRowError {
  record: string;
  field: string;
  value: string;
  message: string;
}

export interface ImportErrors {
  rowErrors: ImportRowError[];
  /** From "The following fields were not found in the project as real data fields: a, b". */
  unknownFields: string[];
  /** From "The following values of redcap_event_name are invalid: x, y". */
  invalidEvents: string[];
  /** Anything else REDCap said, verbatim (it may quote the data, so it only goes into details). */
  messages: string[];
}

const unknownFieldsPrefix = /^The following fields were not found in the project as real data fields:\s*/i;
const invalidEventsPrefix = /^The following values of redcap_event_name are invalid:\s*/i;

/** Parses an import error body (`{"error": …}`, `ERROR: …` or xml) or the error text itself. */
export function parseImportErrors(bodyOrText: string): ImportErrors {
  const text = redcapErrorText(bodyOrText) ?? bodyOrText;
  const result: ImportErrors = { rowErrors: [], unknownFields: [], invalidEvents: [], messages: [] };
  for (const line of logicalLines(text)) {
    if (line.cells !== null && line.cells.length === 4) {
      const [record = '', field = '', value = '', message = ''] = line.cells;
      result.rowErrors.push({ record, field, value, message });
    } else if (unknownFieldsPrefix.test(line.raw)) {
      result.unknownFields.push(...nameList(line.raw.replace(unknownFieldsPrefix, '')));
    } else if (invalidEventsPrefix.test(line.raw)) {
      result.invalidEvents.push(...nameList(line.raw.replace(invalidEventsPrefix, '')));
    } else if (line.raw.trim() !== '') {
      result.messages.push(line.raw.trim());
    }
  }
  return result;
}

/** Field and event names cannot hold commas, spaces or periods, so REDCap's ", " lists split cleanly. */
function nameList(list: string): string[] {
  return list.split(',').map((name) => name.trim().replace(/\.$/, '')).filter((name) => name !== '');
}

interface LogicalLine {
  raw: string;
  /** The cells when the line is a quoted CSV row; null for a plain sentence. */
  cells: string[] | null;
}

/**
 * Splits on line breaks outside quotes: a rejected value may itself hold commas, doubled quotes and
 * line breaks (notes fields), and REDCap quotes every cell of a row line.
 */
function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let index = 0;
  while (index < text.length) {
    if (text[index] === '"') {
      const row = readCsvRow(text, index);
      lines.push({ raw: text.slice(index, row.end).trim(), cells: row.cells });
      index = row.end + 1;
    } else {
      const end = lineEnd(text, index);
      lines.push({ raw: text.slice(index, end).replace(/\r$/, ''), cells: null });
      index = end + 1;
    }
  }
  return lines;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/**
 * The AppError for a refused import: counts and field names in the message (what to fix), every
 * record ID and value only in `details`, because those are research data.
 */
export function importErrorToAppError(errors: ImportErrors, status: number): AppError {
  const parts: string[] = [];
  if (errors.rowErrors.length > 0) {
    const records = new Set(errors.rowErrors.map((row) => row.record)).size;
    parts.push(`${plural(errors.rowErrors.length, 'value')} in ${plural(records, 'record')} did not pass REDCap's checks (${fieldTally(errors.rowErrors)})`);
  }
  if (errors.unknownFields.length > 0) {
    parts.push(`${plural(errors.unknownFields.length, 'column')} ${errors.unknownFields.length === 1 ? 'is not a field' : 'are not fields'} of this project (${firstFew(errors.unknownFields)})`);
  }
  if (errors.invalidEvents.length > 0) {
    parts.push(`${plural(errors.invalidEvents.length, 'redcap_event_name value')} ${errors.invalidEvents.length === 1 ? 'is not an event' : 'are not events'} of this project (use unique event names such as visit_1_arm_1)`);
  }
  let message = parts.length === 0
    ? `REDCap refused the import (HTTP ${status}) and saved nothing.`
    : `REDCap refused the import and saved nothing: ${parts.join('; ')}.`;
  if (errors.messages.length > 0) {
    const one = errors.messages.length === 1;
    const reasons = one ? 'a reason' : `${errors.messages.length} reasons`;
    message += ` REDCap ${parts.length > 0 ? 'also ' : ''}gave ${reasons} that may quote your data, so ${one ? 'it is' : 'they are'} only in the error details.`;
  }
  message += errors.rowErrors.length > 0
    ? ' The error details list each record, field and value; correct them and import again.'
    : ' Correct the data and import again.';
  return new AppError('SERVICE_ERROR', message, {
    details: { status, rowErrors: errors.rowErrors, unknownFields: errors.unknownFields, invalidEvents: errors.invalidEvents, messages: errors.messages },
  });
}

/** For the import's `interpretError` call option: every error answer to a record import is read as an import error. */
export function interpretImportError(serverText: string, status: number): AppError {
  return importErrorToAppError(parseImportErrors(serverText), status);
}

function fieldTally(rows: ReadonlyArray<ImportRowError>): string {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.field, (counts.get(row.field) ?? 0) + 1);
  const entries = [...counts].map(([field, count]) => (count === 1 ? field : `${field} ×${count}`));
  return firstFew(entries);
}

function firstFew(names: ReadonlyArray<string>, limit = 5): string {
  return names.length <= limit ? names.join(', ') : `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
