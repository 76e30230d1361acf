import { describe, expect, it } from 'vitest';
import { TOKENS, errorOf, jsonArray, post, postAs, useSandbox } from './redcap-http.ts';
import type { Entries, Reply } from './redcap-http.ts';

describe('REDCap sandbox: deleting and renaming records', () => {
  const sandbox = useSandbox({ records: 30 });
  const ids = async (token: string = TOKENS.cardiometabolic): Promise<string[]> =>
    [...new Set(jsonArray((await postAs(sandbox(), token, [['content', 'record'], ['format', 'json'], ['fields', token === TOKENS.heartFailure ? 'study_id' : 'record_id']])).text)
      .map((row) => String(row.record_id ?? row.study_id)))];
  const hf = (entries: Entries): Promise<Reply> => postAs(sandbox(), TOKENS.heartFailure, entries);

  it('deletes whole records and answers how many, as a bare number in every format', async () => {
    const json = await post(sandbox(), [['content', 'record'], ['action', 'delete'], ['returnFormat', 'json'], ['records[0]', '3'], ['records[1]', '7']]);
    expect([json.status, json.contentType, json.text]).toEqual([200, 'application/json; charset=utf-8', '2']);
    const xml = await post(sandbox(), [['content', 'record'], ['action', 'delete'], ['format', 'xml'], ['records', '8']]);
    expect(xml.text).toBe('1');
    const remaining = await ids();
    expect(remaining).toHaveLength(27);
    expect(remaining).not.toContain('3');
    expect((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', '3']])).text).toBe('[]');
  });

  it('refuses to delete anything when one record does not exist', async () => {
    const reply = await post(sandbox(), [['content', 'record'], ['action', 'delete'], ['returnFormat', 'json'], ['records', '2,31,abc']]);
    expect([reply.status, errorOf(reply)]).toEqual([400, 'One or more of the records provided cannot be deleted because they do not exist in the project. The following records do not exist: 31, abc']);
    expect(await ids()).toContain('2');
    const none = await post(sandbox(), [['content', 'record'], ['action', 'delete'], ['returnFormat', 'json']]);
    expect(none.status).toBe(400);
  });

  it('deletes one instrument of a record, which then exports gray', async () => {
    const reply = await post(sandbox(), [['content', 'record'], ['action', 'delete'], ['returnFormat', 'json'], ['records', '1'], ['instrument', 'laboratory']]);
    expect(reply.text).toBe('1');
    const [row] = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', '1'], ['forms', 'laboratory,enrollment']])).text);
    expect(row).toMatchObject({ record_id: '1', mrn: '000123', lab_date: '', hba1c: '', non_hdl: '', laboratory_complete: '0' });
    const bad = await post(sandbox(), [['content', 'record'], ['action', 'delete'], ['returnFormat', 'json'], ['records', '1'], ['instrument', 'labs']]);
    expect(errorOf(bad)).toBe(`The following values in the parameter "instrument" are not valid: 'labs'`);
  });

  it('deletes an event, an instrument on an event, or one repeat instance of a longitudinal record', async () => {
    const rows = async (): Promise<string[]> =>
      jsonArray((await hf([['content', 'record'], ['format', 'json'], ['records', '1'], ['fields', 'study_id']])).text)
        .map((row) => `${String(row.redcap_event_name)}${row.redcap_repeat_instance === '' ? '' : `#${String(row.redcap_repeat_instance)}`}`);
    expect(await rows()).toEqual(['screening_arm_1', 'baseline_arm_1', 'month_3_arm_1', 'month_6_arm_1', 'month_6_arm_1#1', 'month_6_arm_1#2']);
    expect((await hf([['content', 'record'], ['action', 'delete'], ['records', '1'], ['instrument', 'adverse_events'], ['event', 'month_6_arm_1'], ['repeat_instance', '1']])).text).toBe('1');
    expect(await rows()).toEqual(['screening_arm_1', 'baseline_arm_1', 'month_3_arm_1', 'month_6_arm_1', 'month_6_arm_1#2']);
    expect((await hf([['content', 'record'], ['action', 'delete'], ['records', '1'], ['event', 'month_3_arm_1']])).text).toBe('1');
    expect(await rows()).toEqual(['screening_arm_1', 'baseline_arm_1', 'month_6_arm_1', 'month_6_arm_1#2']);
    // Arm 2 does not hold record 1, so for that arm it does not exist.
    const otherArm = await hf([['content', 'record'], ['action', 'delete'], ['returnFormat', 'json'], ['records', '1'], ['arm', '2']]);
    expect(errorOf(otherArm)).toMatch(/The following records do not exist: 1$/);
    expect((await hf([['content', 'record'], ['action', 'delete'], ['records', '1'], ['arm', '1']])).text).toBe('1');
    expect(await rows()).toEqual([]);
  });

  it('renames a record, keeping its data, and refuses names in use and records that do not exist', async () => {
    const before = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', '4']])).text)[0];
    const reply = await post(sandbox(), [['content', 'record'], ['action', 'rename'], ['returnFormat', 'json'], ['record', '4'], ['new_record_name', 'P-0004']]);
    expect([reply.status, reply.text]).toEqual([200, '1']);
    const after = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', 'P-0004']])).text)[0];
    expect(after).toEqual({ ...before, record_id: 'P-0004' });
    expect(await ids()).not.toContain('4');
    expect((await ids()).at(-1)).toBe('P-0004');
    const taken = await post(sandbox(), [['content', 'record'], ['action', 'rename'], ['returnFormat', 'json'], ['record', '5'], ['new_record_name', '6']]);
    expect([taken.status, errorOf(taken)]).toEqual([400, 'The record "6" already exists']);
    const missing = await post(sandbox(), [['content', 'record'], ['action', 'rename'], ['returnFormat', 'json'], ['record', '4'], ['new_record_name', '44']]);
    expect([missing.status, errorOf(missing)]).toEqual([400, 'The record "4" does not exist']);
  });

  it('names the next record after the highest number, or in the caller\'s DAG', async () => {
    expect((await post(sandbox(), [['content', 'generateNextRecordName']])).text).toBe('31');
    await post(sandbox(), [['content', 'record'], ['format', 'json'], ['data', '[{"record_id":"45"}]']]);
    expect((await post(sandbox(), [['content', 'generateNextRecordName']])).text).toBe('46');
    // The Boston DAG has group ID 1402: its records are numbered 1402-1, 1402-2, …
    expect((await postAs(sandbox(), TOKENS.bostonDag, [['content', 'generateNextRecordName']])).text).toBe('1402-1');
    const created = await postAs(sandbox(), TOKENS.bostonDag, [['content', 'record'], ['format', 'json'], ['returnFormat', 'json'], ['forceAutoNumber', 'true'], ['returnContent', 'auto_ids'], ['data', '[{"record_id":"x","sex":"1"}]']]);
    expect(created.text).toBe('["1402-1,x"]');
    expect((await postAs(sandbox(), TOKENS.bostonDag, [['content', 'generateNextRecordName']])).text).toBe('1402-2');
  });
});
