// Surveys (participantList, surveyLink, surveyQueueLink, surveyAccessCode, surveyReturnCode) and
// instrument PDFs. Survey links point at the sandbox itself: `<origin>/surveys/?s=<hash>`.

import { eventParam, formatOf, requireParam } from './api-call.ts';
import type { ApiCall } from './api-call.ts';
import { encodeTable, ok } from './encoding.ts';
import type { ApiResult } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES, MESSAGES } from './errors.ts';
import { fileResult, instanceParam, rowSpecFor } from './file-methods.ts';
import { simplePdf } from './pdf.ts';
import type { RowReader } from './record-store.ts';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const HASH_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A stable code for (project, purpose, parts): the same survey always gets the same link and codes. */
export function stableCode(parts: readonly string[], length: number, alphabet = CODE_ALPHABET): string {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0001')) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  let code = '';
  for (let i = 0; i < length; i++) {
    hash = Math.imul(hash ^ (hash >>> 13), 0x5bd1e995) >>> 0;
    hash = (hash ^ (hash >>> 15)) >>> 0;
    code += alphabet[hash % alphabet.length];
  }
  return code;
}

interface SurveyTarget {
  record: string;
  instrument: string;
  event: string;
  instance: number;
}

function surveyInstrument(call: ApiCall): string {
  const instrument = requireParam(call, 'instrument');
  const definition = call.project.schema.instrument(instrument);
  if (definition === undefined) throw new ApiError(400, MESSAGES.invalidValues('instrument', [instrument]));
  if (definition.survey !== true) throw new ApiError(400, INVENTED_MESSAGES.notSurvey(instrument));
  return instrument;
}

function visibleRecord(call: ApiCall, record: string): void {
  const { store } = call.project;
  if (!store.has(record) || (call.user.dag !== '' && store.dag(record) !== call.user.dag)) throw new ApiError(400, MESSAGES.recordMissing(record));
}

function surveyTarget(call: ApiCall): SurveyTarget {
  const instrument = surveyInstrument(call);
  const record = requireParam(call, 'record');
  visibleRecord(call, record);
  return { record, instrument, event: eventParam(call), instance: instanceParam(call) };
}

function hashOf(call: ApiCall, target: SurveyTarget): string {
  return stableCode([String(call.project.projectId), 'survey', target.record, target.instrument, target.event, String(target.instance)], 10, HASH_ALPHABET);
}

export function surveyLinkMethod(call: ApiCall): ApiResult {
  return ok('text', `${call.origin}/surveys/?s=${hashOf(call, surveyTarget(call))}`);
}

export function surveyQueueLinkMethod(call: ApiCall): ApiResult {
  const record = requireParam(call, 'record');
  visibleRecord(call, record);
  return ok('text', `${call.origin}/surveys/?sq=${stableCode([String(call.project.projectId), 'queue', record], 10, HASH_ALPHABET)}`);
}

/** Access codes have 9 characters, return codes 8 (PyCap's integration tests check both). */
export function surveyCodeMethod(kind: 'access' | 'return'): (call: ApiCall) => ApiResult {
  return (call) => {
    const target = surveyTarget(call);
    return ok('text', stableCode([String(call.project.projectId), kind, target.record, target.instrument, target.event, String(target.instance)], kind === 'access' ? 9 : 8));
  };
}

const PARTICIPANT_KEYS = [
  'email', 'email_occurrence', 'identifier', 'record', 'invitation_sent_status', 'invitation_send_time', 'response_status',
  'survey_access_code', 'survey_link',
] as const;

/** Every record of the survey's event is a participant; response_status 0 none, 1 partial, 2 complete. */
export function participantListMethod(call: ApiCall): ApiResult {
  const { project } = call;
  const { schema, store } = project;
  const instrument = surveyInstrument(call);
  const event = eventParam(call);
  const emailField = schema.fields.find((field) => field.validation === 'email')?.name;
  const rows: Array<Record<string, string | number>> = [];
  for (const record of store.ids()) {
    if (call.user.dag !== '' && store.dag(record) !== call.user.dag) continue;
    const reader = store.read({ record, ...rowSpecFor(schema, event, instrument, 1) });
    const eventRow = schema.isLongitudinal ? store.readEvent(record, event) : reader;
    const email = emailField === undefined ? '' : eventRow.value(emailField) || store.readEvent(record, schema.firstEvent()).value(emailField);
    const status = reader.formStatus(instrument);
    const target = { record, instrument, event, instance: 1 };
    rows.push({
      email,
      email_occurrence: 1,
      identifier: '',
      record,
      invitation_sent_status: email === '' ? 0 : 1,
      invitation_send_time: email === '' ? '' : store.times(record).created,
      response_status: status === '' ? 0 : status === '2' ? 2 : 1,
      survey_access_code: stableCode([String(project.projectId), 'access', record, instrument, event, '1'], 9),
      survey_link: `${call.origin}/surveys/?s=${hashOf(call, target)}`,
    });
  }
  const format = formatOf(call);
  return ok(format, encodeTable(format, PARTICIPANT_KEYS, rows));
}

/** content=pdf: one instrument or all, blank or filled in for a record (or all records). */
export function pdfMethod(call: ApiCall): ApiResult {
  const { project, params } = call;
  const { schema, store } = project;
  const instrument = (params.get('instrument') ?? '').trim();
  if (instrument !== '' && !schema.hasInstrument(instrument)) throw new ApiError(400, MESSAGES.invalidValues('instrument', [instrument]));
  const forms = instrument === '' ? schema.instruments.map((form) => form.name) : [instrument];
  const record = (params.get('record') ?? '').trim();
  if (record !== '') visibleRecord(call, record);
  const all = (params.get('allRecords') ?? '') !== '';
  const records = all ? [...store.ids()].slice(0, 50) : record === '' ? [] : [record];
  const lines: string[] = [];
  const describe = (form: string, reader: RowReader | undefined): void => {
    lines.push(`== ${schema.instrument(form)?.label ?? form} ==`);
    for (const field of schema.fieldsOf(form)) {
      const value = reader?.value(field.name) ?? '';
      lines.push(`${field.label}: ${value === '' ? '______________' : value}`);
    }
    lines.push('');
  };
  if (records.length === 0) for (const form of forms) describe(form, undefined);
  for (const id of records) {
    lines.push(`Record ID ${id}`);
    for (const row of store.rows(id)) for (const form of forms) if (store.read(row).hasForm(form)) describe(form, store.read(row));
  }
  const stamp = call.clock.local().slice(0, 16).replace(' ', '_').replace(':', '');
  const name = `${instrument === '' ? 'AllForms' : instrument}${record === '' ? '' : `_${record}`}_${stamp}.pdf`;
  return fileResult({ name, mime: 'application/pdf', data: simplePdf(schema.info.project_title, lines) });
}

