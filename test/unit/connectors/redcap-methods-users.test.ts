import { describe, expect, it } from 'vitest';
import {
  deleteDags, deleteUserRoles, deleteUsers, exportDags, exportUserDagMapping, exportUserRoleMapping, exportUserRoles, exportUsers, importDags,
  importUserDagMapping, importUserRoleMapping, importUserRoles, importUsers, switchDag,
} from '../../../main/services/connectors/redcap/methods/index.ts';
import { appError, base, reply, scriptedRedcap } from './redcap-methods-harness.ts';

// The reference's literal user export (§1.4): rights are numbers.
const user = {
  username: 'jdoe', email: 'jdoe@example.edu', firstname: 'Jane', lastname: 'Doe', expiration: '', data_access_group: '', data_access_group_id: '',
  data_access_group_label: '', design: 1, alerts: 1, user_rights: 1, api_export: 1, api_import: 1, api_modules: 1, mobile_app: 1,
  mobile_app_download_data: 0, record_create: 1, record_rename: 1, record_delete: 1, lock_records_all_forms: 1, lock_records: 1,
  lock_records_customization: 0, forms: { form_1: 1 }, forms_export: { form_1: 1 },
};
// PyCap's doctest role export: rights are strings, per-form rights numbers.
const role = { unique_role_name: 'U-573AEYRNR8', role_label: 'Example Role', design: '0', user_rights: '0', api_export: '1', forms: { form_1: 2 }, forms_export: { form_1: 0 } };

