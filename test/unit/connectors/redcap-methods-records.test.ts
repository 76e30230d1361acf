import { describe, expect, it } from 'vitest';
import { deleteRecords, exportRecords, exportRecordsCsv, generateNextRecordName, importRecords, renameRecord } from '../../../main/services/connectors/redcap/methods/index.ts';
import { appError, base, reply, scriptedRedcap } from './redcap-methods-harness.ts';

// PyCap's doctest row of a longitudinal project with a repeating event (reference §1.5).
const flatRow = { record_id: '1', redcap_event_name: 'event_1_arm_1', redcap_repeat_instrument: '', redcap_repeat_instance: 1, field_1: '1', checkbox_field___1: '0' };

describe('exporting records', () => {
  it('asks for flat JSON with every filter spelled the way REDCap reads it', async () => {
    const redcap = await scriptedRedcap(reply.json([flatRow, { ...flatRow, redcap_repeat_instance: '' }]));
    const rows = await exportRecords(redcap.api, {
      records: ['1', '2'],
      fields: ['record_id', 'field_1'],
      forms: ['form_1'],
      events: ['event_1_arm_1'],
      rawOrLabel: 'label',
      rawOrLabelHeaders: 'raw',
      exportCheckboxLabel: true,
      filterLogic: "[age] > 30 and [sex] = '1'",
      dateRangeBegin: '2024-01-01 00:00:00',
      dateRangeEnd: '2024-12-31 23:59:59',
      exportSurveyFields: false,
      exportDataAccessGroups: true,
      decimalCharacter: ',',
      exportBlankForGrayFormStatus: true,
    });
    expect(rows).toEqual([flatRow, { ...flatRow, redcap_repeat_instance: '' }]);
    expect(redcap.only().fields).toEqual(base({
      content: 'record', action: 'export', type: 'flat', format: 'json',
      'records[0]': '1', 'records[1]': '2', 'fields[0]': 'record_id', 'fields[1]': 'field_1', 'forms[0]': 'form_1', 'events[0]': 'event_1_arm_1',
      rawOrLabel: 'label', rawOrLabelHeaders: 'raw', exportCheckboxLabel: 'true', filterLogic: "[age] > 30 and [sex] = '1'",
      dateRangeBegin: '2024-01-01 00:00:00', dateRangeEnd: '2024-12-31 23:59:59', exportSurveyFields: 'false', exportDataAccessGroups: 'true',
      decimalCharacter: ',', exportBlankForGrayFormStatus: 'true',
    }));
  });

  it('reads EAV rows, where checkboxes carry the checked code', async () => {
    const eav = [{ record: '1', field_name: 'race', value: '3' }, { record: '1', field_name: 'race', value: '5' }];
    const redcap = await scriptedRedcap(reply.json(eav));
    expect(await exportRecords(redcap.api, { type: 'eav', fields: ['race'] })).toEqual(eav);
    expect(redcap.only().fields).toMatchObject({ type: 'eav', format: 'json', 'fields[0]': 'race' });
  });

  it('answers [] when no record matches', async () => {
    const redcap = await scriptedRedcap(reply.json([]));
    expect(await exportRecords(redcap.api, { records: ['nope'] })).toEqual([]);
  });

  it('refuses rows that are not what REDCap sends, saying which column is wrong', async () => {
    const redcap = await scriptedRedcap(reply.json([{ ...flatRow, redcap_repeat_instance: '1' }]));
    const error = await appError(exportRecords(redcap.api));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toMatch(/records.*redcap_repeat_instance.*instance number/);
    const numbers = await scriptedRedcap(reply.json([{ record_id: 1 }]));
    expect((await appError(exportRecords(numbers.api))).message).toMatch(/record_id: expected text/);
  });

  it('stops when cancelled', async () => {
    const redcap = await scriptedRedcap(reply.json([]));
    const controller = new AbortController();
    controller.abort();
    expect(await appError(exportRecords(redcap.api, { signal: controller.signal }))).toMatchObject({ code: 'CANCELLED' });
    expect(redcap.sent).toHaveLength(0);
  });

  it('checks the date range format before sending anything', async () => {
    const redcap = await scriptedRedcap(reply.json([]));
    const error = await appError(exportRecords(redcap.api, { dateRangeBegin: '2024-01-01' }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('2024-03-01 14:30:00') });
    expect(redcap.sent).toHaveLength(0);
  });

  it("hands back REDCap's own CSV untouched, with the chosen delimiter", async () => {
    const csv = 'record_id,redcap_event_name,field_1\n1,"Event 1",1\n';
    const redcap = await scriptedRedcap(reply.text(csv, 200, 'text/csv; charset=utf-8'));
    expect(await exportRecordsCsv(redcap.api, { csvDelimiter: 'tab', rawOrLabelHeaders: 'label' })).toBe(csv);
    expect(redcap.only().fields).toEqual(base({ content: 'record', action: 'export', type: 'flat', format: 'csv', csvDelimiter: 'tab', rawOrLabelHeaders: 'label' }));
  });

  it("explains REDCap's unknown-field error", async () => {
    const redcap = await scriptedRedcap(reply.csvError(`The following values in the parameter "fields" are not valid: 'specimen_study_id'`));
    const error = await appError(exportRecords(redcap.api, { fields: ['specimen_study_id'] }));
    expect(error).toMatchObject({ code: 'SERVICE_ERROR', message: expect.stringContaining('specimen_study_id') });
  });
});

