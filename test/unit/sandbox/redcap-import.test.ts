import { describe, expect, it } from 'vitest';
import { TOKENS, errorOf, importJson, jsonArray, post, useSandbox } from './redcap-http.ts';
import type { Entries } from './redcap-http.ts';

const FORMAT = 'The value you provided could not be validated because it does not follow the expected format. Please try again.';

describe('REDCap sandbox: record import', () => {
  const sandbox = useSandbox({ records: 50 });

  async function record(id: string, fields: string): Promise<Record<string, unknown> | undefined> {
    return jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', id], ['fields', fields]])).text)[0];
  }

  it('rejects the whole import and lists every bad value of every row with REDCap\'s texts', async () => {
    const reply = await importJson(sandbox(), [
      { record_id: '1', weight_kg: '22', sex: '9', race___2: '5', email: 'not-an-email', dob: '1984-02-30' },
      { record_id: '9999', first_name: 'Ok', phone: '123', zip: '1234', medical_history_complete: '7' },
      { record_id: '2', bmi: '25', consent_form: 'x.pdf', sex: 'Female', sbp: '260', hba1c: '5.55' },
    ]);
    expect(reply.status).toBe(400);
    expect(errorOf(reply).split('\n')).toEqual([
      `"1","weight_kg","22","${FORMAT}"`,
      '"1","sex","9","The value is not a valid category for sex"',
      '"1","race___2","5","The value is not a valid category for race___2"',
      `"1","email","not-an-email","${FORMAT}"`,
      `"1","dob","1984-02-30","${FORMAT}"`,
      `"9999","phone","123","${FORMAT}"`,
      `"9999","zip","1234","${FORMAT}"`,
      '"9999","medical_history_complete","7","The value is not a valid category for medical_history_complete"',
      '"2","bmi","25","This field is a calculated field, so its value cannot be imported."',
      '"2","consent_form","x.pdf","This field is a File Upload field, so its value cannot be imported. Use the API method ""Import a File"" instead."',
      '"2","sex","Female","The value is not a valid category for sex"',
      `"2","hba1c","5.55","${FORMAT}"`,
    ]);
    // All or nothing: the good values of the same import were not saved either.
    expect(await record('9999', 'record_id')).toBeUndefined();
    expect(await record('1', 'weight_kg,sex')).toEqual({ weight_kg: expect.not.stringMatching(/^22$/), sex: '1' });
  });

  it('answers a CSV-returnFormat error as ERROR: lines', async () => {
    const reply = await post(sandbox(), [['content', 'record'], ['format', 'csv'], ['returnFormat', 'csv'], ['data', 'record_id,weight_kg\n1,22\n']]);
    expect([reply.status, reply.text]).toEqual([400, `ERROR: "1","weight_kg","22","${FORMAT}"`]);
  });

  it('treats range limits as soft and accepts numbers and JSON numbers', async () => {
    const reply = await importJson(sandbox(), [{ record_id: '3', sbp: 260, weight_kg: '22.0', height_cm: '1e2' }]);
    expect([reply.status, reply.text]).toEqual([200, '{"count":1}']);
    expect(await record('3', 'sbp,weight_kg,height_cm')).toEqual({ sbp: '260', weight_kg: '22.0', height_cm: '1e2' });
  });

  it('names every column that is not a field in one whole-request error', async () => {
    const reply = await importJson(sandbox(), [{ record_id: '1', foo: '1', sex: '2', baz: '', race: '1', redcap_event_name: 'x' }]);
    expect([reply.status, errorOf(reply)]).toEqual([400, 'The following fields were not found in the project as real data fields: foo, baz, race, redcap_event_name']);
  });

  it('counts distinct records and answers each returnContent in its shape', async () => {
    const rows = [{ record_id: '5', sbp: '120' }, { record_id: '5', dbp: '80' }, { record_id: '6', sbp: '121' }];
    expect((await importJson(sandbox(), rows)).text).toBe('{"count":2}');
    expect((await importJson(sandbox(), rows, [['returnContent', 'ids']])).text).toBe('["5","6"]');
    expect((await importJson(sandbox(), rows, [['returnContent', 'auto_ids']])).text).toBe('["5,5","6,6"]');
    const nothing = await importJson(sandbox(), rows, [['returnContent', 'nothing']]);
    expect([nothing.status, nothing.text]).toEqual([200, '']);
    const csvIds = await post(sandbox(), [['content', 'record'], ['format', 'csv'], ['returnFormat', 'csv'], ['returnContent', 'ids'], ['data', 'record_id,sbp\n5,122\n7,123\n']]);
    expect(csvIds.text).toBe('id\n5\n7\n');
    // Without returnFormat the result follows format: plain text for CSV, <count> for XML.
    const csvCount = await post(sandbox(), [['content', 'record'], ['format', 'csv'], ['data', 'record_id,sbp\n5,124\n']]);
    expect(csvCount.text).toBe('1');
    const xmlData = '<?xml version="1.0" encoding="UTF-8" ?><records><item><record_id>5</record_id><sbp>125</sbp></item></records>';
    const xmlCount = await post(sandbox(), [['content', 'record'], ['data', xmlData]]);
    expect([xmlCount.contentType, xmlCount.text]).toEqual(['text/xml; charset=utf-8', '<?xml version="1.0" encoding="UTF-8" ?><count>1</count>']);
  });

  it('ignores blanks with overwriteBehavior=normal and writes them with overwrite', async () => {
    const before = await record('4', 'first_name,last_name');
    expect(before?.first_name).not.toBe('');
    await importJson(sandbox(), [{ record_id: '4', first_name: '', last_name: 'Nguyễn-Smith' }]);
    expect(await record('4', 'first_name,last_name')).toEqual({ first_name: before?.first_name, last_name: 'Nguyễn-Smith' });
    await importJson(sandbox(), [{ record_id: '4', first_name: '', race___3: '' }], [['overwriteBehavior', 'overwrite']]);
    expect(await record('4', 'first_name,last_name,race')).toMatchObject({ first_name: '', last_name: 'Nguyễn-Smith', race___3: '0' });
  });

  it('sets and clears checkboxes one choice at a time', async () => {
    // Record 4 has race 3 checked.
    await importJson(sandbox(), [{ record_id: '4', race___1: '1', race___5: '0' }]);
    expect(await record('4', 'race')).toEqual({ race___1: '1', race___2: '0', race___3: '1', race___4: '0', race___5: '0' });
    await importJson(sandbox(), [{ record_id: '4', race___3: '0' }]);
    expect(await record('4', 'race')).toMatchObject({ race___1: '1', race___3: '0' });
  });

  it('reads dates in the dateFormat order, padded or not, and stores them as YYYY-MM-DD', async () => {
    const mdy = await importJson(sandbox(), [{ record_id: '8', dob: '4/12/1982', lab_date: '12-31-2023', visit_datetime: '1/2/2024 9:05' }], [['dateFormat', 'MDY']]);
    expect(mdy.status).toBe(200);
    expect(await record('8', 'dob,lab_date,visit_datetime')).toEqual({ dob: '1982-04-12', lab_date: '2023-12-31', visit_datetime: '2024-01-02 09:05' });
    await importJson(sandbox(), [{ record_id: '8', dob: '31/1/1975' }], [['dateFormat', 'DMY']]);
    expect(await record('8', 'dob')).toEqual({ dob: '1975-01-31' });
    const wrongOrder = await importJson(sandbox(), [{ record_id: '8', dob: '1975-01-31' }], [['dateFormat', 'DMY']]);
    expect(errorOf(wrongOrder)).toBe(`"8","dob","1975-01-31","${FORMAT}"`);
    const bad = await importJson(sandbox(), [{ record_id: '8' }], [['dateFormat', 'YDM']]);
    expect(bad.status).toBe(400);
  });

  it('gives new records the next numbers with forceAutoNumber and reports new,old pairs', async () => {
    const reply = await importJson(sandbox(), [
      { record_id: 'tmp-a', first_name: 'Ana' }, { record_id: 'tmp-b', first_name: 'Ben' }, { record_id: 'tmp-a', sbp: '118' },
    ], [['forceAutoNumber', 'True'], ['returnContent', 'auto_ids']]);
    expect(JSON.parse(reply.text)).toEqual(['51,tmp-a', '52,tmp-b']);
    expect(await record('51', 'first_name,sbp')).toEqual({ first_name: 'Ana', sbp: '118' });
    expect(await record('tmp-a', 'record_id')).toBeUndefined();
    expect((await post(sandbox(), [['content', 'generateNextRecordName']])).text).toBe('53');
  });

  it('counts rows with only the record ID, creating new records but changing nothing else', async () => {
    const before = await record('1', 'first_name');
    const reply = await importJson(sandbox(), [{ record_id: '1' }, { record_id: '777' }], [['returnContent', 'ids']]);
    expect(reply.text).toBe('["1","777"]');
    expect(await record('1', 'first_name')).toEqual(before);
    expect(await record('777', 'record_id,first_name,enrollment_complete')).toEqual({ record_id: '777', first_name: '', enrollment_complete: '0' });
  });

  it('imports CSV with any delimiter, XML, and EAV', async () => {
    const tab = await post(sandbox(), [['content', 'record'], ['format', 'csv'], ['csvDelimiter', 'tab'], ['returnFormat', 'json'], ['data', 'record_id\tvisit_notes\r\n10\t"said ""hi"", left"\r\n']]);
    expect(tab.text).toBe('{"count":1}');
    expect(await record('10', 'visit_notes')).toEqual({ visit_notes: 'said "hi", left' });
    const xml = '<?xml version="1.0" encoding="UTF-8" ?><records><item><record_id>11</record_id><last_name><![CDATA[O\'Brien & <Sons>]]></last_name><sex>2</sex></item></records>';
    expect((await post(sandbox(), [['content', 'record'], ['format', 'xml'], ['returnFormat', 'json'], ['data', xml]])).text).toBe('{"count":1}');
    expect(await record('11', 'last_name,sex')).toEqual({ last_name: "O'Brien & <Sons>", sex: '2' });
    const eav = [{ record: '12', field_name: 'race___2', value: '1' }, { record: '12', field_name: 'sbp', value: '130' }, { record: '13', field_name: 'sex', value: '1' }];
    expect((await importJson(sandbox(), eav, [['type', 'eav']])).text).toBe('{"count":2}');
    expect(await record('12', 'race,sbp')).toMatchObject({ race___2: '1', sbp: '130' });
  });

  it('imports nothing from a bare JSON object or from data without the record-ID column', async () => {
    expect((await importJson(sandbox(), { record_id: '1', sex: '2' })).text).toBe('{"count":0}');
    expect((await importJson(sandbox(), [{ sex: '2' }])).text).toBe('{"count":0}');
    expect(await record('1', 'sex')).toEqual({ sex: '1' });
  });

  it('imports the good records and skips the bad ones in the background', async () => {
    const reply = await importJson(sandbox(), [{ record_id: '20', sbp: 'high' }, { record_id: '21', sbp: '111' }], [['backgroundProcess', '1']]);
    expect([reply.status, reply.text]).toEqual([200, '{"success":true}']);
    expect(await record('21', 'sbp')).toEqual({ sbp: '111' });
    expect(await record('20', 'sbp')).not.toEqual({ sbp: 'high' });
  });

  it('refuses users without API import rights', async () => {
    const entries: Entries = [['content', 'record'], ['format', 'json'], ['returnFormat', 'json'], ['data', '[{"record_id":"1","sex":"2"}]']];
    const deidentified = await post(sandbox(), entries, { token: TOKENS.deidentified });
    expect([deidentified.status, errorOf(deidentified)]).toEqual([403, 'You do not have API Import/Update privileges']);
    const importOnly = await post(sandbox(), entries, { token: TOKENS.noExport });
    expect([importOnly.status, importOnly.text]).toEqual([200, '{"count":1}']);
    expect(await record('1', 'sex')).toEqual({ sex: '2' });
  });
});
