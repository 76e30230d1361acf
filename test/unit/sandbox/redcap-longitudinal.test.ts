import { describe, expect, it } from 'vitest';
import { TOKENS, csvObjects, errorOf, importJson, jsonArray, parseCsv, postAs, useSandbox } from './redcap-http.ts';
import type { Entries, Reply } from './redcap-http.ts';

const FLAT_COLUMNS = [
  'study_id', 'redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance',
  'screen_date', 'initials', 'age_at_screening', 'nyha_class', 'eligible', 'consent_date', 'screening_complete',
  'sex', 'ethnicity', 'email', 'phone', 'demographics_complete',
  'visit_date', 'visit_time', 'weight_kg', 'sbp', 'heart_rate', 'symptoms___1', 'symptoms___2', 'symptoms___3', 'symptoms___4', 'vitals_complete',
  'lab_datetime', 'potassium', 'creatinine', 'ntprobnp', 'egfr', 'labs_complete',
  'ae_term', 'ae_onset', 'ae_severity', 'ae_serious', 'ae_report', 'adverse_events_complete',
  'completion_date', 'study_status', 'completion_notes', 'completion_complete',
];

describe('REDCap sandbox: longitudinal project with repeating instruments and events', () => {
  const sandbox = useSandbox({ records: 30 });
  const ask = (entries: Entries): Promise<Reply> => postAs(sandbox(), TOKENS.heartFailure, entries);
  const rowsOf = async (entries: Entries): Promise<Array<Record<string, unknown>>> => jsonArray((await ask([['content', 'record'], ['format', 'json'], ...entries])).text);
  const place = (row: Record<string, unknown>): string =>
    `${String(row.redcap_event_name)}${row.redcap_repeat_instrument ? `:${String(row.redcap_repeat_instrument)}` : ''}${row.redcap_repeat_instance !== '' ? `#${String(row.redcap_repeat_instance)}` : ''}`;

  it('exports one row per record-event and instance, in REDCap\'s column order', async () => {
    const csv = await ask([['content', 'record'], ['format', 'csv']]);
    expect(parseCsv(csv.text)[0]).toEqual(FLAT_COLUMNS);
    expect(FLAT_COLUMNS).toHaveLength(42);
    const rows = await rowsOf([['records', '1,12,8']]);
    expect(rows.map((row) => `${String(row.study_id)} ${place(row)}`)).toEqual([
      '1 screening_arm_1', '1 baseline_arm_1', '1 month_3_arm_1', '1 month_6_arm_1',
      '1 month_6_arm_1:adverse_events#1', '1 month_6_arm_1:adverse_events#2',
      '8 screening_arm_2', '8 baseline_arm_2', '8 baseline_arm_2:adverse_events#1', '8 baseline_arm_2:adverse_events#2',
      '12 screening_arm_1', '12 baseline_arm_1', '12 month_3_arm_1', '12 unscheduled_arm_1#1',
    ]);
  });

  it('sends redcap_repeat_instance as a JSON number, and only repeat-row values in repeat rows', async () => {
    const rows = await rowsOf([['records', '1'], ['fields', 'study_id,sbp,symptoms,ae_term,ae_serious,eligible']]);
    const ae = rows.find((row) => row.redcap_repeat_instance === 2);
    expect(ae).toEqual({
      study_id: '1', redcap_event_name: 'month_6_arm_1', redcap_repeat_instrument: 'adverse_events', redcap_repeat_instance: 2,
      eligible: '', sbp: '', symptoms___1: '', symptoms___2: '', symptoms___3: '', symptoms___4: '', ae_term: 'Hyperkalaemia', ae_serious: '0',
    });
    expect(rows[0]).toMatchObject({ redcap_event_name: 'screening_arm_1', redcap_repeat_instance: '', eligible: '1', sbp: '', symptoms___1: '0' });
    for (const row of rows) if (row.redcap_repeat_instance !== '') expect(typeof row.redcap_repeat_instance).toBe('number');
    const unscheduled = (await rowsOf([['records', '12'], ['fields', 'study_id'], ['events', 'unscheduled_arm_1']]));
    expect(unscheduled).toEqual([{ study_id: '12', redcap_event_name: 'unscheduled_arm_1', redcap_repeat_instrument: '', redcap_repeat_instance: 1 }]);
  });

  it('leaves forms that are not on an event blank, status included', async () => {
    const [screening, baseline] = await rowsOf([['records', '2'], ['fields', 'study_id,screening_complete,labs_complete,completion_complete']]);
    expect(screening).toMatchObject({ screening_complete: '2', labs_complete: '', completion_complete: '' });
    expect(baseline).toMatchObject({ screening_complete: '', labs_complete: '2', completion_complete: '' });
  });

  it('labels events with their arm, repeat instruments with their label, and CSV headers with field labels', async () => {
    const csv = await ask([['content', 'record'], ['format', 'csv'], ['records', '1'], ['fields', 'study_id,sbp'], ['rawOrLabel', 'label'], ['rawOrLabelHeaders', 'label']]);
    expect(csv.text).toBe(
      '"Study ID","Event Name","Repeat Instrument","Repeat Instance","Systolic blood pressure (mmHg)"\n' +
      '1,"Screening (Arm 1: Intervention)",,,\n1,"Baseline (Arm 1: Intervention)",,,155\n1,"Month 3 (Arm 1: Intervention)",,,117\n' +
      '1,"Month 6 (Arm 1: Intervention)",,,127\n1,"Month 6 (Arm 1: Intervention)","Adverse Events",1,\n1,"Month 6 (Arm 1: Intervention)","Adverse Events",2,\n',
    );
  });

  it('exports EAV with event and repeat columns, checkboxes as their checked codes', async () => {
    const eav = jsonArray((await ask([['content', 'record'], ['format', 'json'], ['type', 'eav'], ['records', '1'], ['fields', 'ae_term,symptoms'], ['events', 'month_6_arm_1']])).text);
    expect(eav).toEqual([
      { record: '1', redcap_event_name: 'month_6_arm_1', redcap_repeat_instrument: '', redcap_repeat_instance: '', field_name: 'symptoms', value: '3' },
      { record: '1', redcap_event_name: 'month_6_arm_1', redcap_repeat_instrument: 'adverse_events', redcap_repeat_instance: 1, field_name: 'ae_term', value: 'Dizziness' },
      { record: '1', redcap_event_name: 'month_6_arm_1', redcap_repeat_instrument: 'adverse_events', redcap_repeat_instance: 2, field_name: 'ae_term', value: 'Hyperkalaemia' },
    ]);
  });

  it('leaves the pseudo-columns out when the record-ID field is not asked for', async () => {
    const rows = await rowsOf([['records', '3'], ['fields', 'sex']]);
    expect(rows).toEqual([{ sex: '' }, { sex: expect.stringMatching(/^[12]$/) }]);
  });

  it('refuses unknown event names in an export', async () => {
    const reply = await ask([['content', 'record'], ['format', 'json'], ['events', 'baseline_arm_1,visit_9_arm_1']]);
    expect([reply.status, errorOf(reply)]).toEqual([400, "The following values in the parameter \"events\" are not valid: 'visit_9_arm_1'"]);
  });

  it('checks event designation and the repeat columns with REDCap\'s texts', async () => {
    const reply = await importJson(sandbox(), [
      { study_id: '2', redcap_event_name: 'screening_arm_1', sbp: '120' },
      { study_id: '2', redcap_event_name: 'baseline_arm_1', ae_term: 'Cough' },
      { study_id: '2', redcap_event_name: 'baseline_arm_1', redcap_repeat_instrument: 'vitals', redcap_repeat_instance: '1', sbp: '120' },
      { study_id: '2', redcap_event_name: 'month_3_arm_1', redcap_repeat_instance: '2', sbp: '120' },
    ], [], TOKENS.heartFailure);
    expect(errorOf(reply).split('\n')).toEqual([
      `"2","sbp","120","This field ('sbp') exists on an instrument that is not designated for the event named 'Screening (Arm 1: Intervention)'. You are not allowed to import data for this field into this event."`,
      `"2","ae_term","Cough","This field ('ae_term') exists on a Repeating Instrument named 'adverse_events'. However, the fields 'redcap_repeat_instance' and/or 'redcap_repeat_instrument' for this row of data have no value, which are both required for importing data into a Repeating Instrument.  You are not allowed to import data for this field into a non-repeating instrument."`,
      '"2","redcap_repeat_instrument","vitals","redcap_repeat_instrument must be the unique form name of a Repeating Instrument. It currently does not match the unique form name of any Repeating Instruments.  Please fix this in the data import file and try again."',
      '"2","redcap_repeat_instance","2","redcap_repeat_instance cannot have a value since this instrument or event is not a repeating instrument or repeating event, respectively.  The redcap_repeat_instance field must be left blank for this row of data."',
    ]);
    const events = await importJson(sandbox(), [{ study_id: '2', redcap_event_name: 'visit_11_arm_1' }, { study_id: '3', redcap_event_name: 'visit_12_arm_1' }], [], TOKENS.heartFailure);
    expect(errorOf(events)).toBe('The following values of redcap_event_name are invalid: visit_11_arm_1, visit_12_arm_1');
  });

  it('validates time, alpha_only, number_2dp, datetime with seconds, integer, MDY-displayed dates and yes/no', async () => {
    const FORMAT = 'The value you provided could not be validated because it does not follow the expected format. Please try again.';
    const bad = await importJson(sandbox(), [
      { study_id: '3', redcap_event_name: 'screening_arm_2', initials: 'A1', age_at_screening: '64.5', eligible: '2', consent_date: '2024-02-30' },
      { study_id: '3', redcap_event_name: 'baseline_arm_2', visit_time: '25:00', potassium: '4.5', lab_datetime: '2024-01-01 10:00' },
    ], [], TOKENS.heartFailure);
    expect(errorOf(bad).split('\n')).toEqual([
      `"3","initials","A1","${FORMAT}"`,
      `"3","age_at_screening","64.5","${FORMAT}"`,
      '"3","eligible","2","The value is not a valid category for eligible"',
      `"3","consent_date","2024-02-30","${FORMAT}"`,
      `"3","visit_time","25:00","${FORMAT}"`,
      `"3","potassium","4.5","${FORMAT}"`,
      `"3","lab_datetime","2024-01-01 10:00","${FORMAT}"`,
    ]);
    const good = await importJson(sandbox(), [
      { study_id: '3', redcap_event_name: 'screening_arm_2', initials: 'ab', age_at_screening: '+64', eligible: '1', consent_date: '2024-02-29' },
      { study_id: '3', redcap_event_name: 'baseline_arm_2', visit_time: '9:05', potassium: '4.50', lab_datetime: '2024-01-01 10:00:05' },
    ], [], TOKENS.heartFailure);
    expect(good.text).toBe('{"count":1}');
    const rows = await rowsOf([['records', '3'], ['fields', 'initials,consent_date,visit_time,lab_datetime']]);
    expect(rows).toEqual([
      { initials: 'ab', consent_date: '2024-02-29', visit_time: '', lab_datetime: '' },
      { initials: '', consent_date: '', visit_time: '9:05', lab_datetime: '2024-01-01 10:00:05' },
    ]);
  });

  it('puts rows without an event on the first event, and numbers new instances', async () => {
    const first = await importJson(sandbox(), [{ study_id: '2', screen_date: '2023-10-20' }], [], TOKENS.heartFailure);
    expect(first.text).toBe('{"count":1}');
    expect(await rowsOf([['records', '2'], ['fields', 'screen_date'], ['events', 'screening_arm_1']])).toEqual([{ screen_date: '2023-10-20' }]);
    const added = await importJson(sandbox(), [
      { study_id: '1', redcap_event_name: 'month_6_arm_1', redcap_repeat_instrument: 'adverse_events', redcap_repeat_instance: 'new', ae_term: 'Gout flare' },
      { study_id: '1', redcap_event_name: 'month_6_arm_1', redcap_repeat_instrument: 'adverse_events', redcap_repeat_instance: 'new', ae_term: 'Cough' },
      { study_id: '12', redcap_event_name: 'unscheduled_arm_1', redcap_repeat_instance: '3', sbp: '101' },
    ], [], TOKENS.heartFailure);
    expect(added.text).toBe('{"count":2}');
    const ae = await rowsOf([['records', '1'], ['fields', 'study_id,ae_term'], ['events', 'month_6_arm_1']]);
    expect(ae.filter((row) => row.redcap_repeat_instrument === 'adverse_events').map((row) => [row.redcap_repeat_instance, row.ae_term]))
      .toEqual([[1, 'Dizziness'], [2, 'Hyperkalaemia'], [3, 'Gout flare'], [4, 'Cough']]);
    const unscheduled = await rowsOf([['records', '12'], ['fields', 'study_id,sbp'], ['events', 'unscheduled_arm_1']]);
    expect(unscheduled.map((row) => [row.redcap_repeat_instance, row.sbp])).toEqual([[1, expect.stringMatching(/^\d+$/)], [3, '101']]);
  });

  it('round-trips its own CSV export through import without a single error', async () => {
    const csv = await ask([['content', 'record'], ['format', 'csv'], ['records', '1,8,12'], ['fields', 'study_id,sex,sbp,symptoms,ae_term,vitals_complete']]);
    const reply = await ask([['content', 'record'], ['format', 'csv'], ['returnFormat', 'json'], ['data', csv.text]]);
    expect([reply.status, reply.text]).toEqual([200, '{"count":3}']);
    expect(csvObjects((await ask([['content', 'record'], ['format', 'csv'], ['records', '1,8,12'], ['fields', 'study_id,sex,sbp,symptoms,ae_term,vitals_complete']])).text)).toEqual(csvObjects(csv.text));
  });

  it('exports arms, events, the form-event mapping and the repeating setup', async () => {
    const arms = jsonArray((await ask([['content', 'arm'], ['format', 'json']])).text);
    expect(arms).toEqual([{ arm_num: 1, name: 'Intervention' }, { arm_num: 2, name: 'Observation' }]);
    const events = jsonArray((await ask([['content', 'event'], ['format', 'json'], ['arms[0]', '2']])).text);
    expect(events).toEqual([
      { event_name: 'Screening', arm_num: 2, unique_event_name: 'screening_arm_2', custom_event_label: '', event_id: 5201 },
      { event_name: 'Baseline', arm_num: 2, unique_event_name: 'baseline_arm_2', custom_event_label: '', event_id: 5202 },
    ]);
    const mapping = jsonArray((await ask([['content', 'formEventMapping'], ['format', 'json']])).text);
    expect(mapping).toHaveLength(18);
    expect(mapping.filter((row) => row.unique_event_name === 'month_3_arm_1')).toEqual([
      { arm_num: 1, unique_event_name: 'month_3_arm_1', form: 'vitals' },
      { arm_num: 1, unique_event_name: 'month_3_arm_1', form: 'adverse_events' },
    ]);
    const repeating = jsonArray((await ask([['content', 'repeatingFormsEvents'], ['format', 'json']])).text);
    expect(repeating).toContainEqual({ event_name: 'unscheduled_arm_1', form_name: '', custom_form_label: '' });
    expect(repeating).toContainEqual({ event_name: 'baseline_arm_2', form_name: 'adverse_events', custom_form_label: '[ae_term]' });
    const info = JSON.parse((await ask([['content', 'project'], ['format', 'json']])).text) as Record<string, unknown>;
    expect(info).toMatchObject({ project_title: 'Heart Failure Follow-up Study (demo)', is_longitudinal: 1, has_repeating_instruments_or_events: 1, in_production: 0 });
  });
});
