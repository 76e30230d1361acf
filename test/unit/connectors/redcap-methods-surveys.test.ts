import { describe, expect, it } from 'vitest';
import { exportParticipantList, exportSurveyAccessCode, exportSurveyLink, exportSurveyQueueLink, exportSurveyReturnCode } from '../../../main/services/connectors/redcap/methods/index.ts';
import { appError, base, reply, scriptedRedcap } from './redcap-methods-harness.ts';

const address = { record: '1', instrument: 'baseline_survey', event: 'event_1_arm_1', repeat_instance: 1 };
const addressFields = { record: '1', instrument: 'baseline_survey', event: 'event_1_arm_1', repeat_instance: '1' };

describe('survey participants', () => {
  it('exports the participant list of an instrument and event', async () => {
    const participant = {
      email: '', email_occurrence: 1, identifier: '', record: '', invitation_sent_status: 0, invitation_send_time: '', response_status: 2,
      survey_access_code: 'KJ7WE9CFY', survey_link: 'https://redcap.example.edu/surveys/?s=KJ7WE9CFY',
    };
    const redcap = await scriptedRedcap(reply.json([participant]));
    expect(await exportParticipantList(redcap.api, { instrument: 'baseline_survey', event: 'event_1_arm_1' })).toEqual([participant]);
    expect(redcap.only().fields).toEqual(base({ content: 'participantList', format: 'json', instrument: 'baseline_survey', event: 'event_1_arm_1' }));
  });

  it('refuses a participant whose response status is text', async () => {
    const redcap = await scriptedRedcap(reply.json([{ email: '', email_occurrence: 1, identifier: '', record: '1', invitation_sent_status: 0, invitation_send_time: '', response_status: 'Completed', survey_access_code: '', survey_link: '' }]));
    expect(await appError(exportParticipantList(redcap.api, { instrument: 's' }))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('response_status') });
  });
});

describe('survey links and codes', () => {
  it('reads the survey link and the queue link', async () => {
    const redcap = await scriptedRedcap(reply.text('https://redcap.example.edu/surveys/?s=KJ7WE9CFY'), reply.text('https://redcap.example.edu/surveys/?sq=ABCD1234'));
    expect(await exportSurveyLink(redcap.api, address)).toBe('https://redcap.example.edu/surveys/?s=KJ7WE9CFY');
    expect(await exportSurveyQueueLink(redcap.api, { record: '1' })).toBe('https://redcap.example.edu/surveys/?sq=ABCD1234');
    expect(redcap.sent.map((sent) => sent.fields)).toEqual([base({ content: 'surveyLink', ...addressFields }), base({ content: 'surveyQueueLink', record: '1' })]);
  });

  it('reads the 9-character access code and the 8-character return code', async () => {
    const redcap = await scriptedRedcap(reply.text('KJ7WE9CFY'), reply.text('RTN4CODE'));
    expect(await exportSurveyAccessCode(redcap.api, address)).toBe('KJ7WE9CFY');
    expect(await exportSurveyReturnCode(redcap.api, address)).toBe('RTN4CODE');
    expect(redcap.sent.map((sent) => sent.fields)).toEqual([base({ content: 'surveyAccessCode', ...addressFields }), base({ content: 'surveyReturnCode', ...addressFields })]);
  });

  it('refuses answers that are not a link or a code of the right length', async () => {
    const redcap = await scriptedRedcap(reply.text('javascript:alert(1)'), reply.text('SHORT'), reply.text('TOO-LONG-CODE'));
    expect(await appError(exportSurveyLink(redcap.api, address))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('http(s) address') });
    expect(await appError(exportSurveyAccessCode(redcap.api, address))).toMatchObject({ message: expect.stringContaining('9-character') });
    expect(await appError(exportSurveyReturnCode(redcap.api, address))).toMatchObject({ message: expect.stringContaining('8-character') });
  });

  it('passes on the refusal for a record that does not exist', async () => {
    const redcap = await scriptedRedcap(reply.csvError('The record "-1" does not exist'));
    expect(await appError(exportSurveyLink(redcap.api, { ...address, record: '-1' }))).toMatchObject({ code: 'SERVICE_ERROR', message: expect.stringContaining('does not exist') });
  });
});
