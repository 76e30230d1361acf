import { describe, expect, it } from 'vitest';
import { TOKENS, adminUrl, errorOf, importJson, jsonArray, post, postAs, useSandbox } from './redcap-http.ts';

type Row = Record<string, unknown>;

describe('REDCap sandbox: filterLogic', () => {
  const sandbox = useSandbox({ records: 120 });
  const all = async (): Promise<Row[]> => jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json']])).text);
  const filtered = async (logic: string): Promise<string[]> =>
    jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['fields', 'record_id'], ['filterLogic', logic]])).text).map((row) => String(row.record_id));
  const ids = (rows: Row[], keep: (row: Row) => boolean): string[] => rows.filter(keep).map((row) => String(row.record_id));

  it('compares with =, <>, != and numbers as numbers', async () => {
    const rows = await all();
    const women = ids(rows, (row) => row.sex === '1');
    expect(women.length).toBeGreaterThan(20);
    expect(await filtered("[sex] = '1'")).toEqual(women);
    expect(await filtered('[sex] = 1')).toEqual(women);
    expect(await filtered('[sex] <> "1"')).toEqual(ids(rows, (row) => row.sex !== '1'));
    expect(await filtered("[sex] != '1'")).toEqual(ids(rows, (row) => row.sex !== '1'));
    // 10.1 > 6.5 as numbers, not as text.
    const high = ids(rows, (row) => row.hba1c !== '' && Number(row.hba1c) >= 6.5);
    expect(high.length).toBeGreaterThan(3);
    expect(await filtered('[hba1c] >= 6.5')).toEqual(high);
    expect(await filtered('[hba1c] < 6.5')).toEqual(ids(rows, (row) => row.hba1c !== '' && Number(row.hba1c) < 6.5));
    expect(await filtered("[dob] < '1950-01-01'")).toEqual(ids(rows, (row) => row.dob !== '' && String(row.dob) < '1950-01-01'));
  });

  it('tests blanks with two quotes and checkboxes with [field(code)]', async () => {
    const rows = await all();
    expect(await filtered("[email] = ''")).toEqual(ids(rows, (row) => row.email === ''));
    expect(await filtered('[email] <> ""')).toEqual(ids(rows, (row) => row.email !== ''));
    expect(await filtered("[race(4)] = '1'")).toEqual(ids(rows, (row) => row.race___4 === '1'));
    expect(await filtered("[conditions(4)] = '1' or [race(2)] = '1'")).toEqual(ids(rows, (row) => row.conditions___4 === '1' || row.race___2 === '1'));
    expect(await filtered("[laboratory_complete] = '2'")).toEqual(ids(rows, (row) => row.laboratory_complete === '2'));
  });

  it('binds and tighter than or, and honours parentheses', async () => {
    const rows = await all();
    const andFirst = ids(rows, (row) => (Number(row.sbp) > 130 && row.sbp !== '' && row.diabetes === '1') || row.smoking_status === '2');
    const orFirst = ids(rows, (row) => Number(row.sbp) > 130 && row.sbp !== '' && (row.diabetes === '1' || row.smoking_status === '2'));
    expect(andFirst).not.toEqual(orFirst);
    expect(await filtered("[sbp] > 130 and [diabetes] = '1' or [smoking_status] = '2'")).toEqual(andFirst);
    expect(await filtered("([sbp] > 130 and [diabetes] = '1') or [smoking_status] = '2'")).toEqual(andFirst);
    expect(await filtered("[sbp] > 130 and ([diabetes] = '1' or [smoking_status] = '2')")).toEqual(orFirst);
    expect(await filtered("[smoking_status] = '2' OR [sbp] > 130 AND [diabetes] = '1'")).toEqual(andFirst);
  });

  it("refuses logic it cannot read with a 400 and REDCap-like text", async () => {
    const cases: Array<[string, string]> = [
      ['[nope] = 1', '"nope" is not a field in this project'],
      ["([sex] = '1'", 'a "(" is never closed'],
      ['[sex]', 'expected a comparison such as = or <>'],
      ["[sex] = '1' xor [diabetes] = '1'", 'unexpected text after the end of the logic'],
      ["[race(9)] = '1'", '"9" is not a choice of "race"'],
      ["[sex(1)] = '1'", '"sex" is not a checkbox field'],
      ["[sex] = 'open", 'a quoted value is never closed'],
      ["sum([sbp], [dbp]) > 1", 'the function "sum" is not supported'],
      ["[baseline_arm_1][sex] = '1'", '"baseline_arm_1" is not a unique event name'],
    ];
    for (const [logic, detail] of cases) {
      const reply = await post(sandbox(), [['content', 'record'], ['format', 'json'], ['filterLogic', logic]]);
      expect([reply.status, errorOf(reply)], logic).toEqual([400, `The filterLogic parameter contains invalid syntax: ${detail}`]);
    }
  });

  it('filters record-events in a longitudinal project, reading other events with [event][field]', async () => {
    const ask = async (logic: string): Promise<Row[]> =>
      jsonArray((await postAs(sandbox(), TOKENS.heartFailure, [['content', 'record'], ['format', 'json'], ['fields', 'study_id,sbp'], ['records', '1,2,3,4,5'], ['filterLogic', logic]])).text);
    const everything = jsonArray((await postAs(sandbox(), TOKENS.heartFailure, [['content', 'record'], ['format', 'json'], ['fields', 'study_id,sbp,sex'], ['records', '1,2,3,4,5']])).text);
    const high = await ask('[sbp] > 120');
    expect(high.length).toBeGreaterThan(2);
    expect(high.map((row) => [row.study_id, row.redcap_event_name])).toEqual(
      everything.filter((row) => row.sbp !== '' && Number(row.sbp) > 120).map((row) => [row.study_id, row.redcap_event_name]),
    );
    const men = new Set(everything.filter((row) => row.sex === '2').map((row) => row.study_id));
    const menRows = await ask("[baseline_arm_1][sex] = '2'");
    expect(menRows.length).toBeGreaterThan(0);
    expect(new Set(menRows.map((row) => row.study_id))).toEqual(new Set([...men].filter((id) => everything.some((row) => row.study_id === id && row.redcap_event_name === 'baseline_arm_1'))));
    expect(menRows.map((row) => row.redcap_event_name)).toContain('screening_arm_1');
  });
});

