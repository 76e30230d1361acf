import { describe, expect, it } from 'vitest';
import { exportRecords, importRecords, importUsers, parseImportErrors } from '../../../main/services/connectors/redcap/methods/index.ts';
import { appError, reply, scriptedRedcap } from './redcap-methods-harness.ts';

// Verbatim from a real server (reference §1.3.1, BADJSON).
const badjson = '"1","maristat","01234","The value is not a valid category for maristat"\n"2","maristat","56789","The value is not a valid category for maristat"';
const formatMessage = 'The value you provided could not be validated because it does not follow the expected format. Please try again.';

describe('reading REDCap import errors', () => {
  it('reads the per-row lines of a JSON error body', () => {
    expect(parseImportErrors(JSON.stringify({ error: badjson }))).toEqual({
      rowErrors: [
        { record: '1', field: 'maristat', value: '01234', message: 'The value is not a valid category for maristat' },
        { record: '2', field: 'maristat', value: '56789', message: 'The value is not a valid category for maristat' },
      ],
      unknownFields: [],
      invalidEvents: [],
      messages: [],
    });
  });

  it('reads the csv shape, ERROR: prefix and all', () => {
    expect(parseImportErrors(`ERROR: "1","weight_kg","22","${formatMessage}"`).rowErrors).toEqual([{ record: '1', field: 'weight_kg', value: '22', message: formatMessage }]);
  });

  it('keeps commas, doubled quotes and line breaks inside values', () => {
    const text = '"7","notes","He said ""no"", twice\nthen left","The value is too long"\r\n"8","dob","1/2/3","' + formatMessage + '"';
    expect(parseImportErrors(text).rowErrors).toEqual([
      { record: '7', field: 'notes', value: 'He said "no", twice\nthen left', message: 'The value is too long' },
      { record: '8', field: 'dob', value: '1/2/3', message: formatMessage },
    ]);
  });

  it('keeps a message that itself holds quotes and commas whole', () => {
    const message = "This field ('visit_date') exists on an instrument that is not designated for the event named 'Baseline (Arm 1: Drug A)'. You are not allowed to import data for this field into this event.";
    expect(parseImportErrors(JSON.stringify({ error: `"3","visit_date","2024-01-01","${message}"` })).rowErrors[0]).toEqual({ record: '3', field: 'visit_date', value: '2024-01-01', message });
  });

  it('turns the whole-request errors into field and event lists', () => {
    expect(parseImportErrors('{"error":"The following fields were not found in the project as real data fields: foo, baz"}')).toMatchObject({ unknownFields: ['foo', 'baz'], rowErrors: [] });
    expect(parseImportErrors('{"error":"The following values of redcap_event_name are invalid: visit_11_arm_1, visit_12_arm_1"}')).toMatchObject({ invalidEvents: ['visit_11_arm_1', 'visit_12_arm_1'] });
  });

  it('keeps any other message as it is', () => {
    expect(parseImportErrors('<?xml version="1.0" encoding="UTF-8" ?><hash><error>The data being imported is not formatted correctly.</error></hash>')).toEqual({
      rowErrors: [], unknownFields: [], invalidEvents: [], messages: ['The data being imported is not formatted correctly.'],
    });
    // A quote that never closes is not a row REDCap wrote.
    expect(parseImportErrors('"1","a').messages).toEqual(['"1","a']);
  });
});

describe('a refused import', () => {
  it('throws SERVICE_ERROR with the rows in details and only counts and field names in the message', async () => {
    const redcap = await scriptedRedcap(reply.error(badjson));
    const error = await appError(importRecords(redcap.api, { data: [{ record_id: '1', maristat: '01234' }, { record_id: '2', maristat: '56789' }] }));
    expect(error.code).toBe('SERVICE_ERROR');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("REDCap refused the import and saved nothing: 2 values in 2 records did not pass REDCap's checks (maristat ×2). The error details list each record, field and value; correct them and import again.");
    expect(error.message).not.toMatch(/01234|56789/);
    expect(error.details).toEqual({
      status: 400,
      rowErrors: [
        { record: '1', field: 'maristat', value: '01234', message: 'The value is not a valid category for maristat' },
        { record: '2', field: 'maristat', value: '56789', message: 'The value is not a valid category for maristat' },
      ],
      unknownFields: [],
      invalidEvents: [],
      messages: [],
    });
  });

  it('reads the csv error shape too', async () => {
    const redcap = await scriptedRedcap(reply.csvError(`"1","weight_kg","22","${formatMessage}"`));
    const error = await appError(importRecords(redcap.api, { data: [{ record_id: '1', weight_kg: '22' }] }));
    expect(error.message).toMatch(/^REDCap refused the import and saved nothing: 1 value in 1 record did not pass REDCap's checks \(weight_kg\)/);
    expect(error.details?.rowErrors).toEqual([{ record: '1', field: 'weight_kg', value: '22', message: formatMessage }]);
  });

  it('says which columns are not fields, and how many event names are wrong', async () => {
    const fields = await scriptedRedcap(reply.error('The following fields were not found in the project as real data fields: foo, baz'));
    const unknown = await appError(importRecords(fields.api, { data: [{ record_id: '1', foo: 'x', baz: 'y' }] }));
    expect(unknown.message).toMatch(/2 columns are not fields of this project \(foo, baz\)/);
    expect(unknown.details).toMatchObject({ unknownFields: ['foo', 'baz'] });

    const events = await scriptedRedcap(reply.error('The following values of redcap_event_name are invalid: visit_11_arm_1, visit_12_arm_1'));
    const invalid = await appError(importRecords(events.api, { data: [{ record_id: '1', redcap_event_name: 'visit_11_arm_1' }] }));
    expect(invalid.message).toMatch(/2 redcap_event_name values are not events of this project/);
    expect(invalid.message).not.toContain('visit_11_arm_1');
    expect(invalid.details).toMatchObject({ invalidEvents: ['visit_11_arm_1', 'visit_12_arm_1'] });
  });

  it("keeps any other reason out of the message, since it may quote the data", async () => {
    const redcap = await scriptedRedcap(reply.error('The record "MRN-0042" cannot be imported'));
    const error = await appError(importRecords(redcap.api, { data: [{ record_id: 'MRN-0042' }] }));
    expect(error.code).toBe('SERVICE_ERROR');
    expect(error.message).not.toContain('MRN-0042');
    expect(error.message).toMatch(/REDCap refused the import \(HTTP 400\) and saved nothing\. REDCap gave a reason that may quote your data/);
    expect(error.details).toMatchObject({ messages: ['The record "MRN-0042" cannot be imported'] });
  });

  it('leaves the token-and-rights errors to the generic reading', async () => {
    const redcap = await scriptedRedcap(reply.error('You do not have API Import/Update privileges', 403));
    expect(await appError(importRecords(redcap.api, { data: [{ record_id: '1' }] }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Import/Update privileges') });
  });

  it('changes nothing for other calls, even when their error text looks alike', async () => {
    const redcap = await scriptedRedcap(reply.error(badjson));
    const error = await appError(exportRecords(redcap.api));
    expect(error.code).toBe('SERVICE_ERROR');
    expect(error.message).toMatch(/^REDCap could not carry out the request \(HTTP 400\)\. REDCap says:/);
    expect(error.details).toEqual({ status: 400 });
    const users = await scriptedRedcap(reply.error('The following fields were not found in the project as real data fields: foo'));
    expect((await appError(importUsers(users.api, { data: [{ username: 'a' }] }))).details).toEqual({ status: 400 });
  });
});
