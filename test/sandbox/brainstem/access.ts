// Who may see and change what (reference §2.3): projects grant member / contributor / manager /
// owner to users and groups, and everything under a project inherits it; personal attributes belong
// to their creator's groups; the public portal shows public projects and public attributes only.

import { modelByKey } from './catalog.ts';
import type { ModelSpec } from './model-spec.ts';
import { relatedIds } from './store.ts';
import type { Id, Row, Store } from './store.ts';

export type Portal = 'private' | 'public' | 'super';

export interface Viewer {
  portal: Portal;
  /** The token's user; undefined = anonymous. */
  user: Row | undefined;
  isAdmin: boolean;
  /** Ids of the groups the user is in. */
  groupIds: ReadonlySet<string>;
}

export interface Rights {
  can_change: boolean;
  is_manager: boolean;
  is_owner: boolean;
}

export type MemberMap = Record<string, Partial<Rights>>;

export function viewerFor(store: Store, portal: Portal, user: Row | undefined): Viewer {
  const groupIds = new Set<string>();
  if (user !== undefined) {
    for (const group of store.table('group').values()) {
      if ((group._members as MemberMap | undefined)?.[String(user.id)] !== undefined) groupIds.add(String(group.id));
    }
  }
  return { portal, user, isAdmin: user?._is_staff === true, groupIds };
}

/** The viewer's combined rights on a project (direct and through groups); undefined = not a member. */
export function projectRights(project: Row, viewer: Viewer): Rights | undefined {
  if (viewer.user === undefined) return undefined;
  const grants: Array<Partial<Rights>> = [];
  const direct = (project._users as MemberMap | undefined)?.[String(viewer.user.id)];
  if (direct !== undefined) grants.push(direct);
  for (const [groupId, grant] of Object.entries((project._groups as MemberMap | undefined) ?? {})) {
    if (viewer.groupIds.has(groupId)) grants.push(grant);
  }
  if (grants.length === 0) return undefined;
  const owner = grants.some((grant) => grant.is_owner === true);
  const manager = owner || grants.some((grant) => grant.is_manager === true);
  return { is_owner: owner, is_manager: manager, can_change: manager || grants.some((grant) => grant.can_change === true) };
}

/** Follows a scope path (e.g. behavior → session → projects) to the rows at its end. */
export function rowsAlong(store: Store, model: ModelSpec, row: Row, path: readonly string[]): Row[] {
  let current: Array<{ model: ModelSpec; row: Row }> = [{ model, row }];
  for (const name of path) {
    const next: Array<{ model: ModelSpec; row: Row }> = [];
    for (const { model: m, row: r } of current) {
      const field = m.fields.find((f) => f.name === name);
      if (field?.target === undefined) continue;
      const target = modelByKey(field.target);
      for (const id of relatedIds(store, m, r, field)) {
        const found = store.get(target.key, id);
        if (found !== undefined) next.push({ model: target, row: found });
      }
    }
    current = next;
  }
  return current.map((entry) => entry.row);
}

function attributeReadable(attribute: Row, viewer: Viewer): boolean {
  if (attribute.is_public === true) return true;
  if (viewer.portal === 'public' || viewer.user === undefined) return false;
  return attributeOwnedBy(attribute, viewer);
}

function attributeOwnedBy(attribute: Row, viewer: Viewer): boolean {
  if (viewer.user === undefined) return false;
  if (attribute._owner === viewer.user.id) return true;
  return ((attribute._groups as Id[] | undefined) ?? []).some((id) => viewer.groupIds.has(String(id)));
}

function groupRole(group: Row | undefined, viewer: Viewer): Partial<Rights> | undefined {
  if (group === undefined || viewer.user === undefined) return undefined;
  return (group._members as MemberMap | undefined)?.[String(viewer.user.id)];
}

function managesGroup(group: Row | undefined, viewer: Viewer): boolean {
  const role = groupRole(group, viewer);
  return role?.is_manager === true || role?.is_owner === true;
}

/**
 * A read check for one model, with per-request work (the readable projects) done once, so a list
 * of 20,000 sessions costs one cheap test per row.
 */
