// Custom actions under …/{id}/{action}/ (reference §1.7): log entries (PATCH add_entry,
// change_entry, remove_entry), approvals (PATCH accept/reject), invitations and requests (GET
// accept/reject/cancel) and groups (GET join/leave). Response bodies for invitations, requests and
// groups are not documented: the sandbox answers 200 with the record or a short `detail`.

import { canChange, managesGroup, projectRights } from './access.ts';
import type { MemberMap } from './access.ts';
import { INTERVAL_LOG_TYPES } from './catalog-stem.ts';
import { modelByKey } from './catalog.ts';
import { isWritable } from './model-spec.ts';
import { FORBIDDEN, PAGE_NOT_FOUND, detail, json, methodNotAllowed } from './responses.ts';
import type { ApiResult } from './responses.ts';
import { serialize } from './serialize.ts';
import type { Json, JsonObject } from './serialize.ts';
import type { Id, Row } from './store.ts';
import { freshRow } from './writes.ts';
import type { WriteContext } from './writes.ts';

const ENTRY_ACTIONS = new Set(['add_entry', 'change_entry', 'remove_entry']);
const INVITATION_MODELS = new Set(['projectmembershipinvitation', 'projectgroupmembershipinvitation', 'groupmembershipinvitation', 'groupmembershiprequest']);

function normaliseDatetime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().replace('.000Z', 'Z');
}

/** Validates one log entry; errors come nested under `entries`, as [ML]'s tests show. */
function parseEntry(body: unknown, interval: boolean, needsKeyOnly: boolean): { entry: JsonObject } | { errors: JsonObject } {
  const data = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const keyName = interval ? 'start_date_time' : 'date_time';
  const errors: JsonObject = {};
  const entry: JsonObject = {};
  const key = normaliseDatetime(data[keyName]);
  if (data[keyName] === undefined || data[keyName] === null) errors[keyName] = ['This field is required.'];
  else if (key === undefined) errors[keyName] = ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'];
  else entry[keyName] = key;
  if (interval && !needsKeyOnly) {
    const end = data.end_date_time;
    if (end !== undefined && end !== null && normaliseDatetime(end) === undefined) errors.end_date_time = ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'];
    entry.end_date_time = normaliseDatetime(end) ?? null;
  }
  if (!needsKeyOnly) {
    const notes = data.notes;
    if (notes !== undefined && notes !== null && typeof notes !== 'string') errors.notes = ['Not a valid string.'];
    entry.notes = typeof notes === 'string' ? notes : null;
    const details = data.details;
    if (details !== undefined && details !== null && (typeof details !== 'object' || Array.isArray(details))) errors.details = ['Expected a dictionary of items.'];
    entry.details = (details ?? {}) as Json;
  }
  return Object.keys(errors).length > 0 ? { errors } : { entry };
}

function logEntryAction(context: WriteContext, row: Row, action: string, method: string, body: unknown): ApiResult {
  const { store, viewer, model } = context;
  if (method !== 'PATCH') return methodNotAllowed(method);
  if (!canChange(store, viewer, model, row)) return FORBIDDEN;
  const interval = model.key === 'subjectlog' && INTERVAL_LOG_TYPES.has(String(row.type));
  const keyName = interval ? 'start_date_time' : 'date_time';
  const parsed = parseEntry(body, interval, action === 'remove_entry');
  if ('errors' in parsed) return json({ entries: parsed.errors }, 400);
  const entries = [...((row.entries as JsonObject[] | undefined) ?? [])];
  const at = entries.findIndex((entry) => entry[keyName] === parsed.entry[keyName]);
  if (action === 'add_entry') {
    entries.push(parsed.entry);
    entries.sort((a, b) => String(a[keyName]).localeCompare(String(b[keyName])));
  } else if (at < 0) {
    // Undocumented wording: the matching rule (on date_time) is documented, the error is not.
    return json({ entries: { [keyName]: [`No entry with ${keyName} ${String(parsed.entry[keyName])}.`] } }, 400);
  } else if (action === 'change_entry') {
    entries[at] = { ...entries[at], ...parsed.entry };
  } else {
    entries.splice(at, 1);
  }
  const next = { ...row, entries };
  store.replace(model.key, next);
  return json({ [model.name]: serialize(store, model, next, viewer) });
}

function approvalAction(context: WriteContext, row: Row, action: string, method: string): ApiResult {
  const { store, viewer, model } = context;
  if (method !== 'PATCH') return methodNotAllowed(method);
  if (!viewer.isAdmin) return FORBIDDEN;
  if (row.status !== 'Pending') return json({ non_field_errors: [`This request has already been ${String(row.status).toLowerCase()}.`] }, 400);
  const base = modelByKey(model.approvalOf ?? '');
  let next: Row = { ...row, reviewer: viewer.user?.id ?? null, status: action === 'accept' ? 'Accepted' : 'Rejected' };
  if (action === 'accept') {
    const values: Record<string, unknown> = {};
    for (const field of base.fields) if (isWritable(field) && row[field.name] !== undefined) values[field.name] = row[field.name];
    const existing = row.instance_id === null ? undefined : store.get(base.key, row.instance_id as Id);
    if (existing !== undefined) store.replace(base.key, { ...existing, ...values });
    else {
      const created = freshRow(base, context.ids.uuid(), { ...values, _owner: row.user });
      store.insert(base.key, created);
      next = { ...next, instance_id: String(created.id) };
    }
  }
  store.replace(model.key, next);
  return json({ [model.name]: serialize(store, model, next, viewer) });
}

