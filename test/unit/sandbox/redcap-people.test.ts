import { describe, expect, it } from 'vitest';
import { TOKENS, csvObjects, errorOf, jsonArray, post, postAs, useSandbox } from './redcap-http.ts';
import type { Entries, Reply } from './redcap-http.ts';

const RIGHTS = [
  'design', 'alerts', 'user_rights', 'data_access_groups', 'reports', 'stats_and_charts', 'manage_survey_participants',
  'calendar', 'data_import_tool', 'data_comparison_tool', 'logging', 'email_logging', 'file_repository',
  'data_quality_create', 'data_quality_execute', 'api_export', 'api_import', 'api_modules', 'mobile_app',
  'mobile_app_download_data', 'record_create', 'record_rename', 'record_delete', 'lock_records_all_forms',
  'lock_records', 'lock_records_customization',
];
const USER_KEYS = ['username', 'email', 'firstname', 'lastname', 'expiration', 'data_access_group', 'data_access_group_id', 'data_access_group_label', ...RIGHTS, 'forms', 'forms_export'];
const FORMS = ['enrollment', 'medical_history', 'baseline_visit', 'laboratory'];
const DAG_ERROR = 'You do not have permission to export/import/delete Data Access Groups because you have beed assigned to a Data Access Group..';

describe('REDCap sandbox: users, roles and Data Access Groups', () => {
  const sandbox = useSandbox({ records: 40 });
  const call = (entries: Entries, token: string = TOKENS.cardiometabolic): Promise<Reply> => postAs(sandbox(), token, entries);
  const users = async (): Promise<Array<Record<string, unknown>>> => jsonArray((await call([['content', 'user'], ['format', 'json']])).text);

  it('exports users with numbers for rights, their DAG, and form maps', async () => {
    const all = await users();
    expect(all.map((user) => user.username)).toEqual(['aokafor', 'import_bot', 'deid_analyst', 'boston_coord', 'jsmith', 'mgarcia']);
    for (const user of all) expect(Object.keys(user)).toEqual(USER_KEYS);
    const owner = all[0] ?? {};
    expect(owner).toMatchObject({ username: 'aokafor', email: 'adaeze.okafor@example.org', data_access_group: '', data_access_group_id: '', design: 1, api_export: 1, mobile_app: 0 });
    expect(owner.forms_export).toEqual(Object.fromEntries(FORMS.map((form) => [form, 1])));
    expect(all[3]).toMatchObject({ username: 'boston_coord', data_access_group: 'boston', data_access_group_id: '1402', data_access_group_label: 'Boston site' });
    // A user in a role has the role's rights.
    expect(all[4]).toMatchObject({ username: 'jsmith', api_import: 1, design: 0, forms_export: Object.fromEntries(FORMS.map((form) => [form, 2])) });
    const csv = csvObjects((await call([['content', 'user'], ['format', 'csv']])).text);
    expect(csv[2]).toMatchObject({ username: 'deid_analyst', api_export: '1', api_import: '0', forms_export: 'enrollment:2,medical_history:2,baseline_visit:2,laboratory:2' });
  });

  it('adds and updates users, refuses attributes REDCap does not know, and deletes users', async () => {
    const added = await call([['content', 'user'], ['format', 'json'], ['data', JSON.stringify([{ username: 'newbie', email: 'new@example.org', api_export: 1, forms_export: { enrollment: 1 } }])]]);
    expect(added.text).toBe('1');
    const newbie = (await users()).find((user) => user.username === 'newbie');
    expect(newbie).toMatchObject({ email: 'new@example.org', design: 0, api_export: 1, api_import: 0, forms_export: { enrollment: 1, medical_history: 0, baseline_visit: 0, laboratory: 0 } });
    const csv = await call([['content', 'user'], ['format', 'csv'], ['data', 'username,api_import,forms\nnewbie,1,"enrollment:2,laboratory:1"\n']]);
    expect(csv.text).toBe('1');
    expect((await users()).find((user) => user.username === 'newbie')).toMatchObject({ api_export: 1, api_import: 1, forms: { enrollment: 2, laboratory: 1 } });
    const bad = await call([['content', 'user'], ['format', 'json'], ['data', '[{"username":"newbie","data_quality_resolution":1}]']]);
    expect([bad.status, errorOf(bad)]).toEqual([400, 'The following attributes are not valid: data_quality_resolution']);
    expect((await call([['content', 'user'], ['action', 'delete'], ['users[0]', 'newbie']])).text).toBe('1');
    expect((await users()).map((user) => user.username)).not.toContain('newbie');
  });

  it('exports roles with strings for rights, creates roles and maps users to them', async () => {
    const roles = jsonArray((await call([['content', 'userRole'], ['format', 'json']])).text);
    expect(roles.map((role) => [role.unique_role_name, role.role_label])).toEqual([['U-4C7KQ2WM9D', 'Data Entry'], ['U-8PXN3TAR6H', 'Statistician']]);
    expect(roles[0]).toMatchObject({ design: '0', api_export: '1', api_import: '1', forms: { enrollment: 1 }, forms_export: { enrollment: 2 } });
    expect(Object.keys(roles[0] ?? {})).toEqual(['unique_role_name', 'role_label', ...RIGHTS, 'forms', 'forms_export']);
    expect((await call([['content', 'userRole'], ['format', 'json'], ['data', '[{"role_label":"Monitor","logging":1}]']])).text).toBe('1');
    const monitor = jsonArray((await call([['content', 'userRole'], ['format', 'json']])).text).find((role) => role.role_label === 'Monitor');
    expect(monitor?.unique_role_name).toMatch(/^U-[A-Z0-9]{10}$/);
    expect(monitor).toMatchObject({ logging: '1', design: '0' });
    const mapped = await call([['content', 'userRoleMapping'], ['format', 'json'], ['data', JSON.stringify([{ username: 'mgarcia', unique_role_name: monitor?.unique_role_name }])]]);
    expect(mapped.text).toBe('1');
    const mapping = jsonArray((await call([['content', 'userRoleMapping'], ['format', 'json']])).text);
    expect(mapping).toContainEqual({ username: 'mgarcia', unique_role_name: monitor?.unique_role_name, data_access_group: '' });
    expect(mapping).toContainEqual({ username: 'jsmith', unique_role_name: 'U-4C7KQ2WM9D', data_access_group: 'vanderbilt' });
    expect((await call([['content', 'userRole'], ['action', 'delete'], ['roles', String(monitor?.unique_role_name)]])).text).toBe('1');
    expect((await users()).find((user) => user.username === 'mgarcia')).toMatchObject({ logging: 0 });
  });

  it('exports, creates, renames and deletes DAGs; deleted DAGs leave their records unassigned', async () => {
    expect(jsonArray((await call([['content', 'dag'], ['format', 'json']])).text)).toEqual([
      { data_access_group_name: 'Vanderbilt site', unique_group_name: 'vanderbilt', data_access_group_id: 1401 },
      { data_access_group_name: 'Boston site', unique_group_name: 'boston', data_access_group_id: 1402 },
      { data_access_group_name: 'Chicago site', unique_group_name: 'chicago', data_access_group_id: 1403 },
    ]);
    const imported = await call([['content', 'dag'], ['format', 'csv'], ['data', 'data_access_group_name,unique_group_name\nNew DAG,\nChicago & Evanston,chicago\n']]);
    expect(imported.text).toBe('2');
    const dags = jsonArray((await call([['content', 'dag'], ['format', 'json']])).text);
    expect(dags.slice(2)).toEqual([
      { data_access_group_name: 'Chicago & Evanston', unique_group_name: 'chicago', data_access_group_id: 1403 },
      { data_access_group_name: 'New DAG', unique_group_name: 'new_dag', data_access_group_id: 1404 },
    ]);
    const before = jsonArray((await call([['content', 'record'], ['format', 'json'], ['fields', 'record_id'], ['exportDataAccessGroups', 'true']])).text);
    const chicagoRecords = before.filter((row) => row.redcap_data_access_group === 'chicago').map((row) => row.record_id);
    expect(chicagoRecords.length).toBeGreaterThan(0);
    expect((await call([['content', 'dag'], ['action', 'delete'], ['dags[0]', 'chicago']])).text).toBe('1');
    const after = jsonArray((await call([['content', 'record'], ['format', 'json'], ['fields', 'record_id'], ['exportDataAccessGroups', 'true'], ['records', chicagoRecords.join(',')]])).text);
    expect(after.every((row) => row.redcap_data_access_group === '')).toBe(true);
    const labels = jsonArray((await call([['content', 'record'], ['format', 'json'], ['records', '2'], ['fields', 'record_id'], ['exportDataAccessGroups', 'true'], ['rawOrLabel', 'label']])).text);
    expect(labels).toEqual([{ record_id: '2', redcap_data_access_group: 'Boston site' }]);
  });

  it('maps users to DAGs and refuses DAG methods to users assigned to a DAG', async () => {
    const mapping = jsonArray((await call([['content', 'userDagMapping'], ['format', 'json']])).text);
    expect(mapping).toContainEqual({ username: 'boston_coord', redcap_data_access_group: 'boston' });
    expect((await call([['content', 'userDagMapping'], ['format', 'json'], ['data', '[{"username":"mgarcia","redcap_data_access_group":"chicago"}]']])).text).toBe('1');
    expect((await users()).find((user) => user.username === 'mgarcia')).toMatchObject({ data_access_group: 'chicago' });
    for (const entries of [[['content', 'dag'], ['format', 'json']], [['content', 'dag'], ['action', 'import'], ['format', 'json'], ['data', '[]']], [['content', 'userDagMapping'], ['format', 'json']]] as Entries[]) {
      const reply = await call(entries, TOKENS.bostonDag);
      expect([reply.status, errorOf(reply)]).toEqual([403, DAG_ERROR]);
    }
  });

  it('lets a DAG user switch to another DAG it may use, and see that DAG\'s records', async () => {
    const own = async (): Promise<string[]> => jsonArray((await call([['content', 'record'], ['format', 'json'], ['fields', 'record_id']], TOKENS.bostonDag)).text).map((row) => String(row.record_id));
    const dagOf = new Map(jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['fields', 'record_id'], ['exportDataAccessGroups', 'true']])).text).map((row) => [row.record_id, row.redcap_data_access_group]));
    const boston = await own();
    expect(boston.length).toBeGreaterThan(5);
    expect(boston.every((id) => dagOf.get(id) === 'boston')).toBe(true);
    const switched = await call([['content', 'dag'], ['action', 'switch'], ['dag', 'chicago']], TOKENS.bostonDag);
    expect([switched.status, switched.text]).toEqual([200, '1']);
    const chicago = await own();
    expect(chicago.every((id) => dagOf.get(id) === 'chicago')).toBe(true);
    expect(chicago).not.toEqual(boston);
    const refused = await call([['content', 'dag'], ['action', 'switch'], ['dag', 'vanderbilt']], TOKENS.bostonDag);
    expect(refused.status).toBe(400);
  });
});
