// The /api/ endpoint: which method a request names, whose token it carries, whether that user may
// call it, and who answers it.

import type { ApiCall, ExportTweaks, Handler } from './api-call.ts';
import type { SandboxClock } from './clock.ts';
import { ApiError, MESSAGES, NO_METHOD_RESULT, errorFormatOf, errorResult } from './errors.ts';
import type { ApiResult } from './encoding.ts';
import type { UploadedFile } from './multipart.ts';
import type { RequestParams } from './params.ts';
import type { SandboxProject } from './project-state.ts';
import { dagMethod, userDagMappingMethod } from './dag-methods.ts';
import { armMethod, eventMethod, formEventMappingMethod, repeatingMethod } from './design-methods.ts';
import { fileMethod } from './file-methods.ts';
import { logMethod } from './log-methods.ts';
import { metadataMethod } from './metadata-import.ts';
import {
  exportFieldNames, exportInstruments, exportProjectInfo, exportVersion, generateNextRecordName, importProjectSettings,
} from './project-methods.ts';
import { projectXmlMethod } from './project-xml.ts';
import { recordMethod } from './records-method.ts';
import { reportMethod } from './report-methods.ts';
import { repositoryMethod } from './repository-methods.ts';
import { participantListMethod, pdfMethod, surveyCodeMethod, surveyLinkMethod, surveyQueueLinkMethod } from './survey-methods.ts';
import { userMethod, userRoleMappingMethod, userRoleMethod } from './user-methods.ts';

export type { SandboxProject } from './project-state.ts';

/** A token's grant: one user of one project. */
export interface TokenGrant {
  project: SandboxProject;
  username: string;
}

export interface ApiContext {
  tokens: ReadonlyMap<string, TokenGrant>;
  clock: SandboxClock;
  origin: string;
}

// Every `content` REDCap knows (reference §1.4). Those the sandbox does not answer get 501 rather
// than the "not valid" error a misspelt method gets.
const KNOWN_CONTENT = new Set([
  'record', 'metadata', 'exportFieldNames', 'instrument', 'formEventMapping', 'pdf', 'file', 'fileRepository',
  'arm', 'event', 'repeatingFormsEvents', 'project', 'project_settings', 'project_xml', 'version',
  'generateNextRecordName', 'user', 'userRole', 'userRoleMapping', 'dag', 'userDagMapping', 'report', 'log',
  'participantList', 'surveyLink', 'surveyQueueLink', 'surveyAccessCode', 'surveyReturnCode', 'randomization',
  'appRightsCheck', 'fileinfo', 'filesize', 'attachment', 'fieldValidation', 'tableau', 'mycap', 'authkey',
  'projectMigration',
]);

const TOKEN_PATTERN = /^[0-9A-F]{32}$/;

const HANDLERS: Record<string, Handler> = {
  version: () => exportVersion(),
  project: (call) => {
    // Creating projects takes a 64-character super token, which no sandbox token is.
    if (call.params.get('data') !== undefined) throw new ApiError(403, MESSAGES.noPermission);
    return exportProjectInfo(call);
  },
  project_settings: importProjectSettings,
  metadata: metadataMethod,
  instrument: exportInstruments,
  exportFieldNames,
  generateNextRecordName,
  record: recordMethod,
  arm: armMethod,
  event: eventMethod,
  formEventMapping: formEventMappingMethod,
  repeatingFormsEvents: repeatingMethod,
  file: fileMethod,
  fileRepository: repositoryMethod,
  user: userMethod,
  userRole: userRoleMethod,
  userRoleMapping: userRoleMappingMethod,
  dag: dagMethod,
  userDagMapping: userDagMappingMethod,
  report: reportMethod,
  log: logMethod,
  project_xml: projectXmlMethod,
  pdf: pdfMethod,
  participantList: participantListMethod,
  surveyLink: surveyLinkMethod,
  surveyQueueLink: surveyQueueLinkMethod,
  surveyAccessCode: surveyCodeMethod('access'),
  surveyReturnCode: surveyCodeMethod('return'),
};