describe('users', () => {
  it('exports users with numeric rights', async () => {
    const redcap = await scriptedRedcap(reply.json([user]));
    expect(await exportUsers(redcap.api)).toEqual([user]);
    expect(redcap.only().fields).toEqual(base({ content: 'user', format: 'json' }));
  });

  it('refuses a user whose rights arrive as strings', async () => {
    const redcap = await scriptedRedcap(reply.json([{ ...user, design: '1' }]));
    expect(await appError(exportUsers(redcap.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringMatching(/user list.*design.*expected number/) });
  });

  it('imports users (a repeat sets the same rights) and deletes them', async () => {
    const redcap = await scriptedRedcap(reply.text('busy', 503), reply.json(1), reply.json(2));
    expect(await importUsers(redcap.api, { data: [{ username: 'jdoe', api_export: 1, forms: { form_1: 1 } }] })).toBe(1);
    expect(await deleteUsers(redcap.api, { users: ['jdoe', 'asmith'] })).toBe(2);
    expect(redcap.sent.map((sent) => sent.fields)).toEqual([
      base({ content: 'user', action: 'import', format: 'json', data: '[{"username":"jdoe","api_export":1,"forms":{"form_1":1}}]' }),
      base({ content: 'user', action: 'import', format: 'json', data: '[{"username":"jdoe","api_export":1,"forms":{"form_1":1}}]' }),
      base({ content: 'user', action: 'delete', format: 'json', 'users[0]': 'jdoe', 'users[1]': 'asmith' }),
    ]);
  });
});

describe('user roles', () => {
  it('exports roles with rights as strings', async () => {
    const redcap = await scriptedRedcap(reply.json([role]));
    expect(await exportUserRoles(redcap.api)).toEqual([role]);
    expect(redcap.only().fields).toEqual(base({ content: 'userRole', format: 'json' }));
  });

  it('refuses a role whose rights arrive as numbers', async () => {
    const redcap = await scriptedRedcap(reply.json([{ ...role, design: 0 }]));
    expect(await appError(exportUserRoles(redcap.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringMatching(/user roles.*design.*expected string/) });
  });

  it('imports roles once, and deletes them', async () => {
    const redcap = await scriptedRedcap(reply.text('busy', 503));
    await appError(importUserRoles(redcap.api, { data: [{ role_label: 'Coordinator', design: '0' }] }));
    expect(redcap.only().fields).toEqual(base({ content: 'userRole', action: 'import', format: 'json', data: '[{"role_label":"Coordinator","design":"0"}]' }));

    const deleted = await scriptedRedcap(reply.json(1));
    expect(await deleteUserRoles(deleted.api, { roles: ['U-573AEYRNR8'] })).toBe(1);
    expect(deleted.only().fields).toEqual(base({ content: 'userRole', action: 'delete', format: 'json', 'roles[0]': 'U-573AEYRNR8' }));
  });

  it('exports and imports role assignments', async () => {
    const mapping = [{ username: 'jdoe', unique_role_name: 'U-573AEYRNR8', data_access_group: '' }, { username: 'asmith', unique_role_name: '' }];
    const redcap = await scriptedRedcap(reply.json(mapping), reply.json(1));
    expect(await exportUserRoleMapping(redcap.api)).toEqual(mapping);
    expect(await importUserRoleMapping(redcap.api, { data: [{ username: 'jdoe', unique_role_name: 'U-573AEYRNR8' }] })).toBe(1);
    expect(redcap.sent.map((sent) => sent.fields)).toEqual([
      base({ content: 'userRoleMapping', format: 'json' }),
      base({ content: 'userRoleMapping', action: 'import', format: 'json', data: '[{"username":"jdoe","unique_role_name":"U-573AEYRNR8"}]' }),
    ]);
  });
});

describe('Data Access Groups', () => {
  const dag = { data_access_group_name: 'Test DAG', unique_group_name: 'test_dag', data_access_group_id: 123 };

  it('exports DAGs with numeric ids', async () => {
    const redcap = await scriptedRedcap(reply.json([dag]));
    expect(await exportDags(redcap.api)).toEqual([dag]);
    expect(redcap.only().fields).toEqual(base({ content: 'dag', action: 'export', format: 'json' }));
    const odd = await scriptedRedcap(reply.json([{ ...dag, data_access_group_id: '123' }]));
    expect(await appError(exportDags(odd.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('data_access_group_id') });
  });

  it('imports DAGs once (a count of "1" as text is read too) and deletes them', async () => {
    const redcap = await scriptedRedcap(reply.json('1'), reply.json(1));
    expect(await importDags(redcap.api, { data: [{ data_access_group_name: 'New DAG', unique_group_name: '' }] })).toBe(1);
    expect(await deleteDags(redcap.api, { dags: ['new_dag'] })).toBe(1);
    expect(redcap.sent.map((sent) => sent.fields)).toEqual([
      base({ content: 'dag', action: 'import', format: 'json', data: '[{"data_access_group_name":"New DAG","unique_group_name":""}]' }),
      base({ content: 'dag', action: 'delete', format: 'json', 'dags[0]': 'new_dag' }),
    ]);
  });

  it('switches the DAG', async () => {
    const redcap = await scriptedRedcap(reply.json(1));
    await switchDag(redcap.api, { dag: 'test_dag' });
    expect(redcap.only().fields).toEqual(base({ content: 'dag', action: 'switch', format: 'json', dag: 'test_dag' }));
  });

  it('explains the refusal for a user who is in a DAG', async () => {
    const redcap = await scriptedRedcap(reply.csvError('You do not have permission to export/import/delete Data Access Groups because you have beed assigned to a Data Access Group..'));
    expect(await appError(exportDags(redcap.api))).toMatchObject({ code: 'SERVICE_ERROR', message: expect.stringContaining('assigned to a Data Access Group') });
  });

  it('exports and imports user-DAG assignments', async () => {
    const mapping = [{ username: 'jdoe', redcap_data_access_group: 'test_dag' }];
    const redcap = await scriptedRedcap(reply.json(mapping), reply.json(1));
    expect(await exportUserDagMapping(redcap.api)).toEqual(mapping);
    expect(await importUserDagMapping(redcap.api, { data: mapping })).toBe(1);
    expect(redcap.sent.map((sent) => sent.fields)).toEqual([
      base({ content: 'userDagMapping', action: 'export', format: 'json' }),
      base({ content: 'userDagMapping', action: 'import', format: 'json', data: JSON.stringify(mapping) }),
    ]);
  });
});
