// The project as a whole: its settings, its full XML (metadata and data), the server's version, and
// creating a project with a super token.

import { z } from 'zod';
import type { RedcapApi } from '../api.ts';
import { jsonData } from '../params.ts';
import { parseRedcapText } from '../responses.ts';
import { projectInfoSchema, versionSchema, type RedcapProjectInfo } from '../schemas.ts';
import { sendCountingWrite, type SignalOption } from './answers.ts';

export async function exportProjectInfo(api: RedcapApi, options: SignalOption = {}): Promise<RedcapProjectInfo> {
  return api.json({ content: 'project', format: 'json' }, projectInfoSchema, 'project information', { signal: options.signal });
}

/** The settings REDCap lets the API change; flags are 0/1 as in the export. */
export interface ProjectSettings {
  project_title?: string;
  project_language?: string;
  purpose?: 0 | 1 | 2 | 3 | 4;
  purpose_other?: string;
  project_notes?: string;
  custom_record_label?: string;
  secondary_unique_field?: string;
  is_longitudinal?: 0 | 1;
  surveys_enabled?: 0 | 1;
  scheduling_enabled?: 0 | 1;
  record_autonumbering_enabled?: 0 | 1;
  randomization_enabled?: 0 | 1;
  project_irb_number?: string;
  project_grant_number?: string;
  project_pi_firstname?: string;
  project_pi_lastname?: string;
  display_today_now_button?: 0 | 1;
}

/** Changes project settings; answers how many values REDCap accepted (unchanged ones included). */
export async function importProjectSettings(api: RedcapApi, options: SignalOption & { data: ProjectSettings }): Promise<number> {
  // Setting the same values twice leaves the same settings, so a retry is harmless. REDCap takes one
  // object here, in the shape of the project information export, not an array.
  return sendCountingWrite(api, { content: 'project_settings', action: 'import', data: jsonData(options.data) }, 'the number of accepted settings', { signal: options.signal, idempotent: true });
}

export interface ProjectXmlOptions extends SignalOption {
  /** Only the metadata (instruments, events, settings), no records. */
  returnMetadataOnly?: boolean;
  records?: ReadonlyArray<string>;
  fields?: ReadonlyArray<string>;
  events?: ReadonlyArray<string>;
  exportSurveyFields?: boolean;
  exportDataAccessGroups?: boolean;
  filterLogic?: string;
  /** Embed uploaded files (base64) in the XML; big. */
  exportFiles?: boolean;
}

const odmSchema = z.string().refine((text) => /^\s*<\?xml[^>]*\?>/.test(text) && /<ODM[\s>]/.test(text), 'expected a CDISC ODM XML document');

/** The whole project as CDISC ODM XML (REDCap's "Project XML"), e.g. to copy a project. */
export async function exportProjectXml(api: RedcapApi, options: ProjectXmlOptions = {}): Promise<string> {
  const text = await api.text({
    content: 'project_xml',
    returnMetadataOnly: options.returnMetadataOnly,
    records: options.records,
    fields: options.fields,
    events: options.events,
    exportSurveyFields: options.exportSurveyFields,
    exportDataAccessGroups: options.exportDataAccessGroups,
    filterLogic: options.filterLogic,
    exportFiles: options.exportFiles,
  }, { signal: options.signal });
  return parseRedcapText(text, odmSchema, 'the project XML');
}

export async function exportVersion(api: RedcapApi, options: SignalOption = {}): Promise<string> {
  const text = await api.text({ content: 'version', format: 'json' }, { signal: options.signal });
  return parseRedcapText(text, versionSchema, 'the REDCap version');
}

export interface NewProject {
  project_title: string;
  /** 0 practice, 1 other (say which in purpose_other), 2 research, 3 quality improvement, 4 operational support. */
  purpose: 0 | 1 | 2 | 3 | 4;
  purpose_other?: string;
  project_notes?: string;
  is_longitudinal?: 0 | 1;
  surveys_enabled?: 0 | 1;
  record_autonumbering_enabled?: 0 | 1;
}

// REDCap may write SQL text before the token when `odm` is given (PyCap's fixture keeps the last 32
// characters), so the token is taken from the end of the answer.
const newTokenSchema = z.string().trim().regex(/(^|[^0-9A-F])[0-9A-F]{32}$/, 'a 32-character API token').transform((text) => text.slice(-32));

/**
 * Creates a project; `api` must carry a 64-character super token. Answers the new project's API
 * token, which is a secret: store it in the vault, never log it.
 */
export async function createProject(api: RedcapApi, options: SignalOption & { data: NewProject; odm?: string }): Promise<string> {
  // Each attempt would create another project.
  const text = await api.text({ content: 'project', format: 'json', data: jsonData([options.data]), odm: options.odm }, { signal: options.signal, idempotent: false });
  return parseRedcapText(text, newTokenSchema, 'the new project token');
}