const WRITE_ACTIONS = new Set(['import', 'delete', 'rename', 'createfolder']);

/** Imports, deletions and renames need API import rights; everything else needs export rights. */
export function isWrite(params: RequestParams): boolean {
  const action = params.choice('action');
  if (action !== undefined) return WRITE_ACTIONS.has(action);
  return params.get('data') !== undefined;
}

/** Whether a request is a record export, the only kind a dropRecords fault can affect. */
export function isRecordExport(params: RequestParams): boolean {
  return params.get('content') === 'record' && !isWrite(params);
}

// REDCap logs the API exports it serves; these are the entries the sandbox writes for them.
const EXPORT_LOG: Record<string, { action: string; details: string; kind: 'export' | 'manage' }> = {
  record: { action: 'Data export', details: 'Export records (API)', kind: 'export' },
  report: { action: 'Data export', details: 'Export report (API)', kind: 'export' },
  project_xml: { action: 'Data export', details: 'Export entire project as REDCap XML file (API)', kind: 'export' },
  metadata: { action: 'Manage/Design', details: 'Export data dictionary (API)', kind: 'manage' },
  instrument: { action: 'Manage/Design', details: 'Export instruments (API)', kind: 'manage' },
  project: { action: 'Manage/Design', details: 'Export project information (API)', kind: 'manage' },
  arm: { action: 'Manage/Design', details: 'Export arms (API)', kind: 'manage' },
  event: { action: 'Manage/Design', details: 'Export events (API)', kind: 'manage' },
  formEventMapping: { action: 'Manage/Design', details: 'Export instrument-event mappings (API)', kind: 'manage' },
  dag: { action: 'Manage/Design', details: 'Export DAGs (API)', kind: 'manage' },
  user: { action: 'Manage/Design', details: 'Export users (API)', kind: 'manage' },
  userRole: { action: 'Manage/Design', details: 'Export user roles (API)', kind: 'manage' },
  log: { action: 'Manage/Design', details: 'Export Logging (API)', kind: 'manage' },
};

export function handleApi(context: ApiContext, params: RequestParams, uploads: readonly UploadedFile[], tweaks: ExportTweaks): ApiResult {
  const content = params.get('content') ?? '';
  // A request that names no method — a parameterless POST, or none at all — gets REDCap's 501.
  if (params.isEmpty || content === '') return NO_METHOD_RESULT;
  try {
    if (!KNOWN_CONTENT.has(content)) throw new ApiError(400, MESSAGES.invalidContent);
    // The reference only documents 401 for a missing token in a list that also claims 401 for a
    // wrong one, while real servers answer a wrong token with 403. Nothing definite is recorded
    // for a missing token, so it gets the same 403 as an unknown one.
    const token = params.get('token') ?? '';
    const grant = TOKEN_PATTERN.test(token) ? context.tokens.get(token) : undefined;
    const user = grant?.project.people.users.get(grant.username);
    if (grant === undefined || user === undefined) throw new ApiError(403, MESSAGES.noPermission);
    const rights = grant.project.people.effective(user).rights;
    const write = isWrite(params);
    if (write && rights.api_import !== 1) throw new ApiError(403, MESSAGES.noImportRights);
    if (!write && rights.api_export !== 1) throw new ApiError(403, MESSAGES.noPermission);
    const handler = HANDLERS[content];
    if (handler === undefined) throw new ApiError(501, MESSAGES.notImplemented);
    const call: ApiCall = { project: grant.project, user, params, uploads, clock: context.clock, origin: context.origin, tweaks };
    const result = handler(call);
    const logged = EXPORT_LOG[content];
    const action = params.choice('action');
    if (!write && (action === undefined || action === 'export') && logged !== undefined && result.status === 200) {
      grant.project.log.add({ timestamp: context.clock.local(), username: user.username, dag: user.dag, record: '', ...logged });
    }
    return result;
  } catch (error) {
    if (error instanceof ApiError) return errorResult(error.status, error.message, errorFormatOf(params));
    throw error;
  }
}
