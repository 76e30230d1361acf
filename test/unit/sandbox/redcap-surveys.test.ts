import { describe, expect, it } from 'vitest';
import { TOKENS, errorOf, jsonArray, parseCsv, post, postAs, postForBytes, useSandbox } from './redcap-http.ts';
import type { Entries } from './redcap-http.ts';

const PARTICIPANT_KEYS = ['email', 'email_occurrence', 'identifier', 'record', 'invitation_sent_status', 'invitation_send_time', 'response_status', 'survey_access_code', 'survey_link'];

describe('REDCap sandbox: surveys', () => {
  const sandbox = useSandbox({ records: 25 });
  const survey = (content: string, extra: Entries = []): ReturnType<typeof post> =>
    post(sandbox(), [['content', content], ['format', 'json'], ['returnFormat', 'json'], ['instrument', 'medical_history'], ...extra]);
  const origin = (): string => new URL(sandbox().url).origin;

  it("links to the sandbox's own survey page, the same link every time", async () => {
    const link = await survey('surveyLink', [['record', '3']]);
    expect(link.contentType).toBe('text/plain; charset=utf-8');
    expect(link.text).toMatch(new RegExp(`^${origin()}/surveys/\\?s=[A-Z0-9]{10}$`));
    expect((await survey('surveyLink', [['record', '3']])).text).toBe(link.text);
    expect((await survey('surveyLink', [['record', '4']])).text).not.toBe(link.text);
    const page = await fetch(link.text);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const queue = await post(sandbox(), [['content', 'surveyQueueLink'], ['record', '3']]);
    expect(queue.text).toMatch(new RegExp(`^${origin()}/surveys/\\?sq=[A-Z0-9]{10}$`));
  });

  it('hands out 9-character access codes and 8-character return codes', async () => {
    const access = (await survey('surveyAccessCode', [['record', '3']])).text;
    const back = (await survey('surveyReturnCode', [['record', '3']])).text;
    expect(access).toMatch(/^[A-Z0-9]{9}$/);
    expect(back).toMatch(/^[A-Z0-9]{8}$/);
    expect((await survey('surveyAccessCode', [['record', '5']])).text).not.toBe(access);
  });

  it('refuses instruments that are no surveys and records that do not exist', async () => {
    const notSurvey = await post(sandbox(), [['content', 'surveyLink'], ['returnFormat', 'json'], ['record', '3'], ['instrument', 'enrollment']]);
    expect([notSurvey.status, errorOf(notSurvey)]).toEqual([400, 'The instrument "enrollment" is not enabled as a survey']);
    const missing = await survey('surveyLink', [['record', '-1']]);
    expect([missing.status, errorOf(missing)]).toEqual([400, 'The record "-1" does not exist']);
    const longitudinal = await postAs(sandbox(), TOKENS.heartFailure, [['content', 'participantList'], ['format', 'json'], ['instrument', 'screening'], ['event', 'screening_arm_1']]);
    expect(errorOf(longitudinal)).toBe('The instrument "screening" is not enabled as a survey');
  });

  it('lists one participant per record with response status, code and link', async () => {
    const list = jsonArray((await survey('participantList')).text);
    expect(list).toHaveLength(25);
    for (const participant of list) expect(Object.keys(participant)).toEqual(PARTICIPANT_KEYS);
    const statuses = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['fields', 'record_id,email,medical_history_complete'], ['exportBlankForGrayFormStatus', 'true']])).text);
    list.forEach((participant, i) => {
      const record = statuses[i] ?? {};
      expect(participant.record).toBe(record.record_id);
      expect(participant.email).toBe(record.email);
      expect(participant.response_status).toBe(record.medical_history_complete === '' ? 0 : record.medical_history_complete === '2' ? 2 : 1);
      expect(participant.invitation_sent_status).toBe(record.email === '' ? 0 : 1);
      expect(participant.email_occurrence).toBe(1);
    });
    expect(new Set(list.map((participant) => participant.response_status))).toEqual(new Set([0, 1, 2]));
    expect(list[2]?.survey_link).toBe((await survey('surveyLink', [['record', '3']])).text);
    expect(list[2]?.survey_access_code).toBe((await survey('surveyAccessCode', [['record', '3']])).text);
  });

  it('adds the survey identifier and timestamp columns with exportSurveyFields', async () => {
    const csv = parseCsv((await post(sandbox(), [['content', 'record'], ['format', 'csv'], ['fields', 'record_id,smoking_status,sbp'], ['exportSurveyFields', 'true']])).text);
    expect(csv[0]).toEqual(['record_id', 'redcap_survey_identifier', 'medical_history_timestamp', 'smoking_status', 'sbp']);
    const list = jsonArray((await survey('participantList')).text);
    csv.slice(1).forEach((row, i) => {
      const status = list[i]?.response_status;
      if (status === 2) expect(row[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      else expect(row[2]).toBe(status === 1 ? '[not completed]' : '');
    });
  });
});

describe('REDCap sandbox: instrument PDFs', () => {
  const sandbox = useSandbox({ records: 10, now: new Date('2025-02-03T15:04:00Z') });

  it('answers a PDF with its file name in the Content-Type header', async () => {
    const blank = await postForBytes(sandbox(), [['content', 'pdf'], ['instrument', 'enrollment']]);
    expect(blank.status).toBe(200);
    expect(blank.contentType).toBe('application/pdf; name="enrollment_2025-02-03_0904.pdf"');
    expect(blank.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const filled = await postForBytes(sandbox(), [['content', 'pdf'], ['instrument', 'enrollment'], ['record', '1']]);
    expect(filled.contentType).toBe('application/pdf; name="enrollment_1_2025-02-03_0904.pdf"');
    expect(filled.body.toString('latin1')).toContain('(Medical record number \\(MRN\\): 000123) Tj');
    const all = await postForBytes(sandbox(), [['content', 'pdf'], ['allRecords', '1']]);
    expect(all.body.length).toBeGreaterThan(filled.body.length);
    // The xref table points at each object exactly.
    const text = all.body.toString('latin1');
    const start = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(start, start + 4)).toBe('xref');
  });

  it('refuses unknown instruments and records', async () => {
    const instrument = await post(sandbox(), [['content', 'pdf'], ['returnFormat', 'json'], ['instrument', 'nope']]);
    expect(errorOf(instrument)).toBe(`The following values in the parameter "instrument" are not valid: 'nope'`);
    const record = await post(sandbox(), [['content', 'pdf'], ['returnFormat', 'json'], ['record', '99']]);
    expect(errorOf(record)).toBe('The record "99" does not exist');
  });
});
