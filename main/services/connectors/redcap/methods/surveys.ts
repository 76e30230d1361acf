// Surveys: who was invited, and the links and codes that open a record's survey.

import { z } from 'zod';
import type { RedcapApi, RedcapParams } from '../api.ts';
import { parseRedcapText } from '../responses.ts';
import type { SignalOption } from './answers.ts';

export const participantSchema = z.looseObject({
  email: z.string(),
  email_occurrence: z.number().int(),
  identifier: z.string(),
  record: z.union([z.string(), z.number()]).transform(String),
  invitation_sent_status: z.number().int(),
  invitation_send_time: z.string(),
  /** 0 not started, 1 partial, 2 completed. */
  response_status: z.number().int(),
  survey_access_code: z.string(),
  survey_link: z.string(),
});
export type SurveyParticipant = z.infer<typeof participantSchema>;

/** The survey's participant list (public survey participants included). */
export async function exportParticipantList(api: RedcapApi, options: SignalOption & { instrument: string; event?: string }): Promise<SurveyParticipant[]> {
  return api.json({ content: 'participantList', format: 'json', instrument: options.instrument, event: options.event }, z.array(participantSchema), 'the participant list', { signal: options.signal });
}

export interface SurveyAddress extends SignalOption {
  record: string;
  instrument: string;
  /** Longitudinal projects: the unique event name. */
  event?: string;
  repeat_instance?: number;
}

const urlSchema = z.string().trim().refine((text) => {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}, 'expected an http(s) address');
const accessCodeSchema = z.string().trim().regex(/^[A-Za-z0-9]{9}$/, 'expected a 9-character survey access code');
const returnCodeSchema = z.string().trim().regex(/^[A-Za-z0-9]{8}$/, 'expected an 8-character survey return code');

function surveyParams(content: string, options: SurveyAddress): RedcapParams {
  return { content, record: options.record, instrument: options.instrument, event: options.event, repeat_instance: options.repeat_instance };
}

/** The link that opens this record's survey (`…/surveys/?s=…`). */
export async function exportSurveyLink(api: RedcapApi, options: SurveyAddress): Promise<string> {
  return parseRedcapText(await api.text(surveyParams('surveyLink', options), { signal: options.signal }), urlSchema, 'the survey link');
}

/** The link to this record's survey queue (`…/surveys/?sq=…`). */
export async function exportSurveyQueueLink(api: RedcapApi, options: SignalOption & { record: string }): Promise<string> {
  return parseRedcapText(await api.text({ content: 'surveyQueueLink', record: options.record }, { signal: options.signal }), urlSchema, 'the survey queue link');
}

/** The code a participant types at the survey's access page. */
export async function exportSurveyAccessCode(api: RedcapApi, options: SurveyAddress): Promise<string> {
  return parseRedcapText(await api.text(surveyParams('surveyAccessCode', options), { signal: options.signal }), accessCodeSchema, 'the survey access code');
}

/** The code that lets a participant return to a partly completed survey. */
export async function exportSurveyReturnCode(api: RedcapApi, options: SurveyAddress): Promise<string> {
  return parseRedcapText(await api.text(surveyParams('surveyReturnCode', options), { signal: options.signal }), returnCodeSchema, 'the survey return code');
}
