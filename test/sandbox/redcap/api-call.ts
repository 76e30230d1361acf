// What every method handler gets: who is calling, what they sent, and the server's clock.

import type { SandboxClock } from './clock.ts';
import { parseDataFormat } from './encoding.ts';
import type { ApiResult, DataFormat } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES, MESSAGES } from './errors.ts';
import type { UploadedFile } from './multipart.ts';
import type { LogEntry } from './project-log.ts';
import type { Caller } from './project-state.ts';
import type { RequestParams } from './params.ts';

export interface ExportTweaks {
  /** Fault injection: silently leave this many records out of the answer. */
  dropRecords: number;
}

export interface ApiCall extends Caller {
  params: RequestParams;
  /** File parts of a multipart request. */
  uploads: readonly UploadedFile[];
  clock: SandboxClock;
  /** `http://127.0.0.1:PORT`: the sandbox's own address, for survey links. */
  origin: string;
  tweaks: ExportTweaks;
}

export type Handler = (call: ApiCall) => ApiResult;

/** Methods other than records and files document JSON as their default format. */
export function formatOf(call: ApiCall, fallback: DataFormat = 'json'): DataFormat {
  return parseDataFormat(call.params.choice('format')) ?? fallback;
}

/** The shape of import/delete result bodies: returnFormat, else format, else the given default. */
export function returnFormatOf(call: ApiCall, fallback: DataFormat = 'json'): DataFormat {
  return parseDataFormat(call.params.choice('returnFormat')) ?? parseDataFormat(call.params.choice('format')) ?? fallback;
}

/** Writes one logging entry for the caller, stamped with the server's local time. */
export function writeLog(call: ApiCall, entry: Omit<LogEntry, 'timestamp' | 'username' | 'dag'> & { dag?: string }): void {
  call.project.log.add({ timestamp: call.clock.local(), username: call.user.username, dag: entry.dag ?? call.user.dag, ...entry });
}

export function requireParam(call: ApiCall, name: string): string {
  const value = (call.params.get(name) ?? '').trim();
  if (value === '') throw new ApiError(400, INVENTED_MESSAGES.missingParameter(name));
  return value;
}

/** Refuses users assigned to a DAG, as REDCap does for every DAG method but `switch`. */
export function refuseDagUser(call: ApiCall): void {
  if (call.user.dag !== '') throw new ApiError(403, MESSAGES.dagUser);
}

/** A longitudinal project needs a valid `event`; a classic one ignores it. */
export function eventParam(call: ApiCall): string {
  const schema = call.project.schema;
  if (!schema.isLongitudinal) return '';
  const event = (call.params.get('event') ?? '').trim();
  if (event === '') throw new ApiError(400, INVENTED_MESSAGES.missingParameter('event'));
  if (schema.event(event) === undefined) throw new ApiError(400, MESSAGES.invalidValues('event', [event]));
  return event;
}

/** A count in the requested return format: a bare number in JSON and CSV, `<count>` in XML. */
export function countResult(format: DataFormat, count: number): ApiResult {
  if (format === 'xml') return { status: 200, contentType: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="UTF-8" ?><count>${count}</count>` };
  if (format === 'csv') return { status: 200, contentType: 'text/csv; charset=utf-8', body: String(count) };
  return { status: 200, contentType: 'application/json; charset=utf-8', body: String(count) };
}

/** What file imports and deletions answer: nothing (clients ignore the body). */
export const EMPTY_OK: ApiResult = { status: 200, contentType: 'text/html; charset=utf-8', body: '' };
