// A stored record as the API prints it: `id` first, then the model's fields in documented order,
// relations as ids, reverse relations from the store's index, membership maps keyed by email or
// group name, and `links` for the non-empty reverse relations (dynamic-rest leaves empty ones out).

import type { MemberMap, Viewer } from './access.ts';
import type { FieldSpec, ModelSpec } from './model-spec.ts';
import { relatedIds } from './store.ts';
import type { Row, Store } from './store.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

function defaultOf(field: FieldSpec): Json {
  if (field.defaultValue !== undefined) return field.defaultValue;
  switch (field.kind) {
    case 'string':
    case 'choice':
      return field.nullable === true ? null : '';
    case 'bool':
      return false;
    case 'm2m':
    case 'tags':
    case 'reverse':
      return [];
    case 'json':
      return field.emptyJson === 'array' ? [] : field.emptyJson === 'null' ? null : {};
    case 'members':
      return {};
    default:
      return null;
  }
}

export { defaultOf };

function members(store: Store, row: Row, field: FieldSpec, modelKey: string): JsonObject {
  const out: JsonObject = {};
  if (modelKey === 'project' && field.name === 'groups') {
    for (const [groupId, rights] of Object.entries((row._groups as MemberMap | undefined) ?? {})) {
      const group = store.get('group', Number(groupId));
      if (group !== undefined) out[String(group.name)] = flags(rights, true);
    }
    return out;
  }
  const map = (modelKey === 'project' ? row._users : row._members) as MemberMap | undefined;
  for (const [userId, rights] of Object.entries(map ?? {})) {
    const user = store.get('user', Number(userId));
    if (user !== undefined) out[String(user.email)] = flags(rights, modelKey === 'project');
  }
  return out;
}

function flags(rights: MemberMap[string], withChange: boolean): JsonObject {
  const base: JsonObject = { is_manager: rights.is_manager === true, is_owner: rights.is_owner === true };
  return withChange ? { can_change: rights.can_change === true || base.is_manager === true || base.is_owner === true, ...base } : base;
}

function computedValue(store: Store, model: ModelSpec, row: Row, field: FieldSpec, viewer: Viewer | undefined): Json {
  if (field.name === 'links') {
    const links: JsonObject = {};
    for (const relation of model.fields) {
      if (relation.kind === 'reverse' && relatedIds(store, model, row, relation).length > 0) links[relation.name] = `${relation.name}/`;
    }
    return links;
  }
  if (field.name === 'groups_own_json') {
    // Read as "the groups this user is in"; the docs show only the shape [{"id":8,"name":"…"}].
    const out: Json[] = [];
    for (const group of store.table('group').values()) {
      if ((group._members as MemberMap | undefined)?.[String(row.id)] !== undefined) out.push({ id: group.id, name: String(group.name) });
    }
    return out;
  }
  if (field.name === 'active_projects') {
    // Only a user's own record lists their projects: elsewhere it would leak private project ids.
    if (viewer?.user?.id !== row.id || viewer.portal === 'public') return [];
    const out: Json[] = [];
    for (const project of store.table('project').values()) {
      if ((project._users as MemberMap | undefined)?.[String(row.id)] !== undefined) out.push(String(project.id));
    }
    return out;
  }
  return null;
}

export function serialize(store: Store, model: ModelSpec, row: Row, viewer?: Viewer): JsonObject {
  const out: JsonObject = { id: row.id };
  for (const field of model.fields) {
    if (field.kind === 'reverse') out[field.name] = relatedIds(store, model, row, field);
    else if (field.kind === 'members') out[field.name] = members(store, row, field, model.key);
    else if (field.kind === 'computed') out[field.name] = computedValue(store, model, row, field, viewer);
    else {
      const value = row[field.name];
      out[field.name] = value === undefined ? defaultOf(field) : (value as Json);
    }
  }
  return out;
}
