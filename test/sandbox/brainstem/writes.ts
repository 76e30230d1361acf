// POST, PUT, PATCH and DELETE on a model (reference §1.7): DRF validation, the permission each scope
// needs, project membership through PATCH, and moderated models answering with `*_approval` records.

import { canChange, canChangeProjects, managesGroup, projectRights, rowsAlong } from './access.ts';
import type { MemberMap, Rights, Viewer } from './access.ts';
import { modelByKey } from './catalog.ts';
import type { SandboxClock } from './clock.ts';
import type { ModelSpec } from './model-spec.ts';
import { isWritable } from './model-spec.ts';
import type { Prng } from './random.ts';
import { FORBIDDEN, NO_CONTENT, json, methodNotAllowed } from './responses.ts';
import type { ApiResult } from './responses.ts';
import { defaultOf, serialize } from './serialize.ts';
import type { Json } from './serialize.ts';
import type { Id, Row, Store } from './store.ts';
import { validateFields } from './validate.ts';
import type { FieldErrors, WriteMode } from './validate.ts';

export interface WriteContext {
  store: Store;
  viewer: Viewer;
  model: ModelSpec;
  ids: Prng;
  clock: SandboxClock;
}

/** dynamic-rest also accepts a single record wrapped as {"<name>": {...}}. */
function unwrap(model: ModelSpec, body: unknown): Record<string, unknown> | ApiResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    // Bulk writes (a list body) are a dynamic-rest feature BrainSTEM never documents; left out.
    return json({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body === 'string' ? 'str' : 'NoneType'}.`] }, 400);
  }
  const record = body as Record<string, unknown>;
  const keys = Object.keys(record);
  const inner = record[model.name];
  if (keys.length === 1 && typeof inner === 'object' && inner !== null && !Array.isArray(inner)) return inner as Record<string, unknown>;
  return record;
}

function isResult(value: unknown): value is ApiResult {
  return typeof value === 'object' && value !== null && 'status' in value && typeof (value as { status: unknown }).status === 'number' && !('id' in value);
}

function newId(context: WriteContext, model: ModelSpec): Id {
  return model.idKind === 'int' ? context.store.nextIntId(model.key) : context.ids.uuid();
}

/** A fresh row: every writable field at its default, then the given values. */
export function freshRow(model: ModelSpec, id: Id, values: Record<string, unknown>): Row {
  const row: Row = { id };
  for (const field of model.fields) {
    if (field.kind === 'reverse' || field.kind === 'computed' || field.kind === 'members') continue;
    row[field.name] = defaultOf(field);
  }
  return Object.assign(row, values);
}

/** Cross-field rules the docs state (cohort subjects and breeding parents must be in its project). */
function crossChecks(store: Store, model: ModelSpec, row: Row): FieldErrors {
  const errors: FieldErrors = {};
  const inProject = (subjectId: unknown): boolean => {
    const subject = store.get('subject', subjectId as Id);
    return subject !== undefined && ((subject.projects as Id[] | undefined) ?? []).some((id) => String(id) === String(row.project));
  };
  // The real error texts are not documented; these say what is wrong in DRF's shape.
  if (model.key === 'cohort' && !((row.subjects as Id[] | undefined) ?? []).every(inProject)) errors.subjects = ["All subjects must belong to the cohort's project."];
  if (model.key === 'breeding') {
    if (!inProject(row.mother)) errors.mother = ["The mother must belong to the breeding's project."];
    if (!inProject(row.father)) errors.father = ["The father must belong to the breeding's project."];
  }
  return errors;
}

/** May the viewer create `row` (not yet stored) where it would sit? */
function mayCreate(context: WriteContext, row: Row): boolean {
  const { store, viewer, model } = context;
  const user = viewer.user;
  if (user === undefined) return false;
  if (model.adminWrites === true) return viewer.isAdmin;
  const scope = model.scope;
  switch (scope.kind) {
    case 'project':
      if (scope.path.length === 0) return true;
      return canChangeProjects(store, viewer, rowsAlong(store, model, row, scope.path).map((project) => project.id)) && rowsAlong(store, model, row, scope.path).length > 0;
    case 'attribute':
      return scope.path.length === 0 || canChange(store, viewer, model, row);
    case 'catalog':
    case 'group':
      return true;
    case 'laboratory':
      return viewer.isAdmin || managesGroup(store.get('group', row.group as Id), viewer);
    case 'user':
      return false;
    case 'private': {
      if (model.key === 'projectmembershipinvitation' || model.key === 'projectgroupmembershipinvitation') {
        const project = store.get('project', row.project as Id);
        return viewer.isAdmin || (project !== undefined && projectRights(project, viewer)?.is_manager === true);
      }
      if (model.key === 'groupmembershipinvitation') return viewer.isAdmin || managesGroup(store.get('group', row.authgroup as Id), viewer);
      return model.key === 'groupmembershiprequest';
    }
  }
}

function ownership(context: WriteContext, model: ModelSpec): Record<string, unknown> {
  const user = context.viewer.user;
  if (user === undefined) return {};
  const now = context.clock.iso().replace(/\.\d{3}Z$/, 'Z');
  switch (model.key) {
    case 'project':
      return { _users: { [String(user.id)]: { can_change: true, is_manager: true, is_owner: true } }, _groups: {} };
    case 'group':
      return { _members: { [String(user.id)]: { is_manager: true, is_owner: true } } };
    case 'subjectlog':
      return { user: user.id, entries: [] };
    case 'procedurelog':
      return { entries: [] };
    case 'procedure':
      return { created_at: now, updated_at: now };
    case 'groupmembershiprequest':
      return { user_account_request: user.id, _by: user.id };
    default:
      if (model.scope.kind === 'attribute' && model.scope.path.length === 0) return { _owner: user.id, _groups: [...context.viewer.groupIds].map(Number) };
      return { _owner: user.id, _by: user.id };
  }
}

/** A moderated write: stored as a pending `*_approval` record until an admin accepts it. */
function submitForApproval(context: WriteContext, values: Record<string, unknown>, existing: Row | undefined, status: number): ApiResult {
  const { store, model, viewer } = context;
  const approval = modelByKey(`${model.key}approval`);
  const base: Record<string, unknown> = {};
  if (existing !== undefined) for (const field of model.fields) if (isWritable(field)) base[field.name] = existing[field.name];
  const row = freshRow(approval, context.ids.uuid(), {
    ...base, ...values, instance_id: existing === undefined ? null : String(existing.id), action: existing === undefined ? 'Add' : 'Change',
    reviewer: null, user: viewer.user?.id ?? null, status: 'Pending',
  });
  store.insert(approval.key, row);
  return json({ [approval.name]: serialize(store, approval, row, viewer) }, status);
}

export function createRecord(context: WriteContext, body: unknown): ApiResult {
  const { store, viewer, model } = context;
  if (model.noCreate === true || model.approvalOf !== undefined) return methodNotAllowed('POST');
  const data = unwrap(model, body);
  if (isResult(data)) return data;
  if (model.adminWrites === true && !viewer.isAdmin) return FORBIDDEN;
  const { values, errors } = validateFields(store, viewer, model, data, 'create');
  if (Object.keys(errors).length > 0) return json(errors, 400);
  if (model.moderated === true && !viewer.isAdmin) return submitForApproval(context, values, undefined, 201);
  const row = freshRow(model, newId(context, model), { ...values, ...ownership(context, model) });
  if (model.key === 'session') row.name_used_in_storage = row.name;
  if (!mayCreate(context, row)) return FORBIDDEN;
  const cross = crossChecks(store, model, row);
  if (Object.keys(cross).length > 0) return json(cross, 400);
  store.insert(model.key, row);
  return json({ [model.name]: serialize(store, model, row, viewer) }, 201);
}

type MemberPatch = Record<string, { can_change?: unknown; is_manager?: unknown; is_owner?: unknown; remove?: unknown }>;

/** PATCH {"users": {email: {...}}, "groups": {name: {...}}} on a project (reference §1.7). */
function patchMembers(store: Store, row: Row, data: Record<string, unknown>, rights: Rights): { row: Row; errors: FieldErrors; forbidden: boolean } {
  const errors: FieldErrors = {};
  let forbidden = false;
  const next = { ...row, _users: { ...((row._users as MemberMap | undefined) ?? {}) }, _groups: { ...((row._groups as MemberMap | undefined) ?? {}) } };
  for (const kind of ['users', 'groups'] as const) {
    const patch = data[kind];
    if (patch === undefined) continue;
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      errors[kind] = [`Expected a dictionary of items but got type "${Array.isArray(patch) ? 'list' : typeof patch}".`];
      continue;
    }
    const target = kind === 'users' ? next._users : next._groups;
    for (const [key, flags] of Object.entries(patch as MemberPatch)) {
      const member = [...store.table(kind === 'users' ? 'user' : 'group').values()].find((candidate) => (kind === 'users' ? candidate.email : candidate.name) === key);
      if (member === undefined) {
        errors[kind] = [kind === 'users' ? `User with email "${key}" does not exist.` : `Group "${key}" does not exist.`];
        continue;
      }
      const wantsOwnerChange = flags.is_owner === true || flags.is_manager === true || target[String(member.id)]?.is_manager === true;
      if (!rights.is_manager || (wantsOwnerChange && !rights.is_owner && flags.is_owner === true)) {
        forbidden = true;
        continue;
      }
      if (flags.remove === true) delete target[String(member.id)];
      else target[String(member.id)] = { can_change: flags.can_change === true, is_manager: flags.is_manager === true, is_owner: flags.is_owner === true };
    }
  }
  return { row: next, errors, forbidden };
}

export function updateRecord(context: WriteContext, row: Row, body: unknown, mode: Exclude<WriteMode, 'create'>): ApiResult {
  const { store, viewer, model } = context;
  if (model.approvalOf !== undefined) return methodNotAllowed(mode === 'partial' ? 'PATCH' : 'PUT');
  const data = unwrap(model, body);
  if (isResult(data)) return data;
  if (model.adminWrites === true && !viewer.isAdmin) return FORBIDDEN;
  const moderatedEdit = model.moderated === true && !viewer.isAdmin;
  let next: Row = row;
  if (model.key === 'project') {
    const rights = projectRights(row, viewer) ?? { can_change: false, is_manager: false, is_owner: false };
    const touchesDetails = Object.keys(data).some((key) => key !== 'users' && key !== 'groups' && model.fields.some((f) => f.name === key && isWritable(f) && f.kind !== 'members'));
    if (!viewer.isAdmin && (!rights.is_manager || (touchesDetails && !rights.is_owner))) return FORBIDDEN;
    const members = patchMembers(store, row, data, viewer.isAdmin ? { can_change: true, is_manager: true, is_owner: true } : rights);
    if (members.forbidden) return FORBIDDEN;
    if (Object.keys(members.errors).length > 0) return json(members.errors, 400);
    next = members.row;
  } else if (!moderatedEdit && !canChange(store, viewer, model, row)) {
    return FORBIDDEN;
  }
  const { values, errors } = validateFields(store, viewer, model, data, mode, row);
  if (Object.keys(errors).length > 0) return json(errors, 400);
  if (moderatedEdit) return submitForApproval(context, values, row, 200);
  next = { ...next, ...values };
  if (model.key === 'procedure') next.updated_at = context.clock.iso().replace(/\.\d{3}Z$/, 'Z');
  if (model.scope.kind === 'project' && model.scope.path.length > 0) {
    const projects = rowsAlong(store, model, next, model.scope.path);
    if (projects.length === 0 || !canChangeProjects(store, viewer, projects.map((project) => project.id))) return FORBIDDEN;
  }
  const cross = crossChecks(store, model, next);
  if (Object.keys(cross).length > 0) return json(cross, 400);
  store.replace(model.key, next);
  return json({ [model.name]: serialize(store, model, next, viewer) as Json });
}

export function deleteRecord(context: WriteContext, row: Row): ApiResult {
  const { store, viewer, model } = context;
  if ((model.adminDeletes === true || model.adminWrites === true) && !viewer.isAdmin) return FORBIDDEN;
  if (model.key === 'project') {
    if (!viewer.isAdmin && projectRights(row, viewer)?.is_owner !== true) return FORBIDDEN;
  } else if (!canChange(store, viewer, model, row)) {
    return FORBIDDEN;
  }
  store.remove(model.key, row.id);
  return NO_CONTENT;
}