describe('importing records', () => {
  const rows = [{ record_id: '1', maristat: 1 }, { record_id: '2', maristat: '0' }];

  it('sends the rows as JSON with the import options, and reads the count', async () => {
    const redcap = await scriptedRedcap(reply.json({ count: 2 }));
    const count: number = await importRecords(redcap.api, { data: rows, overwriteBehavior: 'overwrite', dateFormat: 'MDY' });
    expect(count).toBe(2);
    const sent = redcap.only();
    expect(sent.fields).toEqual(base({
      content: 'record', format: 'json', type: 'flat', overwriteBehavior: 'overwrite', forceAutoNumber: 'false', dateFormat: 'MDY',
      returnContent: 'count', data: JSON.stringify(rows),
    }));
    expect(JSON.parse(sent.fields.data!)).toEqual(rows);
  });

  it('reads each returnContent in its own shape', async () => {
    const ids = await scriptedRedcap(reply.json(['1', '2']));
    const idList: string[] = await importRecords(ids.api, { data: rows, returnContent: 'ids' });
    expect(idList).toEqual(['1', '2']);

    const auto = await scriptedRedcap(reply.json(['323,10', '324,11']));
    expect(await importRecords(auto.api, { data: rows, returnContent: 'auto_ids', forceAutoNumber: true })).toEqual([
      { id: '323', originalId: '10' },
      { id: '324', originalId: '11' },
    ]);
    expect(auto.only().fields).toMatchObject({ returnContent: 'auto_ids', forceAutoNumber: 'true' });

    const nothing = await scriptedRedcap(reply.text(''));
    expect(await importRecords(nothing.api, { data: rows, returnContent: 'nothing' })).toBeNull();
  });

  it('imports EAV rows', async () => {
    const eav = [{ record: '1', field_name: 'race___3', value: '1' }];
    const redcap = await scriptedRedcap(reply.json({ count: 1 }));
    expect(await importRecords(redcap.api, { data: eav, type: 'eav' })).toBe(1);
    expect(redcap.only().fields).toMatchObject({ type: 'eav', data: JSON.stringify(eav) });
  });

  it('queues a background import with backgroundProcess=1', async () => {
    const redcap = await scriptedRedcap(reply.json({ success: true }));
    expect(await importRecords(redcap.api, { data: rows, backgroundProcess: true })).toEqual({ queued: true });
    expect(redcap.only().fields).toMatchObject({ backgroundProcess: '1' });
    const refused = await scriptedRedcap(reply.json({ success: false }));
    expect(await appError(importRecords(refused.api, { data: rows, backgroundProcess: true }))).toMatchObject({ code: 'SERVICE_ERROR' });
  });

  it('refuses answers of the wrong shape for the mode asked', async () => {
    const redcap = await scriptedRedcap(reply.json(['1']));
    const error = await appError(importRecords(redcap.api, { data: rows }));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toMatch(/import count/);
    const pairs = await scriptedRedcap(reply.json(['323']));
    expect((await appError(importRecords(pairs.api, { data: rows, returnContent: 'auto_ids' }))).message).toMatch(/"new,old" ID pair/);
  });

  it('retries an import under fixed record IDs after a 503, but never one that auto-numbers', async () => {
    const fixed = await scriptedRedcap(reply.text('busy', 503), reply.json({ count: 2 }));
    expect(await importRecords(fixed.api, { data: rows })).toBe(2);
    expect(fixed.sent).toHaveLength(2);

    const auto = await scriptedRedcap(reply.text('busy', 503), reply.json({ count: 2 }));
    expect(await appError(importRecords(auto.api, { data: rows, forceAutoNumber: true }))).toMatchObject({ code: 'SERVICE_ERROR' });
    expect(auto.sent).toHaveLength(1);
  });
});