export function readCheck(store: Store, viewer: Viewer, model: ModelSpec): (row: Row) => boolean {
  const scope = model.scope;
  if (viewer.portal === 'super' && viewer.isAdmin) return () => true;
  switch (scope.kind) {
    case 'project': {
      const readable = new Set<string>();
      for (const project of store.table('project').values()) {
        const ok = viewer.portal === 'public' ? project.is_public === true : projectRights(project, viewer) !== undefined;
        if (ok) readable.add(String(project.id));
      }
      if (scope.path.length === 0) return (row) => readable.has(String(row.id));
      if (scope.path.length === 1) {
        const name = scope.path[0] ?? '';
        return (row) => {
          const value = row[name];
          if (Array.isArray(value)) return value.some((id) => readable.has(String(id)));
          return value !== null && value !== undefined && readable.has(String(value));
        };
      }
      return (row) => rowsAlong(store, model, row, scope.path).some((project) => readable.has(String(project.id)));
    }
    case 'attribute':
      return (row) => {
        const owners = scope.path.length === 0 ? [row] : rowsAlong(store, model, row, scope.path);
        return owners.some((owner) => attributeReadable(owner, viewer));
      };
    case 'catalog':
    case 'user':
    case 'group':
    case 'laboratory':
      return () => true;
    case 'private':
      return (row) => viewer.portal !== 'public' && involved(store, viewer, model, row);
  }
}

/** Invitations, requests and approvals: the people they concern, and the managers who act on them. */
function involved(store: Store, viewer: Viewer, model: ModelSpec, row: Row): boolean {
  const user = viewer.user;
  if (user === undefined) return false;
  if (viewer.isAdmin) return true;
  if (model.approvalOf !== undefined) return row.user === user.id;
  if (row._by === user.id) return true;
  const managesProject = (): boolean => {
    const project = store.get('project', (row.project as Id | null) ?? '');
    return project !== undefined && projectRights(project, viewer)?.is_manager === true;
  };
  switch (model.key) {
    case 'projectmembershipinvitation':
      return row.invitee === user.id || managesProject();
    case 'projectgroupmembershipinvitation':
      return viewer.groupIds.has(String(row.invitee)) || managesProject();
    case 'groupmembershipinvitation':
      return row.user_account_invitation === user.id || managesGroup(store.get('group', row.authgroup as Id), viewer);
    case 'groupmembershiprequest':
      return row.user_account_request === user.id || managesGroup(store.get('group', row.authgroup as Id), viewer);
    default:
      return false;
  }
}

/** May the viewer change (or delete) this stored record? Reading it is checked separately. */
export function canChange(store: Store, viewer: Viewer, model: ModelSpec, row: Row): boolean {
  if (viewer.user === undefined || viewer.portal === 'public') return false;
  if (viewer.isAdmin) return true;
  const scope = model.scope;
  switch (scope.kind) {
    case 'project': {
      if (scope.path.length === 0) {
        const rights = projectRights(row, viewer);
        return rights?.is_owner === true || rights?.is_manager === true;
      }
      const projects = rowsAlong(store, model, row, scope.path);
      return projects.length > 0 && projects.every((project) => projectRights(project, viewer)?.can_change === true);
    }
    case 'attribute': {
      const owners = scope.path.length === 0 ? [row] : rowsAlong(store, model, row, scope.path);
      return owners.some((owner) => attributeOwnedBy(owner, viewer));
    }
    case 'catalog':
      return model.adminWrites !== true && row._owner === viewer.user.id;
    case 'user':
      return row.id === viewer.user.id;
    case 'group':
      return managesGroup(row, viewer);
    case 'laboratory':
      return managesGroup(store.get('group', row.group as Id), viewer);
    case 'private':
      return row._by === viewer.user.id;
  }
}

/** May the viewer change every project in `projectIds` (what creating a session under them needs)? */
export function canChangeProjects(store: Store, viewer: Viewer, projectIds: readonly Id[]): boolean {
  if (viewer.isAdmin) return true;
  return projectIds.every((id) => {
    const project = store.get('project', id);
    return project !== undefined && projectRights(project, viewer)?.can_change === true;
  });
}

export { managesGroup };
