// content=user, userRole and userRoleMapping (reference §1.4). Users' rights are numbers in JSON,
// roles' rights are strings (as REDCap sends them); form maps are `{"form": n}` in JSON and
// `form:n,form:n` in CSV and XML.

import { countResult, formatOf, returnFormatOf, writeLog } from './api-call.ts';
import type { ApiCall } from './api-call.ts';
import { XML_DECLARATION, cdata, csvLine, ok } from './encoding.ts';
import type { ApiResult, DataFormat } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES, MESSAGES } from './errors.ts';
import { parseData } from './data-input.ts';
import { RIGHT_KEYS, allRights, perForm } from './project-people.ts';
import type { RightKey, Rights, SandboxRole, SandboxUser } from './project-people.ts';

type Cell = string | number | Record<string, number>;

const USER_KEYS = ['username', 'email', 'firstname', 'lastname', 'expiration', 'data_access_group', 'data_access_group_id', 'data_access_group_label', ...RIGHT_KEYS, 'forms', 'forms_export'];
const ROLE_KEYS = ['unique_role_name', 'role_label', ...RIGHT_KEYS, 'forms', 'forms_export'];

function encodeObjects(format: DataFormat, keys: readonly string[], rows: ReadonlyArray<Record<string, Cell>>): ApiResult {
  if (format === 'json') return ok('json', JSON.stringify(rows));
  const text = (value: Cell | undefined): string => {
    if (value === undefined) return '';
    if (typeof value === 'object') return Object.entries(value).map(([form, right]) => `${form}:${right}`).join(',');
    return String(value);
  };
  if (format === 'csv') return ok('csv', csvLine(keys) + rows.map((row) => csvLine(keys.map((key) => text(row[key])))).join(''));
  const items = rows.map((row) => `<item>${keys.map((key) => `<${key}>${cdata(text(row[key]))}</${key}>`).join('')}</item>\n`);
  return ok('xml', `${XML_DECLARATION}\n<records>\n${items.join('')}</records>\n`);
}

function userRow(call: ApiCall, user: SandboxUser): Record<string, Cell> {
  const people = call.project.people;
  const effective = people.effective(user);
  const dag = user.dag === '' ? undefined : people.dag(user.dag);
  return {
    username: user.username, email: user.email, firstname: user.firstname, lastname: user.lastname, expiration: user.expiration,
    data_access_group: dag?.uniqueName ?? '', data_access_group_id: dag === undefined ? '' : String(dag.id), data_access_group_label: dag?.name ?? '',
    ...effective.rights, forms: { ...effective.forms }, forms_export: { ...effective.formsExport },
  };
}

function roleRow(role: SandboxRole): Record<string, Cell> {
  const rights = Object.fromEntries(RIGHT_KEYS.map((key) => [key, String(role.rights[key])]));
  return { unique_role_name: role.uniqueName, role_label: role.label, ...rights, forms: { ...role.forms }, forms_export: { ...role.formsExport } };
}

/** `{"a":1}`, `[{"a":1}]` or `a:1,b:2` → a form map; undefined when absent. */
function formMap(value: unknown, name: string): Record<string, number> | undefined {
  if (value === undefined || value === '') return undefined;
  let entries: Array<[string, unknown]>;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{') || text.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ApiError(400, INVENTED_MESSAGES.invalidParameter(name));
      }
      return formMap(parsed, name);
    }
    entries = text.split(',').map((pair) => pair.split(':').map((part) => part.trim()) as [string, string]);
  } else if (Array.isArray(value)) {
    entries = value.flatMap((item) => (typeof item === 'object' && item !== null ? Object.entries(item) : []));
  } else if (typeof value === 'object' && value !== null) {
    entries = Object.entries(value);
  } else {
    throw new ApiError(400, INVENTED_MESSAGES.invalidParameter(name));
  }
  const map: Record<string, number> = {};
  for (const [form, right] of entries) {
    if (!/^\d$/.test(String(right))) throw new ApiError(400, INVENTED_MESSAGES.invalidParameter(name));
    map[form] = Number(right);
  }
  return map;
}

/** Applies the rights a row names; others stay as they are. Unknown attributes are refused. */
function applyRights(object: Record<string, unknown>, target: { rights: Rights; forms: Record<string, number>; formsExport: Record<string, number> }, allowed: ReadonlySet<string>): void {
  const unknown = Object.keys(object).filter((key) => !allowed.has(key) && !(RIGHT_KEYS as readonly string[]).includes(key) && key !== 'forms' && key !== 'forms_export');
  if (unknown.length > 0) throw new ApiError(400, `The following attributes are not valid: ${unknown.join(', ')}`);
  for (const key of RIGHT_KEYS) {
    const value = object[key];
    if (value === undefined || value === '') continue;
    if (!/^\d$/.test(String(value))) throw new ApiError(400, INVENTED_MESSAGES.invalidParameter(key));
    target.rights[key as RightKey] = Number(value);
  }
  Object.assign(target.forms, formMap(object.forms, 'forms') ?? {});
  Object.assign(target.formsExport, formMap(object.forms_export, 'forms_export') ?? {});
}

function importObjects(call: ApiCall): Array<Record<string, unknown>> {
  const table = parseData(formatOf(call), call.params.get('data') ?? '');
  return table.objects;
}

const USER_ATTRIBUTES = new Set(['username', 'email', 'firstname', 'lastname', 'expiration', 'data_access_group', 'data_access_group_id', 'data_access_group_label']);

