import { describe, expect, it } from 'vitest';
import { csvObjects, jsonArray, parseCsv, post, useSandbox } from './redcap-http.ts';
import type { Entries } from './redcap-http.ts';

const FLAT_COLUMNS = [
  'record_id', 'mrn', 'first_name', 'last_name', 'dob', 'sex', 'race___1', 'race___2', 'race___3', 'race___4', 'race___5',
  'email', 'phone', 'zip', 'consent_form', 'enrollment_complete',
  'smoking_status', 'diabetes', 'diabetes_type', 'hypertension', 'conditions___1', 'conditions___2', 'conditions___3',
  'conditions___4', 'medications', 'medical_history_complete',
  'visit_datetime', 'height_cm', 'weight_kg', 'bmi', 'sbp', 'dbp', 'visit_notes', 'baseline_visit_complete',
  'lab_date', 'hba1c', 'total_chol', 'hdl', 'non_hdl', 'laboratory_complete',
];

const records = (entries: Entries): Entries => [['content', 'record'], ...entries];

describe('REDCap sandbox: record export', () => {
  const sandbox = useSandbox({ records: 200 });

  it('exports 40 flat columns in project order, checkboxes expanded, no descriptive field', async () => {
    const json = jsonArray((await post(sandbox(), records([['format', 'json']]))).text);
    expect(json).toHaveLength(200);
    expect(FLAT_COLUMNS).toHaveLength(40);
    for (const row of json) expect(Object.keys(row)).toEqual(FLAT_COLUMNS);
    const csv = await post(sandbox(), records([['format', 'csv']]));
    expect(csv.text.slice(0, csv.text.indexOf('\n'))).toBe(FLAT_COLUMNS.join(','));
  });

  it('sends every JSON value as a string, checkboxes as 0/1 and form status as 0/1/2', async () => {
    const json = jsonArray((await post(sandbox(), records([['format', 'json']]))).text);
    const seen = new Set<string>();
    for (const row of json) {
      for (const [key, value] of Object.entries(row)) {
        expect(typeof value, key).toBe('string');
        if (key.includes('___')) expect(['0', '1'], key).toContain(value);
        if (key.endsWith('_complete')) {
          expect(['0', '1', '2'], key).toContain(value);
          seen.add(value as string);
        }
      }
    }
    expect([...seen].sort()).toEqual(['0', '1', '2']);
    expect(json.map((row) => row.record_id)).toEqual(Array.from({ length: 200 }, (_, i) => String(i + 1)));
  });

  it('keeps leading zeros: record 1 has MRN 000123', async () => {
    const csv = await post(sandbox(), records([['format', 'csv'], ['records', '1'], ['fields', 'record_id,mrn,zip']]));
    expect(csv.text.split('\n')[1]).toBe('1,000123,80203');
  });

  it('exports labels with rawOrLabel=label, and choice labels in checkbox columns with exportCheckboxLabel', async () => {
    const ask = async (extra: Entries): Promise<Record<string, unknown>> =>
      jsonArray((await post(sandbox(), records([['format', 'json'], ['records', '4'], ...extra]))).text)[0] ?? {};
    const raw = await ask([]);
    const labels = await ask([['rawOrLabel', 'label']]);
    const checkboxLabels = await ask([['rawOrLabel', 'label'], ['exportCheckboxLabel', 'true']]);
    // Record 4: female, race "Black or African American", former smoker, diabetes type 1, lab form incomplete.
    expect([raw.sex, raw.race___3, raw.race___4, raw.smoking_status, raw.diabetes, raw.diabetes_type, raw.laboratory_complete]).toEqual(['1', '1', '0', '1', '1', '1', '0']);
    expect([labels.sex, labels.race___3, labels.race___4, labels.smoking_status, labels.diabetes, labels.diabetes_type, labels.laboratory_complete])
      .toEqual(['Female', 'Checked', 'Unchecked', 'Former smoker', 'Yes', 'Type 1', 'Incomplete']);
    expect([checkboxLabels.race___3, checkboxLabels.race___4]).toEqual(['Black or African American', '']);
    expect([labels.baseline_visit_complete, labels.enrollment_complete]).toEqual(['Unverified', 'Complete']);
    // Text, numbers and calc values are the same either way.
    expect([labels.mrn, labels.bmi, labels.hdl]).toEqual([raw.mrn, raw.bmi, raw.hdl]);
    // exportCheckboxLabel alone changes nothing in raw mode.
    expect(await ask([['exportCheckboxLabel', 'true']])).toEqual(raw);
  });

  it('uses field labels as CSV headers with rawOrLabelHeaders=label', async () => {
    const csv = await post(sandbox(), records([['format', 'csv'], ['records', '1'], ['fields', 'record_id,race,sbp,enrollment_complete'], ['rawOrLabelHeaders', 'label']]));
    expect(parseCsv(csv.text)[0]).toEqual([
      'Record ID',
      'Race (check all that apply) (choice=American Indian or Alaska Native)',
      'Race (check all that apply) (choice=Asian)',
      'Race (check all that apply) (choice=Black or African American)',
      'Race (check all that apply) (choice=White)',
      'Race (check all that apply) (choice=Other, not listed)',
      'Complete?',
      'Systolic blood pressure (mmHg)',
    ]);
    const json = await post(sandbox(), records([['format', 'json'], ['records', '1'], ['fields', 'sbp'], ['rawOrLabelHeaders', 'label']]));
    expect(Object.keys(jsonArray(json.text)[0] ?? {})).toEqual(['sbp']);
  });

  it('writes CSV with \\n line ends, a trailing newline and quotes only where needed', async () => {
    const csv = await post(sandbox(), records([['format', 'csv'], ['records', '3'], ['fields', 'record_id,last_name,visit_datetime,medications,hdl']]));
    // Record 3: last name "van der Berg", a three-line medication list with commas and quotes, no baseline data.
    expect(csv.text).toBe(
      'record_id,last_name,medications,visit_datetime,hdl\n' +
      '3,"van der Berg","Metformin 500 mg, twice daily\nAtorvastatin 20 mg, once daily at night\nLisinopril 10 mg once daily (""water pill"" stopped in 2022)",,\n',
    );
    expect(csv.text).not.toContain('\r');
    // A space is enough to be quoted; plain digits, dates and e-mail addresses are not.
    const second = await post(sandbox(), records([['format', 'csv'], ['records', '2'], ['fields', 'mrn,dob,email,visit_datetime']]));
    expect(second.text.split('\n')[1]).toBe('008042,1984-05-19,wei.patel2@example.org,"2022-12-07 15:45"');
  });

  it('round-trips every value through CSV exactly as JSON has it', async () => {
    const json = jsonArray((await post(sandbox(), records([['format', 'json']]))).text);
    const csv = csvObjects((await post(sandbox(), records([['format', 'csv']]))).text);
    expect(csv).toEqual(json);
    const tabbed = csvObjects((await post(sandbox(), records([['format', 'csv'], ['csvDelimiter', 'tab']]))).text, '\t');
    expect(tabbed).toEqual(json);
  });

  it('leaves the record-ID field out of a forms-only export unless it is on those forms', async () => {
    const lab = jsonArray((await post(sandbox(), records([['format', 'json'], ['records', '1,2'], ['forms', 'laboratory']]))).text);
    expect(Object.keys(lab[0] ?? {})).toEqual(['lab_date', 'hba1c', 'total_chol', 'hdl', 'non_hdl', 'laboratory_complete']);
    expect(lab).toHaveLength(2);
    const enrollment = jsonArray((await post(sandbox(), records([['format', 'json'], ['records', '1'], ['forms', 'enrollment']]))).text);
    expect(Object.keys(enrollment[0] ?? {})).toEqual(FLAT_COLUMNS.slice(0, 16));
  });

  it('unites fields and forms in project order, whatever the request order', async () => {
    const json = jsonArray((await post(sandbox(), records([['format', 'json'], ['records', '1'], ['fields', 'hdl,record_id,race,medical_history_complete'], ['forms', 'baseline_visit']]))).text);
    expect(Object.keys(json[0] ?? {})).toEqual([
      'record_id', 'race___1', 'race___2', 'race___3', 'race___4', 'race___5', 'medical_history_complete',
      'visit_datetime', 'height_cm', 'weight_kg', 'bmi', 'sbp', 'dbp', 'visit_notes', 'baseline_visit_complete', 'hdl',
    ]);
  });

  it('returns records in project order, once each, and [] or a bare header for records that do not exist', async () => {
    const some = jsonArray((await post(sandbox(), records([['format', 'json'], ['records', '9,2,9,999,abc,02'], ['fields', 'record_id']]))).text);
    expect(some).toEqual([{ record_id: '2' }, { record_id: '9' }]);
    const none = await post(sandbox(), records([['format', 'json'], ['records', '999,0']]));
    expect([none.status, none.text]).toEqual([200, '[]']);
    const noneCsv = await post(sandbox(), records([['format', 'csv'], ['records', '999'], ['fields', 'record_id,mrn']]));
    expect(noneCsv.text).toBe('record_id,mrn\n');
  });

  it('exports blank form status for gray forms only when asked', async () => {
    // Record 2 never opened its medical history.
    const ask = async (extra: Entries): Promise<unknown> =>
      jsonArray((await post(sandbox(), records([['format', 'json'], ['records', '2'], ['fields', 'smoking_status,medical_history_complete'], ...extra]))).text)[0];
    expect(await ask([])).toEqual({ smoking_status: '', medical_history_complete: '0' });
    expect(await ask([['exportBlankForGrayFormStatus', 'true']])).toEqual({ smoking_status: '', medical_history_complete: '' });
  });

  it('exports XML as <records><item> with CDATA values', async () => {
    const xml = await post(sandbox(), records([['records', '1'], ['fields', 'record_id,mrn,consent_form']]));
    expect(xml.contentType).toBe('text/xml; charset=utf-8');
    expect(xml.text).toBe(
      '<?xml version="1.0" encoding="UTF-8" ?>\n<records>\n' +
      '<item><record_id><![CDATA[1]]></record_id><mrn><![CDATA[000123]]></mrn><consent_form><![CDATA[]]></consent_form></item>\n' +
      '</records>\n',
    );
  });

  it('exports EAV without blanks, checkboxes as one row per checked code', async () => {
    const eav = jsonArray((await post(sandbox(), records([['format', 'json'], ['type', 'eav'], ['records', '4'], ['fields', 'record_id,race,diabetes_type,consent_form,enrollment_complete']]))).text);
    expect(eav).toEqual([
      { record: '4', field_name: 'record_id', value: '4' },
      { record: '4', field_name: 'race', value: '3' },
      { record: '4', field_name: 'enrollment_complete', value: '2' },
      { record: '4', field_name: 'diabetes_type', value: '1' },
    ]);
    const csv = await post(sandbox(), records([['format', 'csv'], ['type', 'eav'], ['records', '4'], ['fields', 'sex'], ['rawOrLabel', 'label']]));
    expect(csv.text).toBe('record,field_name,value\n4,sex,Female\n');
  });

  it('computes calc fields from the values beside them', async () => {
    const json = jsonArray((await post(sandbox(), records([['format', 'json'], ['fields', 'height_cm,weight_kg,bmi,total_chol,hdl,non_hdl']]))).text);
    for (const row of json) {
      const [height, weight, bmi] = [row.height_cm, row.weight_kg, row.bmi].map(String);
      if (height === '' || weight === '') expect(bmi).toBe('');
      else expect(Number(bmi)).toBeCloseTo(Number(weight) / (Number(height) / 100) ** 2, 1);
      const [total, hdl, nonHdl] = [row.total_chol, row.hdl, row.non_hdl].map(String);
      expect(nonHdl).toBe(total === '' || hdl === '' ? '' : String(Number(total) - Number(hdl)));
    }
  });

  it('writes decimal commas in numbers and calc results with decimalCharacter=,', async () => {
    const fields: Entries = [['format', 'csv'], ['fields', 'record_id,weight_kg,bmi,visit_datetime,mrn']];
    const plain = parseCsv((await post(sandbox(), records(fields))).text);
    const comma = parseCsv((await post(sandbox(), records([...fields, ['decimalCharacter', ',']]))).text);
    expect(plain[0]).toEqual(['record_id', 'mrn', 'visit_datetime', 'weight_kg', 'bmi']);
    const at = plain.findIndex((row) => /^\d+\.\d$/.test(row[3] ?? '') && /\./.test(row[4] ?? ''));
    expect(at).toBeGreaterThan(0);
    const row = plain[at] ?? [];
    expect(comma[at]).toEqual([row[0], row[1], row[2], row[3]?.replace('.', ','), row[4]?.replace('.', ',')]);
    // Dates, times and text keep their characters.
    expect(comma.map((cells) => cells[2])).toEqual(plain.map((cells) => cells[2]));
  });

  it('names the next record after the last one', async () => {
    const reply = await post(sandbox(), [['content', 'generateNextRecordName']]);
    expect([reply.status, reply.text]).toEqual([200, '201']);
  });
});