function addProjectMember(store: WriteContext['store'], projectId: Id, kind: '_users' | '_groups', memberId: Id, invitation: Row): void {
  const project = store.get('project', projectId);
  if (project === undefined) return;
  const map = { ...((project[kind] as MemberMap | undefined) ?? {}) };
  map[String(memberId)] = { can_change: invitation.can_change === true, is_manager: invitation.manage_project === true, is_owner: invitation.own_project === true };
  store.replace('project', { ...project, [kind]: map });
}

function addGroupMember(store: WriteContext['store'], groupId: Id, userId: Id, manager: boolean, owner: boolean): void {
  const group = store.get('group', groupId);
  if (group === undefined) return;
  store.replace('group', { ...group, _members: { ...((group._members as MemberMap | undefined) ?? {}), [String(userId)]: { is_manager: manager, is_owner: owner } } });
}

function invitationAction(context: WriteContext, row: Row, action: string, method: string): ApiResult {
  const { store, viewer, model } = context;
  if (method !== 'GET') return methodNotAllowed(method);
  const user = viewer.user;
  if (user === undefined) return FORBIDDEN;
  // Who answers: the invitee accepts or rejects an invitation; a group manager accepts or rejects a request.
  let answerer = false;
  if (model.key === 'projectmembershipinvitation') answerer = row.invitee === user.id;
  else if (model.key === 'projectgroupmembershipinvitation') answerer = managesGroup(store.get('group', row.invitee as Id), viewer);
  else if (model.key === 'groupmembershipinvitation') answerer = row.user_account_invitation === user.id;
  else answerer = managesGroup(store.get('group', row.authgroup as Id), viewer);
  const project = store.get('project', (row.project as Id | undefined) ?? '');
  const sender = row._by === user.id || (project !== undefined && projectRights(project, viewer)?.is_manager === true);
  if (action === 'cancel' ? !sender && !viewer.isAdmin : !answerer && !viewer.isAdmin) return FORBIDDEN;
  if (action === 'accept') {
    if (model.key === 'projectmembershipinvitation') addProjectMember(store, row.project as Id, '_users', row.invitee as Id, row);
    else if (model.key === 'projectgroupmembershipinvitation') addProjectMember(store, row.project as Id, '_groups', row.invitee as Id, row);
    else if (model.key === 'groupmembershipinvitation') addGroupMember(store, row.authgroup as Id, row.user_account_invitation as Id, row.new_manager === true, row.new_owner === true);
    else addGroupMember(store, row.authgroup as Id, row.user_account_request as Id, false, false);
  }
  store.remove(model.key, row.id);
  return detail(200, action === 'accept' ? 'Accepted.' : action === 'reject' ? 'Rejected.' : 'Cancelled.');
}

function groupAction(context: WriteContext, row: Row, action: string, method: string): ApiResult {
  const { store, viewer } = context;
  if (method !== 'GET') return methodNotAllowed(method);
  const user = viewer.user;
  if (user === undefined) return FORBIDDEN;
  const members = { ...((row._members as MemberMap | undefined) ?? {}) };
  if (action === 'leave') {
    if (members[String(user.id)] === undefined) return detail(400, 'You are not a member of this group.');
    delete members[String(user.id)];
    store.replace('group', { ...row, _members: members });
    return detail(200, 'You left the group.');
  }
  if (members[String(user.id)] !== undefined) return detail(400, 'You are already a member of this group.');
  const requestModel = modelByKey('groupmembershiprequest');
  const request = freshRow(requestModel, context.ids.uuid(), { user_account_request: user.id, authgroup: row.id, _by: user.id });
  store.insert(requestModel.key, request);
  return json({ [requestModel.name]: serialize(store, requestModel, request, viewer) });
}

/** Dispatches …/{id}/{action}/; an action the model does not have is Django's 404 page. */
export function runAction(context: WriteContext, row: Row, action: string, method: string, body: unknown): ApiResult {
  const key = context.model.key;
  if ((key === 'procedurelog' || key === 'subjectlog') && ENTRY_ACTIONS.has(action)) return logEntryAction(context, row, action, method, body);
  if (context.model.approvalOf !== undefined && (action === 'accept' || action === 'reject')) return approvalAction(context, row, action, method);
  if (INVITATION_MODELS.has(key) && (action === 'accept' || action === 'reject' || action === 'cancel')) return invitationAction(context, row, action, method);
  if (key === 'group' && (action === 'join' || action === 'leave')) return groupAction(context, row, action, method);
  return PAGE_NOT_FOUND;
}
