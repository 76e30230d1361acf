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

// Texts the reference records from real servers (§1.3, §1.3.1). Texts it does not record are in
// INVENTED_MESSAGES below, worded like REDCap's own.
export const MESSAGES = {
  noPermission: 'You do not have permissions to use the API',
  noImportRights: 'You do not have API Import/Update privileges',
  invalidContent: 'The value of the parameter "content" is not valid',
  notImplemented: 'The requested method is not implemented.',
  invalidValues: (parameter: string, values: readonly string[]) =>
    `The following values in the parameter "${parameter}" are not valid: ${values.map((value) => `'${value}'`).join(', ')}`,
  classicProject: (what: string) => `You cannot export ${what} for classic projects`,
  fieldsNotFound: (fields: readonly string[]) => `The following fields were not found in the project as real data fields: ${fields.join(', ')}`,
  invalidEventNames: (events: readonly string[]) => `The following values of redcap_event_name are invalid: ${events.join(', ')}`,
  deleteMissing: (records: readonly string[]) =>
    `One or more of the records provided cannot be deleted because they do not exist in the project. The following records do not exist: ${records.join(', ')}`,
  notFileField: (field: string) => `The field '${field}' does not exist or is not a 'file' field`,
  recordMissing: (record: string) => `The record "${record}" does not exist`,
  folderMissing: (folderId: string) =>
    `The File Repository folder folder_id=${folderId} does not exist or else you do not have permission to that folder because it is DAG-restricted or Role-restricted.`,
  // Sic: "beed" and the double full stop are REDCap's (REDCapR issue #556).
  dagUser: 'You do not have permission to export/import/delete Data Access Groups because you have beed assigned to a Data Access Group..',
  outOfMemory: 'REDCap ran out of server memory. The request cannot be processed. Please try importing/exporting a smaller amount of data.',
};

/** Per-row import messages (§1.3.1), exact. */
export const ROW_MESSAGES = {
  invalidFormat: 'The value you provided could not be validated because it does not follow the expected format. Please try again.',
  invalidCategory: (field: string) => `The value is not a valid category for ${field}`,
  notDesignated: (field: string, eventLabel: string) =>
    `This field ('${field}') exists on an instrument that is not designated for the event named '${eventLabel}'. You are not allowed to import data for this field into this event.`,
  repeatColumnsMissing: (field: string, form: string) =>
    `This field ('${field}') exists on a Repeating Instrument named '${form}'. However, the fields 'redcap_repeat_instance' and/or 'redcap_repeat_instrument' for this row of data have no value, which are both required for importing data into a Repeating Instrument.  You are not allowed to import data for this field into a non-repeating instrument.`,
  notRepeatingInstrument:
    'redcap_repeat_instrument must be the unique form name of a Repeating Instrument. It currently does not match the unique form name of any Repeating Instruments.  Please fix this in the data import file and try again.',
  instanceNotAllowed:
    'redcap_repeat_instance cannot have a value since this instrument or event is not a repeating instrument or repeating event, respectively.  The redcap_repeat_instance field must be left blank for this row of data.',
};

// The reference records no text for these cases; they are worded the way REDCap words its own
// errors, and tests pin them so that a later, better-sourced text is a deliberate change.
export const INVENTED_MESSAGES = {
  filterLogic: (detail: string) => `The filterLogic parameter contains invalid syntax: ${detail}`,
  badTime: (parameter: string) => `The value of the parameter "${parameter}" is not valid. It must be in YYYY-MM-DD HH:MM:SS format.`,
  invalidParameter: (parameter: string) => `The value of the parameter "${parameter}" is not valid`,
  missingParameter: (parameter: string) => `The parameter "${parameter}" is missing`,
  classicImport: (what: string) => `You cannot import ${what} for classic projects`,
  productionOnly: (what: string) => `${what} because the project is in production status. This can only be done while the project is in development status.`,
  calcField: 'This field is a calculated field, so its value cannot be imported.',
  fileField: 'This field is a File Upload field, so its value cannot be imported. Use the API method "Import a File" instead.',
  noFile: 'There is no file to download for this record',
  recordExists: (record: string) => `The record "${record}" already exists`,
  otherDag: 'This record belongs to a Data Access Group that you do not have access to.',
  notSurvey: (instrument: string) => `The instrument "${instrument}" is not enabled as a survey`,
  noDag: (dag: string) => `The Data Access Group "${dag}" does not exist or you are not allowed to switch to it`,
  badData: 'The data being imported is not formatted correctly',
  blankRecordId: 'The record ID field cannot be blank.',
  otherInstrument: (field: string, form: string) =>
    `This field ('${field}') does not exist on the Repeating Instrument named '${form}' given in redcap_repeat_instrument, so it cannot be imported in this row of data.`,
  documentMissing: (docId: string) => `The document doc_id=${docId} does not exist`,
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