export function userMethod(call: ApiCall): ApiResult {
  const action = call.params.choice('action');
  const people = call.project.people;
  const forms = call.project.schema.instruments.map((instrument) => instrument.name);
  if (action === 'delete') {
    const names = call.params.list('users');
    const unknown = names.filter((name) => !people.users.has(name));
    if (unknown.length > 0) throw new ApiError(400, MESSAGES.invalidValues('users', unknown));
    for (const name of names) people.users.delete(name);
    writeLog(call, { action: 'Delete user', details: names.map((name) => `user = '${name}'`).join(', '), record: '', kind: 'user' });
    return countResult(returnFormatOf(call), names.length);
  }
  if (action === 'import' || call.params.get('data') !== undefined) {
    const objects = importObjects(call);
    for (const object of objects) {
      const username = String(object.username ?? '').trim();
      if (username === '') throw new ApiError(400, INVENTED_MESSAGES.missingParameter('username'));
      const existing = people.users.get(username);
      // New users start with REDCap's minimum rights.
      const user: SandboxUser = existing ?? {
        username, email: '', firstname: '', lastname: '', expiration: '', dag: '', role: '',
        rights: allRights(0), forms: perForm(forms, 0), formsExport: perForm(forms, 0), dagSwitcher: [],
      };
      applyRights(object, user, USER_ATTRIBUTES);
      for (const key of ['email', 'firstname', 'lastname', 'expiration'] as const) if (object[key] !== undefined) user[key] = String(object[key]);
      if (object.data_access_group !== undefined) {
        const dag = String(object.data_access_group).trim();
        if (dag !== '' && people.dag(dag) === undefined) throw new ApiError(400, MESSAGES.invalidValues('data_access_group', [dag]));
        user.dag = dag;
      }
      people.users.set(username, user);
      writeLog(call, { action: existing === undefined ? 'Add user' : 'Edit user', details: `user = '${username}'`, record: '', kind: 'user' });
    }
    return countResult(returnFormatOf(call), objects.length);
  }
  return encodeObjects(formatOf(call), USER_KEYS, [...people.users.values()].map((user) => userRow(call, user)));
}

export function userRoleMethod(call: ApiCall): ApiResult {
  const action = call.params.choice('action');
  const people = call.project.people;
  const forms = call.project.schema.instruments.map((instrument) => instrument.name);
  if (action === 'delete') {
    const names = call.params.list('roles');
    const unknown = names.filter((name) => !people.roles.has(name));
    if (unknown.length > 0) throw new ApiError(400, MESSAGES.invalidValues('roles', unknown));
    for (const name of names) people.roles.delete(name);
    for (const user of people.users.values()) if (names.includes(user.role)) user.role = '';
    writeLog(call, { action: 'Delete user role', details: names.map((name) => `role = '${name}'`).join(', '), record: '', kind: 'user' });
    return countResult(returnFormatOf(call), names.length);
  }
  if (action === 'import' || call.params.get('data') !== undefined) {
    const objects = importObjects(call);
    for (const object of objects) {
      const given = String(object.unique_role_name ?? '').trim();
      const existing = given === '' ? undefined : people.roles.get(given);
      if (given !== '' && existing === undefined) throw new ApiError(400, MESSAGES.invalidValues('unique_role_name', [given]));
      const label = String(object.role_label ?? existing?.label ?? '').trim();
      if (label === '') throw new ApiError(400, INVENTED_MESSAGES.missingParameter('role_label'));
      const role: SandboxRole = existing ?? {
        id: Math.max(0, ...[...people.roles.values()].map((r) => r.id)) + 1, uniqueName: people.newRoleName(call.project.projectId),
        label, rights: allRights(0), forms: perForm(forms, 0), formsExport: perForm(forms, 0),
      };
      role.label = label;
      applyRights(object, role, new Set(['unique_role_name', 'role_label']));
      people.roles.set(role.uniqueName, role);
      writeLog(call, { action: existing === undefined ? 'Add user role' : 'Edit user role', details: `role = '${label}'`, record: '', kind: 'user' });
    }
    return countResult(returnFormatOf(call), objects.length);
  }
  return encodeObjects(formatOf(call), ROLE_KEYS, [...people.roles.values()].map(roleRow));
}

export function userRoleMappingMethod(call: ApiCall): ApiResult {
  const people = call.project.people;
  if (call.params.choice('action') === 'import' || call.params.get('data') !== undefined) {
    const rows = parseData(formatOf(call), call.params.get('data') ?? '').rows;
    for (const row of rows) {
      const user = people.users.get((row.username ?? '').trim());
      if (user === undefined) throw new ApiError(400, MESSAGES.invalidValues('username', [row.username ?? '']));
      const role = (row.unique_role_name ?? '').trim();
      if (role !== '' && !people.roles.has(role)) throw new ApiError(400, MESSAGES.invalidValues('unique_role_name', [role]));
      user.role = role;
      writeLog(call, { action: 'Assign user to role', details: `user = '${user.username}', role = '${role}'`, record: '', kind: 'user' });
    }
    return countResult(returnFormatOf(call), rows.length);
  }
  const rows = [...people.users.values()].map((user) => ({ username: user.username, unique_role_name: user.role, data_access_group: user.dag }));
  return encodeObjects(formatOf(call), ['username', 'unique_role_name', 'data_access_group'], rows);
}
