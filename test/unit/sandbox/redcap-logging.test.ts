import { describe, expect, it } from 'vitest';
import { startRedcapSandbox } from '../../sandbox/redcap/index.ts';
import { TOKENS, csvObjects, errorOf, importJson, jsonArray, post, postAs, postMultipart, useSandbox } from './redcap-http.ts';
import type { Entries } from './redcap-http.ts';

type Entry = { timestamp: string; username: string; action: string; details: string; record: string };

describe('REDCap sandbox: logging', () => {
  // 2025-01-15 14:03 UTC is 08:03 in Chicago (CST, UTC−6).
  const sandbox = useSandbox({ records: 20, now: new Date('2025-01-15T14:03:30Z') });
  const log = async (extra: Entries = [], token: string = TOKENS.cardiometabolic): Promise<Entry[]> =>
    jsonArray((await postAs(sandbox(), token, [['content', 'log'], ['format', 'json'], ...extra])).text) as Entry[];

  it('logs imports, deletions, renames and exports, newest first, in the server\'s local time', async () => {
    await importJson(sandbox(), [{ record_id: '5', sbp: '141', race___1: '1' }, { record_id: '21', first_name: 'Zoë' }]);
    sandbox().clock.advance(120);
    await post(sandbox(), [['content', 'record'], ['action', 'delete'], ['records', '6']]);
    await post(sandbox(), [['content', 'record'], ['action', 'rename'], ['record', '21'], ['new_record_name', 'NEW-21']]);
    sandbox().clock.advance(60);
    await post(sandbox(), [['content', 'record'], ['format', 'csv'], ['records', '1']]);
    const entries = await log();
    expect(entries.slice(0, 5)).toEqual([
      { timestamp: '2025-01-15 08:06', username: 'aokafor', action: 'Data export', details: 'Export records (API)', record: '' },
      { timestamp: '2025-01-15 08:05', username: 'aokafor', action: 'Update record NEW-21', details: "record_id = 'NEW-21' (renamed from '21')", record: 'NEW-21' },
      { timestamp: '2025-01-15 08:05', username: 'aokafor', action: 'Delete record 6', details: "record_id = '6'", record: '6' },
      { timestamp: '2025-01-15 08:03', username: 'aokafor', action: 'Create record (import) 21', details: "record_id = '21', first_name = 'Zoë'", record: '21' },
      { timestamp: '2025-01-15 08:03', username: 'aokafor', action: 'Update record (import) 5', details: "sbp = '141', race(1) = checked", record: '5' },
    ]);
    // The log export logs itself, after answering.
    expect((await log())[0]).toMatchObject({ action: 'Manage/Design', details: 'Export Logging (API)' });
  });

  it('filters by logtype, user, record, DAG and time window', async () => {
    await importJson(sandbox(), [{ record_id: '4', sbp: '120' }]);
    sandbox().clock.advance(600);
    await importJson(sandbox(), [{ record_id: '3', sbp: '121' }], [], TOKENS.noExport);
    await importJson(sandbox(), [{ record_id: '99', sex: '2' }]);
    await post(sandbox(), [['content', 'record'], ['action', 'delete'], ['records', '99']]);
    await post(sandbox(), [['content', 'metadata'], ['format', 'json']]);
    const actions = (entries: Entry[]): string[] => entries.map((entry) => entry.action);
    expect(actions(await log([['logtype', 'record']]))).toEqual(['Delete record 99', 'Create record (import) 99', 'Update record (import) 3', 'Update record (import) 4']);
    expect(actions(await log([['logtype', 'record_add']]))).toEqual(['Create record (import) 99']);
    expect(actions(await log([['logtype', 'record_edit']]))).toEqual(['Update record (import) 3', 'Update record (import) 4']);
    expect(actions(await log([['logtype', 'record_delete']]))).toEqual(['Delete record 99']);
    // Each of the four log exports above logged itself too.
    expect((await log([['logtype', 'manage']])).map((entry) => entry.details)).toEqual([...Array<string>(4).fill('Export Logging (API)'), 'Export data dictionary (API)']);
    expect(actions(await log([['user', 'import_bot']]))).toEqual(['Update record (import) 3']);
    expect(actions(await log([['record', '4']]))).toEqual(['Update record (import) 4']);
    expect(actions(await log([['beginTime', '2025-01-15 08:10'], ['logtype', 'record']]))).toEqual(['Delete record 99', 'Create record (import) 99', 'Update record (import) 3']);
    expect(actions(await log([['endTime', '2025-01-15 08:09'], ['logtype', 'record']]))).toEqual(['Update record (import) 4']);
    // Seeded record 4 is in the Vanderbilt DAG, record 3 in Boston.
    expect(actions(await log([['dag', 'vanderbilt'], ['logtype', 'record']]))).toEqual(['Update record (import) 4']);
    const csv = csvObjects((await post(sandbox(), [['content', 'log'], ['format', 'csv'], ['logtype', 'record_add']])).text);
    expect(csv).toEqual([{ timestamp: '2025-01-15 08:13', username: 'aokafor', action: 'Create record (import) 99', details: "record_id = '99', sex = '2'", record: '99' }]);
    const bad = await post(sandbox(), [['content', 'log'], ['format', 'json'], ['logtype', 'everything']]);
    expect([bad.status, errorOf(bad)]).toEqual([400, 'The value of the parameter "logtype" is not valid']);
    const badTime = await post(sandbox(), [['content', 'log'], ['format', 'json'], ['beginTime', 'yesterday']]);
    expect(badTime.status).toBe(400);
  });

  it('removes the values from a deleted record\'s logging with delete_logging=1', async () => {
    await importJson(sandbox(), [{ record_id: '9', first_name: 'Secret' }]);
    await post(sandbox(), [['content', 'record'], ['action', 'delete'], ['records', '9'], ['delete_logging', '1']]);
    const entries = await log([['record', '9']]);
    expect(entries.map((entry) => [entry.action, entry.details])).toEqual([
      ['Delete record 9', "record_id = '9'"],
      ['Update record (import) 9', "[All data values were removed from this record's logging activity.]"],
    ]);
  });

  it('logs file uploads and deletions and dictionary changes', async () => {
    await postMultipart(sandbox(), [['content', 'file'], ['action', 'import'], ['record', '2'], ['field', 'consent_form']], { field: 'file', name: 'consent.pdf', data: '%PDF-1.4' });
    await post(sandbox(), [['content', 'file'], ['action', 'delete'], ['record', '2'], ['field', 'consent_form']]);
    const metadata = (await postAs(sandbox(), TOKENS.heartFailure, [['content', 'metadata'], ['format', 'json']])).text;
    await postAs(sandbox(), TOKENS.heartFailure, [['content', 'metadata'], ['format', 'json'], ['data', metadata]]);
    const entries = await log([['record', '2']]);
    expect(entries.map((entry) => [entry.action, entry.details])).toEqual([
      ['Update record 2', "consent_form = ''"],
      ['Update record 2', expect.stringMatching(/^consent_form = '\d+'$/)],
    ]);
    const design = await log([['logtype', 'manage']], TOKENS.heartFailure);
    expect(design.map((entry) => entry.details)).toEqual(['Upload data dictionary (API)', 'Export data dictionary (API)']);
  });

  it('shows a DAG user only the logging of that DAG', async () => {
    await importJson(sandbox(), [{ record_id: '4', sbp: '120' }, { record_id: '3', sbp: '121' }]);
    const entries = await log([['logtype', 'record']], TOKENS.bostonDag);
    expect(entries.map((entry) => entry.record)).toEqual(['3']);
  });
});

describe('REDCap sandbox: server time zone', () => {
  it('stamps the same instant in the configured zone', async () => {
    const instant = new Date('2025-07-01T00:30:00Z');
    for (const [timezone, expected] of [['America/Chicago', '2025-06-30 19:30'], ['Asia/Tokyo', '2025-07-01 09:30'], ['UTC', '2025-07-01 00:30']] as const) {
      const sandbox = await startRedcapSandbox({ port: 0, records: 3, timezone, now: instant });
      try {
        await importJson(sandbox, [{ record_id: '1', sbp: '100' }]);
        const [entry] = jsonArray((await post(sandbox, [['content', 'log'], ['format', 'json'], ['logtype', 'record']])).text);
        expect(entry?.timestamp, timezone).toBe(expected);
        expect(sandbox.clock.timezone).toBe(timezone);
      } finally {
        await sandbox.close();
      }
    }
    await expect(startRedcapSandbox({ timezone: 'Mars/Olympus_Mons' })).rejects.toThrow(RangeError);
  });
});