describe('deleting and renaming records', () => {
  it('deletes records (or parts of them) with delete_logging as 0/1 and reads the count', async () => {
    const redcap = await scriptedRedcap(reply.json(2));
    expect(await deleteRecords(redcap.api, { records: ['1', '2'], arm: 1, instrument: 'visit', event: 'v1_arm_1', repeat_instance: 2, delete_logging: true })).toBe(2);
    expect(redcap.only().fields).toEqual(base({
      content: 'record', action: 'delete', format: 'json', 'records[0]': '1', 'records[1]': '2', arm: '1', instrument: 'visit', event: 'v1_arm_1', repeat_instance: '2', delete_logging: '1',
    }));
  });

  it('is sent once, and passes on REDCap reasons for refusing', async () => {
    const redcap = await scriptedRedcap(reply.error('One or more of the records provided cannot be deleted because they do not exist in the project. The following records do not exist: 1'));
    const error = await appError(deleteRecords(redcap.api, { records: ['1'], delete_logging: false }));
    expect(error).toMatchObject({ code: 'SERVICE_ERROR', message: expect.stringContaining('do not exist') });
    expect(redcap.only().fields.delete_logging).toBe('0');
  });

  it('refuses a count that is not a number', async () => {
    const redcap = await scriptedRedcap(reply.json({ count: 2 }));
    expect(await appError(deleteRecords(redcap.api, { records: ['1'] }))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('number of deleted records') });
  });

  it('renames a record', async () => {
    const redcap = await scriptedRedcap(reply.json(1));
    await renameRecord(redcap.api, { record: '1', new_record_name: '1001', arm: 2 });
    expect(redcap.only().fields).toEqual(base({ content: 'record', action: 'rename', format: 'json', record: '1', new_record_name: '1001', arm: '2' }));
    const odd = await scriptedRedcap(reply.json(0));
    expect(await appError(renameRecord(odd.api, { record: '1', new_record_name: '2' }))).toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('reads the next record name as plain text, DAG prefix included', async () => {
    const redcap = await scriptedRedcap(reply.text('223-3'));
    expect(await generateNextRecordName(redcap.api)).toBe('223-3');
    expect(redcap.only().fields).toEqual(base({ content: 'generateNextRecordName' }));
    const odd = await scriptedRedcap(reply.text('next is 3'));
    expect(await appError(generateNextRecordName(odd.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('next record name') });
  });
});
