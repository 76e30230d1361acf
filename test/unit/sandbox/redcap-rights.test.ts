import { describe, expect, it } from 'vitest';
import { TOKENS, errorOf, importJson, jsonArray, parseCsv, post, postAs, useSandbox } from './redcap-http.ts';
import type { Entries } from './redcap-http.ts';

const NO_PERMISSION = 'You do not have permissions to use the API';

// What "De-Identified" leaves of the 40 columns: no identifiers, no free text, no dates.
const DEIDENTIFIED_COLUMNS = [
  'record_id', 'sex', 'race___1', 'race___2', 'race___3', 'race___4', 'race___5', 'consent_form', 'enrollment_complete',
  'smoking_status', 'diabetes', 'diabetes_type', 'hypertension', 'conditions___1', 'conditions___2', 'conditions___3', 'conditions___4', 'medical_history_complete',
  'height_cm', 'weight_kg', 'bmi', 'sbp', 'dbp', 'baseline_visit_complete',
  'hba1c', 'total_chol', 'hdl', 'non_hdl', 'laboratory_complete',
];

describe('REDCap sandbox: export rights of the seeded tokens', () => {
  const sandbox = useSandbox({ records: 60 });
  const as = (token: string, entries: Entries): ReturnType<typeof post> => postAs(sandbox(), token, entries);

  it('refuses every export to a user without API export rights, in each error shape', async () => {
    const json = await as(TOKENS.noExport, [['content', 'record'], ['format', 'json']]);
    expect([json.status, json.text]).toEqual([403, JSON.stringify({ error: NO_PERMISSION })]);
    const csv = await as(TOKENS.noExport, [['content', 'record'], ['format', 'csv']]);
    expect([csv.status, csv.text]).toEqual([403, `ERROR: ${NO_PERMISSION}`]);
    for (const content of ['metadata', 'project', 'report', 'log', 'version']) {
      const reply = await as(TOKENS.noExport, [['content', content], ['format', 'json'], ['report_id', '4101']]);
      expect([reply.status, errorOf(reply)], content).toEqual([403, NO_PERMISSION]);
    }
  });

  it('silently leaves identifiers, free text and dates out for a De-Identified user', async () => {
    const csv = await as(TOKENS.deidentified, [['content', 'record'], ['format', 'csv']]);
    expect(parseCsv(csv.text)[0]).toEqual(DEIDENTIFIED_COLUMNS);
    const asked = jsonArray((await as(TOKENS.deidentified, [['content', 'record'], ['format', 'json'], ['records', '1'], ['fields', 'record_id,mrn,dob,sex,medications']])).text);
    expect(asked).toEqual([{ record_id: '1', sex: '1' }]);
    const owner = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', '1'], ['fields', 'record_id,sex,hba1c']])).text);
    expect(jsonArray((await as(TOKENS.deidentified, [['content', 'record'], ['format', 'json'], ['records', '1'], ['fields', 'record_id,sex,hba1c']])).text)).toEqual(owner);
    const eav = jsonArray((await as(TOKENS.deidentified, [['content', 'record'], ['format', 'json'], ['type', 'eav'], ['records', '1']])).text);
    expect(eav.map((row) => row.field_name)).not.toContain('mrn');
    const xml = await as(TOKENS.deidentified, [['content', 'project_xml'], ['records', '1']]);
    expect(xml.text).not.toContain('ItemOID="mrn" Value=');
  });

  it('shows a DAG user only the records of its DAG and puts its new records in it', async () => {
    const dagOf = new Map(jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['fields', 'record_id'], ['exportDataAccessGroups', 'true']])).text).map((row) => [String(row.record_id), row.redcap_data_access_group]));
    const seen = jsonArray((await as(TOKENS.bostonDag, [['content', 'record'], ['format', 'json'], ['fields', 'record_id'], ['exportDataAccessGroups', 'true']])).text);
    expect(seen.length).toBe([...dagOf.values()].filter((dag) => dag === 'boston').length);
    // No DAG column for a user who is in a DAG.
    expect(Object.keys(seen[0] ?? {})).toEqual(['record_id']);
    const vanderbilt = [...dagOf].find(([, dag]) => dag === 'vanderbilt')?.[0] ?? '';
    expect(jsonArray((await as(TOKENS.bostonDag, [['content', 'record'], ['format', 'json'], ['records', vanderbilt]])).text)).toEqual([]);
    const other = await importJson(sandbox(), [{ record_id: vanderbilt, sbp: '120' }], [], TOKENS.bostonDag);
    expect([other.status, errorOf(other)]).toEqual([400, `"${vanderbilt}","record_id","${vanderbilt}","This record belongs to a Data Access Group that you do not have access to."`]);
    expect((await importJson(sandbox(), [{ record_id: 'B-1', sbp: '120' }], [], TOKENS.bostonDag)).text).toBe('{"count":1}');
    const created = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', 'B-1'], ['fields', 'record_id'], ['exportDataAccessGroups', 'true']])).text);
    expect(created).toEqual([{ record_id: 'B-1', redcap_data_access_group: 'boston' }]);
    const deleted = await as(TOKENS.bostonDag, [['content', 'record'], ['action', 'delete'], ['returnFormat', 'json'], ['records', vanderbilt]]);
    expect(errorOf(deleted)).toMatch(/The following records do not exist: \d+$/);
  });
});

