// Each area of the REDCap client against the local REDCap sandbox: what the wire-level tests assume
// about REDCap's answers, checked against a server built from the same reference.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../../shared/contract/errors.ts';
import { RedcapApi } from '../../../main/services/connectors/redcap/api.ts';
import * as redcap from '../../../main/services/connectors/redcap/methods/index.ts';
import { HttpClient } from '../../../main/services/http/http-client.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';

const CLASSIC = 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE01';
const LONGITUDINAL = 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE02';

let sandbox: RedcapSandbox | undefined;
beforeEach(async () => {
  sandbox = await startRedcapSandbox({ records: 12 });
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function api(token: string): RedcapApi {
  if (sandbox === undefined) throw new Error('sandbox not started');
  return new RedcapApi(new HttpClient(fetch, { baseDelayMs: 1, maxDelayMs: 2 }), sandbox.url, token);
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => new Error('expected the call to fail'), (caught: unknown) => caught);
  if (!isAppError(error)) throw error;
  expect(JSON.stringify({ message: error.message, details: error.details })).not.toMatch(/C0FFEE/);
  return error;
}

async function recordIds(token: string, idField: string): Promise<string[]> {
  const rows = await redcap.exportRecords(api(token), { fields: [idField] });
  return [...new Set(rows.map((row) => String(row[idField])))];
}

describe('records against the sandbox', () => {
  it('exports flat rows, EAV rows and REDCap\'s own CSV for the same records', async () => {
    const classic = api(CLASSIC);
    const [first, second] = await recordIds(CLASSIC, 'record_id');
    const flat = await redcap.exportRecords(classic, { records: [first!, second!], fields: ['record_id', 'sex', 'race'] });
    expect(flat.map((row) => row.record_id)).toEqual([first, second]);
    expect(Object.keys(flat[0]!)).toEqual(['record_id', 'sex', 'race___1', 'race___2', 'race___3', 'race___4', 'race___5']);
    const eav = await redcap.exportRecords(classic, { type: 'eav', records: [first!], fields: ['sex'] });
    expect(eav).toEqual([expect.objectContaining({ record: first, field_name: 'sex', value: flat[0]!.sex })]);
    const csv = await redcap.exportRecordsCsv(classic, { records: [first!], fields: ['record_id', 'sex'] });
    expect(csv.split('\n')[0]).toBe('record_id,sex');
  });

  it('keeps redcap_repeat_instance a number in a longitudinal project with repeats', async () => {
    const rows = await redcap.exportRecords(api(LONGITUDINAL), { forms: ['adverse_events'], fields: ['study_id'] });
    expect(rows.some((row) => typeof row.redcap_repeat_instance === 'number')).toBe(true);
    expect(rows.every((row) => row.redcap_repeat_instance === '' || typeof row.redcap_repeat_instance === 'number')).toBe(true);
  });

  it('imports a new record, renames it and deletes it', async () => {
    const classic = api(CLASSIC);
    const name = await redcap.generateNextRecordName(classic);
    expect(await redcap.importRecords(classic, { data: [{ record_id: name, first_name: 'Test', sex: '1' }], returnContent: 'ids' })).toEqual([name]);
    const renamed = `${name}00`;
    await redcap.renameRecord(classic, { record: name, new_record_name: renamed });
    expect((await redcap.exportRecords(classic, { records: [renamed], fields: ['record_id', 'first_name'] }))[0]).toEqual({ record_id: renamed, first_name: 'Test' });
    expect(await redcap.deleteRecords(classic, { records: [renamed] })).toBe(1);
    expect(await redcap.exportRecords(classic, { records: [renamed] })).toEqual([]);
  });

  it('queues a background import, and imports quietly with returnContent=nothing', async () => {
    const classic = api(CLASSIC);
    const name = await redcap.generateNextRecordName(classic);
    expect(await redcap.importRecords(classic, { data: [{ record_id: name, first_name: 'Background' }], backgroundProcess: true })).toEqual({ queued: true });
    expect(await redcap.importRecords(classic, { data: [{ record_id: `${name}1`, first_name: 'Quiet' }], returnContent: 'nothing' })).toBeNull();
    expect((await redcap.exportRecords(classic, { records: [`${name}1`], fields: ['first_name'] }))[0]).toEqual({ first_name: 'Quiet' });
  });

  it('returns auto-numbered IDs as new,old pairs', async () => {
    const classic = api(CLASSIC);
    const next = await redcap.generateNextRecordName(classic);
    expect(await redcap.importRecords(classic, { data: [{ record_id: 'temp-1', first_name: 'Auto' }], forceAutoNumber: true, returnContent: 'auto_ids' })).toEqual([{ id: next, originalId: 'temp-1' }]);
  });

  it('turns row errors and unknown columns into structured details', async () => {
    const classic = api(CLASSIC);
    const [first] = await recordIds(CLASSIC, 'record_id');
    const rows = await failure(redcap.importRecords(classic, { data: [{ record_id: first!, sex: '9', sbp: 'high' }] }));
    expect(rows.code).toBe('SERVICE_ERROR');
    expect(rows.details?.rowErrors).toEqual([
      { record: first, field: 'sex', value: '9', message: 'The value is not a valid category for sex' },
      { record: first, field: 'sbp', value: 'high', message: 'The value you provided could not be validated because it does not follow the expected format. Please try again.' },
    ]);
    expect(rows.message).not.toContain('high');
    const columns = await failure(redcap.importRecords(classic, { data: [{ record_id: first!, foo: 'x', baz: 'y' }] }));
    expect(columns.details).toMatchObject({ unknownFields: ['foo', 'baz'] });
    const events = await failure(redcap.importRecords(api(LONGITUDINAL), { data: [{ study_id: 'X-1', redcap_event_name: 'visit_11_arm_1' }] }));
    expect(events.details).toMatchObject({ invalidEvents: ['visit_11_arm_1'] });
  });
});

describe('metadata against the sandbox', () => {
  it('exports the dictionary, instruments, export field names and a PDF', async () => {
    const classic = api(CLASSIC);
    const dictionary = await redcap.exportMetadata(classic, { forms: ['enrollment'] });
    expect(dictionary[0]).toMatchObject({ field_name: 'record_id', form_name: 'enrollment' });
    expect((await redcap.exportInstruments(classic)).map((instrument) => instrument.instrument_name)).toEqual(['enrollment', 'medical_history', 'baseline_visit', 'laboratory']);
    expect((await redcap.exportFieldNames(classic, { field: 'race' })).map((name) => name.export_field_name)).toEqual(['race___1', 'race___2', 'race___3', 'race___4', 'race___5']);
    const pdf = await redcap.exportPdf(classic, { instrument: 'enrollment' });
    expect(pdf.contentType).toBe('application/pdf');
  });

  it('imports a dictionary only in development, as REDCap does', async () => {
    const production = await failure(redcap.importMetadata(api(CLASSIC), { data: await redcap.exportMetadata(api(CLASSIC)) }));
    expect(production.code).toBe('SERVICE_ERROR');
    const longitudinal = api(LONGITUDINAL);
    const dictionary = await redcap.exportMetadata(longitudinal);
    expect(await redcap.importMetadata(longitudinal, { data: dictionary })).toBe(dictionary.length);
  });
});

describe('arms, events and mappings against the sandbox', () => {
  it('refuses arms for a classic project', async () => {
    expect(await failure(redcap.exportArms(api(CLASSIC)))).toMatchObject({ code: 'SERVICE_ERROR', message: expect.stringContaining('classic projects') });
  });

  it('exports the longitudinal structure', async () => {
    const longitudinal = api(LONGITUDINAL);
    expect(await redcap.exportArms(longitudinal)).toEqual([{ arm_num: 1, name: 'Intervention' }, { arm_num: 2, name: 'Observation' }]);
    const events = await redcap.exportEvents(longitudinal, { arms: [2] });
    expect(events.map((event) => event.unique_event_name)).toEqual(['screening_arm_2', 'baseline_arm_2']);
    const mapping = await redcap.exportFormEventMapping(longitudinal, { arms: [1] });
    expect(mapping).toContainEqual({ arm_num: 1, unique_event_name: 'month_3_arm_1', form: 'adverse_events' });
    const repeating = await redcap.exportRepeatingFormsEvents(longitudinal);
    expect(repeating).toContainEqual(expect.objectContaining({ event_name: 'unscheduled_arm_1', form_name: '' }));
  });

  it('imports and deletes arms and events, and replaces the mapping', async () => {
    const longitudinal = api(LONGITUDINAL);
    expect(await redcap.importArms(longitudinal, { data: [{ arm_num: 3, name: 'Extension' }] })).toBe(1);
    expect(await redcap.importEvents(longitudinal, { data: [{ event_name: 'Extension visit', arm_num: 3 }] })).toBe(1);
    const added = (await redcap.exportEvents(longitudinal, { arms: [3] }))[0]!;
    expect(added).toMatchObject({ event_name: 'Extension visit', arm_num: 3 });
    const mapping = await redcap.exportFormEventMapping(longitudinal);
    expect(await redcap.importFormEventMapping(longitudinal, { data: [...mapping, { arm_num: 3, unique_event_name: added.unique_event_name, form: 'vitals' }] })).toBe(mapping.length + 1);
    const repeating = await redcap.exportRepeatingFormsEvents(longitudinal);
    expect(await redcap.importRepeatingFormsEvents(longitudinal, { data: repeating })).toBe(repeating.length);
    expect(await redcap.deleteEvents(longitudinal, { events: [added.unique_event_name] })).toBe(1);
    expect(await redcap.deleteArms(longitudinal, { arms: [3] })).toBe(1);
    expect((await redcap.exportArms(longitudinal)).map((arm) => arm.arm_num)).toEqual([1, 2]);
  });
});

describe('the project against the sandbox', () => {
  it('exports information, version and project XML, and imports settings', async () => {
    const longitudinal = api(LONGITUDINAL);
    expect(await redcap.exportProjectInfo(longitudinal)).toMatchObject({ project_id: '1342', is_longitudinal: true });
    expect(await redcap.exportVersion(longitudinal)).toMatch(/^\d+\.\d+\.\d+$/);
    expect(await redcap.exportProjectXml(longitudinal, { returnMetadataOnly: true })).toContain('<ODM');
    expect(await redcap.importProjectSettings(longitudinal, { data: { project_notes: 'Updated by a test' } })).toBe(1);
    expect(await redcap.exportProjectInfo(longitudinal)).toMatchObject({ project_notes: 'Updated by a test' });
  });
});

describe('files against the sandbox', () => {
  it('uploads, downloads and deletes a file in a record field', async () => {
    const classic = api(CLASSIC);
    const [first] = await recordIds(CLASSIC, 'record_id');
    const bytes = new TextEncoder().encode('%PDF-1.4 signed consent');
    await redcap.importFile(classic, { record: first!, field: 'consent_form', file: { bytes, fileName: 'consent.pdf', contentType: 'application/pdf' } });
    const file = await redcap.exportFile(classic, { record: first!, field: 'consent_form' });
    expect(file.fileName).toBe('consent.pdf');
    expect(new TextDecoder().decode(file.bytes)).toBe('%PDF-1.4 signed consent');
    await redcap.deleteFile(classic, { record: first!, field: 'consent_form' });
    expect(await failure(redcap.exportFile(classic, { record: first!, field: 'consent_form' }))).toMatchObject({ code: 'SERVICE_ERROR' });
  });

  it('works the File Repository: list, create a folder, upload, download, delete', async () => {
    const classic = api(CLASSIC);
    expect(await redcap.listRepository(classic)).toContainEqual({ kind: 'document', doc_id: 9001, name: 'README.txt' });
    const folder = await redcap.createFolder(classic, { name: 'Test uploads' });
    await redcap.importDocument(classic, { folder_id: folder, file: { bytes: new TextEncoder().encode('hello'), fileName: 'hello.txt', contentType: 'text/plain' } });
    const [document] = await redcap.listRepository(classic, { folder_id: folder });
    expect(document).toMatchObject({ kind: 'document', name: 'hello.txt' });
    if (document?.kind !== 'document') throw new Error('expected a document');
    const downloaded = await redcap.exportDocument(classic, { doc_id: document.doc_id });
    expect(downloaded.fileName).toBe('hello.txt');
    expect(new TextDecoder().decode(downloaded.bytes)).toBe('hello');
    await redcap.deleteDocument(classic, { doc_id: document.doc_id });
    expect(await redcap.listRepository(classic, { folder_id: folder })).toEqual([]);
  });
});

describe('users, roles and DAGs against the sandbox', () => {
  it('exports users with numeric rights and roles with string rights, and their assignments', async () => {
    const classic = api(CLASSIC);
    expect(await redcap.exportUsers(classic)).toContainEqual(expect.objectContaining({ username: 'aokafor', design: 1 }));
    expect(await redcap.exportUserRoles(classic)).toContainEqual(expect.objectContaining({ unique_role_name: 'U-4C7KQ2WM9D', role_label: 'Data Entry', api_import: '1' }));
    expect(await redcap.exportUserRoleMapping(classic)).toContainEqual(expect.objectContaining({ username: 'jsmith', unique_role_name: 'U-4C7KQ2WM9D' }));
  });

  it('imports and deletes users and roles, and assigns roles', async () => {
    const classic = api(CLASSIC);
    expect(await redcap.importUsers(classic, { data: [{ username: 'new_user', api_export: 1 }] })).toBe(1);
    expect(await redcap.importUserRoleMapping(classic, { data: [{ username: 'new_user', unique_role_name: 'U-8PXN3TAR6H' }] })).toBe(1);
    expect(await redcap.exportUserRoleMapping(classic)).toContainEqual(expect.objectContaining({ username: 'new_user', unique_role_name: 'U-8PXN3TAR6H' }));
    expect(await redcap.deleteUsers(classic, { users: ['new_user'] })).toBe(1);
    expect(await redcap.importUserRoles(classic, { data: [{ role_label: 'Monitor', design: '0' }] })).toBe(1);
    const monitor = (await redcap.exportUserRoles(classic)).find((role) => role.role_label === 'Monitor');
    expect(monitor).toBeDefined();
    expect(await redcap.deleteUserRoles(classic, { roles: [monitor!.unique_role_name] })).toBe(1);
  });

  it('imports, assigns, switches and deletes DAGs', async () => {
    const classic = api(CLASSIC);
    expect(await redcap.importDags(classic, { data: [{ data_access_group_name: 'New DAG', unique_group_name: '' }] })).toBe(1);
    expect(await redcap.exportDags(classic)).toContainEqual(expect.objectContaining({ data_access_group_name: 'New DAG', unique_group_name: 'new_dag' }));
    expect(await redcap.importUserDagMapping(classic, { data: [{ username: 'mgarcia', redcap_data_access_group: 'new_dag' }] })).toBe(1);
    expect(await redcap.exportUserDagMapping(classic)).toContainEqual({ username: 'mgarcia', redcap_data_access_group: 'new_dag' });
    expect(await redcap.deleteDags(classic, { dags: ['new_dag'] })).toBe(1);
    await redcap.switchDag(api('C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE05'), { dag: 'chicago' });
  });
});

describe('reports, logging and surveys against the sandbox', () => {
  it('exports a report with its own fields and filter', async () => {
    const rows = await redcap.exportReport(api(CLASSIC), { report_id: 4101 });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.diabetes === '1')).toBe(true);
    expect(Object.keys(rows[0]!)).toEqual(['record_id', 'sex', 'diabetes', 'diabetes_type', 'hba1c', 'laboratory_complete']);
  });

  it('logs an import, and recordEvents finds the created, updated and deleted records', async () => {
    const classic = api(CLASSIC);
    const name = await redcap.generateNextRecordName(classic);
    await redcap.importRecords(classic, { data: [{ record_id: name, first_name: 'Logged' }] });
    await redcap.importRecords(classic, { data: [{ record_id: name, first_name: 'Logged again' }] });
    await redcap.deleteRecords(classic, { records: [name] });
    const entries = await redcap.exportLogging(classic, { logtype: 'record' });
    const events = redcap.recordEvents(entries);
    expect(events.created).toContain(name);
    expect(events.updated).toContain(name);
    expect(events.deleted).toContain(name);
  });

  it('exports the participant list, survey links and codes', async () => {
    const classic = api(CLASSIC);
    const [first] = await recordIds(CLASSIC, 'record_id');
    const participants = await redcap.exportParticipantList(classic, { instrument: 'medical_history' });
    expect(participants.length).toBeGreaterThan(0);
    expect(await redcap.exportSurveyLink(classic, { record: first!, instrument: 'medical_history' })).toMatch(/\/surveys\/\?s=/);
    expect(await redcap.exportSurveyQueueLink(classic, { record: first! })).toMatch(/\/surveys\/\?sq=/);
    expect(await redcap.exportSurveyAccessCode(classic, { record: first!, instrument: 'medical_history' })).toHaveLength(9);
    expect(await redcap.exportSurveyReturnCode(classic, { record: first!, instrument: 'medical_history' })).toHaveLength(8);
  });
});
