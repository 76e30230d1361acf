import { describe, expect, it } from 'vitest';
import { exportLogging, exportReport, recordEvents } from '../../../main/services/connectors/redcap/methods/index.ts';
import { appError, base, reply, scriptedRedcap } from './redcap-methods-harness.ts';

describe('reports', () => {
  it('exports a report as flat rows', async () => {
    const rows = [{ record_id: '1', redcap_repeat_instrument: '', redcap_repeat_instance: '', age: '42' }];
    const redcap = await scriptedRedcap(reply.json(rows));
    expect(await exportReport(redcap.api, { report_id: 12, rawOrLabel: 'label', rawOrLabelHeaders: 'label', exportCheckboxLabel: true, decimalCharacter: '.' })).toEqual(rows);
    expect(redcap.only().fields).toEqual(base({
      content: 'report', format: 'json', report_id: '12', rawOrLabel: 'label', rawOrLabelHeaders: 'label', exportCheckboxLabel: 'true', decimalCharacter: '.',
    }));
  });

  it('refuses a report that is not rows', async () => {
    const redcap = await scriptedRedcap(reply.json({ record_id: '1' }));
    expect(await appError(exportReport(redcap.api, { report_id: 12 }))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('the report') });
  });
});

describe('logging', () => {
  const entries = [
    { timestamp: '2024-10-11 10:44', username: 'unittestphifree', action: 'Manage/Design', details: 'Export Logging (API)', record: '' },
    { timestamp: '2024-10-11 10:06', username: 'itawilliamb', action: 'Update record (import) 5', details: "mugshot = '26'", record: '5' },
  ];

  it('exports log entries with every filter', async () => {
    const redcap = await scriptedRedcap(reply.json(entries));
    expect(await exportLogging(redcap.api, { logtype: 'record', user: 'itawilliamb', record: '5', dag: 'test_dag', beginTime: '2024-10-11 00:00', endTime: '2024-10-12 00:00' })).toEqual(entries);
    expect(redcap.only().fields).toEqual(base({
      content: 'log', format: 'json', logtype: 'record', user: 'itawilliamb', record: '5', dag: 'test_dag', beginTime: '2024-10-11 00:00', endTime: '2024-10-12 00:00',
    }));
  });

  it('checks the time format (minutes, no seconds) before sending', async () => {
    const redcap = await scriptedRedcap(reply.json([]));
    expect(await appError(exportLogging(redcap.api, { beginTime: '2024-10-11 00:00:00' }))).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('2024-03-01 14:30') });
    expect(redcap.sent).toHaveLength(0);
  });

  it('refuses an entry without its action', async () => {
    const redcap = await scriptedRedcap(reply.json([{ timestamp: '2024-10-11 10:44', username: 'x', details: '' }]));
    expect(await appError(exportLogging(redcap.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('action') });
  });

  it('tells which records were created, updated and deleted', () => {
    const log = [
      { action: 'Create record 50', record: '50' },
      { action: 'Update record (import) 5', record: '5' },
      { action: 'Update record (import) 5', record: '5' },
      { action: 'Create record (import) 7', record: '' },
      { action: 'Update record (Auto calculation) 8' },
      { action: 'Update survey response 9', record: '9' },
      { action: 'Delete record 3', record: '3' },
      { action: 'Delete record (API) 4', record: '4' },
      { action: 'Manage/Design', record: '' },
      { action: 'Edit user role', record: '' },
      { action: 'Lock/Unlock Record 5', record: '5' },
    ];
    expect(recordEvents(log)).toEqual({ created: ['50', '7'], updated: ['5', '8', '9'], deleted: ['3', '4'] });
  });
});