describe('REDCap sandbox: reports', () => {
  const sandbox = useSandbox({ records: 80 });
  const report = (id: string, extra: Entries = [], token: string = TOKENS.cardiometabolic): ReturnType<typeof post> =>
    postAs(sandbox(), token, [['content', 'report'], ['format', 'json'], ['report_id', id], ...extra]);

  it("exports a report's fields in project order, filtered by its logic", async () => {
    const all = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json']])).text);
    const diabetic = jsonArray((await report('4101')).text);
    expect(diabetic.length).toBe(all.filter((row) => row.diabetes === '1').length);
    expect(diabetic.length).toBeGreaterThan(5);
    expect(Object.keys(diabetic[0] ?? {})).toEqual(['record_id', 'sex', 'diabetes', 'diabetes_type', 'hba1c', 'laboratory_complete']);
    const pressure = jsonArray((await report('4102')).text);
    expect(pressure.map((row) => row.record_id)).toEqual(all.filter((row) => Number(row.sbp) >= 140 || Number(row.dbp) >= 90).map((row) => row.record_id));
    const overview = await report('4103', [['format', 'csv'], ['rawOrLabel', 'label'], ['rawOrLabelHeaders', 'label']]);
    expect(parseCsv(overview.text)[0]?.slice(0, 4)).toEqual(['Record ID', 'Date of birth', 'Sex assigned at birth', 'Race (check all that apply) (choice=American Indian or Alaska Native)']);
    expect(parseCsv(overview.text)).toHaveLength(81);
  });

  it('limits a longitudinal report to its events and applies export rights to reports too', async () => {
    const baseline = jsonArray((await report('5202', [], TOKENS.heartFailure)).text);
    expect(new Set(baseline.map((row) => row.redcap_event_name))).toEqual(new Set(['baseline_arm_1', 'baseline_arm_2']));
    const serious = jsonArray((await report('5201', [], TOKENS.heartFailure)).text);
    expect(serious.every((row) => row.redcap_repeat_instrument === 'adverse_events' && row.ae_serious === '1')).toBe(true);
    const deidentified = jsonArray((await report('4103', [], TOKENS.deidentified)).text);
    expect(Object.keys(deidentified[0] ?? {})).toEqual(['record_id', 'sex', 'race___1', 'race___2', 'race___3', 'race___4', 'race___5', 'enrollment_complete']);
  });

  it('refuses a report that does not exist', async () => {
    const reply = await report('9999');
    expect([reply.status, errorOf(reply)]).toEqual([400, 'The value of the parameter "report_id" is not valid']);
    const missing = await post(sandbox(), [['content', 'report'], ['format', 'json']]);
    expect(errorOf(missing)).toBe('The parameter "report_id" is missing');
  });
});
