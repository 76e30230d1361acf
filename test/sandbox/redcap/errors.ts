import { CONTENT_TYPES, XML_DECLARATION, parseDataFormat, xmlText } from './encoding.ts';
import type { ApiResult, DataFormat } from './encoding.ts';
import type { RequestParams } from './params.ts';

export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const MESSAGES = {
  noPermission: 'You do not have permissions to use the API',
  invalidContent: 'The value of the parameter "content" is not valid',
  notImplemented: 'The requested method is not implemented.',
  invalidValues: (parameter: string, values: readonly string[]) =>
    `The following values in the parameter "${parameter}" are not valid: ${values.map((value) => `'${value}'`).join(', ')}`,
  classicProject: (what: string) => `You cannot export ${what} for classic projects`,
};

// The per-method API help lists `json [default]` for these; records and files default to xml, and
// so does REDCap's generic API layer when it cannot tell which method was meant.
const JSON_DEFAULT_CONTENT = new Set([
  'arm', 'dag', 'event', 'exportFieldNames', 'formEventMapping', 'instrument', 'log', 'metadata',
  'project', 'user', 'userRole', 'userRoleMapping', 'userDagMapping', 'fileRepository',
  'repeatingFormsEvents', 'version', 'generateNextRecordName',
]);

/** The shape of an error body: returnFormat, else format, else the method's documented default. */
export function errorFormatOf(params: RequestParams): DataFormat {
  const explicit = parseDataFormat(params.choice('returnFormat')) ?? parseDataFormat(params.choice('format'));
  if (explicit !== undefined) return explicit;
  return JSON_DEFAULT_CONTENT.has(params.get('content') ?? '') ? 'json' : 'xml';
}

export function errorResult(status: number, message: string, format: DataFormat): ApiResult {
  if (format === 'json') {
    return { status, contentType: CONTENT_TYPES.json, body: JSON.stringify({ error: message }) };
  }
  if (format === 'csv') return { status, contentType: CONTENT_TYPES.csv, body: `ERROR: ${message}` };
  return {
    status,
    contentType: CONTENT_TYPES.xml,
    body: `${XML_DECLARATION}\n<hash>\n  <error>${xmlText(message)}</error>\n</hash>`,
  };
}

/** What REDCap sends for a GET or a parameterless POST, byte for byte (reference §1.1). */
export const NO_METHOD_RESULT: ApiResult = {
  status: 501,
  contentType: CONTENT_TYPES.xml,
  body: `${XML_DECLARATION}<hash><error>${MESSAGES.notImplemented}</error></hash>`,
};