describe('REDCap sandbox: dateRangeBegin/End and the server clock', () => {
  const sandbox = useSandbox({ records: 40, timezone: 'America/Chicago', now: new Date('2025-03-10T17:30:00Z') });

  const since = async (begin: string, end = ''): Promise<string[]> =>
    jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['fields', 'record_id'], ['dateRangeBegin', begin], ['dateRangeEnd', end]])).text).map((row) => String(row.record_id));

  it('keeps records modified inside the window, in the server\'s local time', async () => {
    expect(sandbox().clock.local()).toBe('2025-03-10 12:30:00');
    // Seeded records were all entered before 2024-12-21.
    expect(await since('2024-12-21 00:00:00')).toEqual([]);
    expect(await since('2020-01-01 00:00:00', '2024-12-20 23:59:59')).toHaveLength(40);
    await importJson(sandbox(), [{ record_id: '5', sbp: '150' }]);
    expect(await since('2025-03-10 12:30:00')).toEqual(['5']);
    expect(await since('2025-03-10 12:31:00')).toEqual([]);
    const advanced = await fetch(adminUrl(sandbox(), '/__sandbox/clock'), { method: 'POST', body: JSON.stringify({ advanceSeconds: 86_400 }) });
    expect(await advanced.json()).toMatchObject({ now: '2025-03-11 12:30:00', timezone: 'America/Chicago' });
    await importJson(sandbox(), [{ record_id: '6', sbp: '151' }, { record_id: '900', first_name: 'New' }]);
    sandbox().clock.advance(3600);
    await importJson(sandbox(), [{ record_id: '7', sbp: '152' }]);
    expect(await since('2025-03-11 00:00:00')).toEqual(['6', '7', '900']);
    expect(await since('2025-03-10 00:00:00', '2025-03-11 12:59:59')).toEqual(['5', '6', '900']);
    const beforeToday = await since('', '2025-03-10 23:59');
    expect(beforeToday).toHaveLength(38);
    expect(beforeToday).toContain('5');
    expect(beforeToday).not.toContain('6');
  });

  it('refuses a malformed date range', async () => {
    const reply = await post(sandbox(), [['content', 'record'], ['format', 'json'], ['dateRangeBegin', '03/10/2025']]);
    expect([reply.status, errorOf(reply)]).toEqual([400, 'The value of the parameter "dateRangeBegin" is not valid. It must be in YYYY-MM-DD HH:MM:SS format.']);
    const clock = await fetch(adminUrl(sandbox(), '/__sandbox/clock'), { method: 'POST', body: JSON.stringify({ advanceSeconds: -5 }) });
    expect(clock.status).toBe(400);
  });
});
