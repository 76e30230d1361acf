// content=dag (export, import, delete, switch) and userDagMapping (export, import). Users assigned
// to a DAG get REDCap's DAG error on all of them but `switch`.

import { countResult, formatOf, refuseDagUser, returnFormatOf, writeLog } from './api-call.ts';
import type { ApiCall } from './api-call.ts';
import { parseData } from './data-input.ts';
import { encodeTable, ok } from './encoding.ts';
import type { ApiResult } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES, MESSAGES } from './errors.ts';

function isImport(call: ApiCall): boolean {
  return call.params.choice('action') === 'import' || (call.params.choice('action') === undefined && call.params.get('data') !== undefined);
}

export function dagMethod(call: ApiCall): ApiResult {
  const action = call.params.choice('action');
  const { people, store } = call.project;
  if (action === 'switch') {
    const dag = (call.params.get('dag') ?? '').trim();
    const allowed = call.user.dagSwitcher.includes(dag) && (dag === '' || people.dag(dag) !== undefined);
    if (!allowed) throw new ApiError(400, INVENTED_MESSAGES.noDag(dag));
    call.user.dag = dag;
    writeLog(call, { action: 'Switch DAG', details: `Switch DAG (API) to '${dag}'`, record: '', kind: 'user', dag });
    return { status: 200, contentType: 'application/json; charset=utf-8', body: '1' };
  }
  refuseDagUser(call);
  if (action === 'delete') {
    const names = call.params.list('dags');
    const unknown = names.filter((name) => people.dag(name) === undefined);
    if (unknown.length > 0) throw new ApiError(400, MESSAGES.invalidValues('dags', unknown));
    people.dags = people.dags.filter((dag) => !names.includes(dag.uniqueName));
    for (const name of names) store.forgetDag(name);
    for (const user of people.users.values()) if (names.includes(user.dag)) user.dag = '';
    writeLog(call, { action: 'Manage/Design', details: `Delete data access group (API): ${names.join(', ')}`, record: '', kind: 'manage' });
    return countResult(returnFormatOf(call), names.length);
  }
  if (isImport(call)) {
    const rows = parseData(formatOf(call), call.params.get('data') ?? '').rows;
    for (const row of rows) {
      const name = (row.data_access_group_name ?? '').trim();
      if (name === '') throw new ApiError(400, INVENTED_MESSAGES.missingParameter('data_access_group_name'));
      const unique = (row.unique_group_name ?? '').trim();
      if (unique === '') {
        // A blank unique name creates a DAG named after its label ("New DAG" → new_dag).
        people.addDag(name);
      } else {
        const existing = people.dag(unique);
        if (existing === undefined) throw new ApiError(400, MESSAGES.invalidValues('unique_group_name', [unique]));
        existing.name = name;
      }
    }
    writeLog(call, { action: 'Manage/Design', details: 'Create/modify data access groups (API)', record: '', kind: 'manage' });
    return countResult(returnFormatOf(call), rows.length);
  }
  const format = formatOf(call);
  const rows = people.dags.map((dag) => ({ data_access_group_name: dag.name, unique_group_name: dag.uniqueName, data_access_group_id: dag.id }));
  return ok(format, encodeTable(format, ['data_access_group_name', 'unique_group_name', 'data_access_group_id'], rows));
}

export function userDagMappingMethod(call: ApiCall): ApiResult {
  refuseDagUser(call);
  const people = call.project.people;
  if (isImport(call)) {
    const rows = parseData(formatOf(call), call.params.get('data') ?? '').rows;
    for (const row of rows) {
      const user = people.users.get((row.username ?? '').trim());
      if (user === undefined) throw new ApiError(400, MESSAGES.invalidValues('username', [row.username ?? '']));
      const dag = (row.redcap_data_access_group ?? '').trim();
      if (dag !== '' && people.dag(dag) === undefined) throw new ApiError(400, MESSAGES.invalidValues('redcap_data_access_group', [dag]));
      user.dag = dag;
    }
    writeLog(call, { action: 'Manage/Design', details: 'Assign users to data access groups (API)', record: '', kind: 'manage' });
    return countResult(returnFormatOf(call), rows.length);
  }
  const format = formatOf(call);
  const rows = [...people.users.values()].map((user) => ({ username: user.username, redcap_data_access_group: user.dag }));
  return ok(format, encodeTable(format, ['username', 'redcap_data_access_group'], rows));
}
