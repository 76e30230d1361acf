// The /api/ endpoint: which method a request names, whose token it carries, and who answers it.

import { ApiError, MESSAGES, NO_METHOD_RESULT, errorFormatOf, errorResult } from './errors.ts';
import type { ApiResult } from './encoding.ts';
import type { RequestParams } from './params.ts';
import type { ProjectSchema } from './project-model.ts';
import type { RecordStore } from './record-store.ts';
import { exportRecords } from './records-export.ts';
import type { ExportTweaks } from './records-export.ts';
import {
  exportFieldNames, exportInstruments, exportMetadata, exportProjectInfo, exportVersion, generateNextRecordName,
  refuseForClassic,
} from './project-methods.ts';

export interface SandboxProject {
  name: string;
  token: string;
  projectId: number;
  schema: ProjectSchema;
  store: RecordStore;
}

// Every `content` REDCap knows (reference §1.4). Those the sandbox does not answer yet get 501
// rather than the "not valid" error a misspelt method gets.
const KNOWN_CONTENT = new Set([
  'record', 'metadata', 'exportFieldNames', 'instrument', 'formEventMapping', 'pdf', 'file', 'fileRepository',
  'arm', 'event', 'repeatingFormsEvents', 'project', 'project_settings', 'project_xml', 'version',
  'generateNextRecordName', 'user', 'userRole', 'userRoleMapping', 'dag', 'userDagMapping', 'report', 'log',
  'participantList', 'surveyLink', 'surveyQueueLink', 'surveyAccessCode', 'surveyReturnCode', 'randomization',
  'appRightsCheck', 'fileinfo', 'filesize', 'attachment', 'fieldValidation', 'tableau', 'mycap', 'authkey',
  'projectMigration',
]);

const TOKEN_PATTERN = /^[0-9A-F]{32}$/;

type Handler = (project: SandboxProject, params: RequestParams, tweaks: ExportTweaks) => ApiResult;

/** Imports, deletes and renames arrive in a later slice; until then they are refused, not misread as exports. */
function isWrite(params: RequestParams): boolean {
  const action = params.choice('action');
  return (action !== undefined && action !== 'export') || params.get('data') !== undefined;
}

function readOnly(handler: Handler): Handler {
  return (project, params, tweaks) => {
    if (isWrite(params)) throw new ApiError(501, MESSAGES.notImplemented);
    return handler(project, params, tweaks);
  };
}

const HANDLERS: Record<string, Handler> = {
  version: () => exportVersion(),
  project: readOnly((project, params) => exportProjectInfo(project.schema, params)),
  metadata: readOnly((project, params) => exportMetadata(project.schema, params)),
  instrument: readOnly((project, params) => exportInstruments(project.schema, params)),
  exportFieldNames: readOnly((project, params) => exportFieldNames(project.schema, params)),
  generateNextRecordName: (project) => generateNextRecordName(project.store),
  record: readOnly((project, params, tweaks) => exportRecords(project.schema, project.store, params, tweaks)),
  arm: readOnly((project) => refuseForClassic(project.schema, 'arms')),
  event: readOnly((project) => refuseForClassic(project.schema, 'events')),
  formEventMapping: readOnly((project) => refuseForClassic(project.schema, 'form/event mappings')),
};

/** Whether a request is a record export, the only kind a dropRecords fault can affect. */
export function isRecordExport(params: RequestParams): boolean {
  return params.get('content') === 'record' && !isWrite(params);
}

export function handleApi(projects: ReadonlyMap<string, SandboxProject>, params: RequestParams, tweaks: ExportTweaks): ApiResult {
  const content = params.get('content') ?? '';
  // A request that names no method — a parameterless POST, or none at all — gets REDCap's 501.
  if (params.isEmpty || content === '') return NO_METHOD_RESULT;
  try {
    if (!KNOWN_CONTENT.has(content)) throw new ApiError(400, MESSAGES.invalidContent);
    // The reference only documents 401 for a missing token in a list that also claims 401 for a
    // wrong one, while real servers answer a wrong token with 403. Nothing definite is recorded
    // for a missing token, so it gets the same 403 as an unknown one.
    const token = params.get('token') ?? '';
    const project = TOKEN_PATTERN.test(token) ? projects.get(token) : undefined;
    if (project === undefined) throw new ApiError(403, MESSAGES.noPermission);
    const handler = HANDLERS[content];
    if (handler === undefined) throw new ApiError(501, MESSAGES.notImplemented);
    return handler(project, params, tweaks);
  } catch (error) {
    if (error instanceof ApiError) return errorResult(error.status, error.message, errorFormatOf(params));
    throw error;
  }
}
