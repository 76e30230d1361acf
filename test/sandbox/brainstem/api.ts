// Routes /api/…: the token endpoints, then {portal}/{app}/{model}/[{id}/[{action or relation}/]],
// each with and without a trailing slash and never with a redirect (a 301 would make `requests`
// drop the PATCH body of [PY]'s `add_entry` calls, reference §1.2).

import { readCheck, viewerFor } from './access.ts';
import type { Portal, Viewer } from './access.ts';
import { runAction } from './actions.ts';
import { handleAuth } from './auth-endpoints.ts';
import type { AuthContext } from './auth-endpoints.ts';
import { modelByKey, modelByRoute } from './catalog.ts';
import type { SandboxClock } from './clock.ts';
import { detailResponse, listResponse } from './listing.ts';
import type { EnvelopeOptions, ListCache, ListContext } from './listing.ts';
import type { ModelSpec } from './model-spec.ts';
import { isRelation } from './model-spec.ts';
import { parseQuery, QueryError } from './query.ts';
import type { Prng } from './random.ts';
import { FORBIDDEN, INVALID_TOKEN, NOT_AUTHENTICATED, NOT_FOUND, PAGE_NOT_FOUND, json, methodNotAllowed } from './responses.ts';
import type { ApiResult } from './responses.ts';
import { serialize } from './serialize.ts';
import type { Row } from './store.ts';
import { createRecord, deleteRecord, updateRecord } from './writes.ts';
import type { WriteContext } from './writes.ts';

export interface ApiContext extends AuthContext {
  clock: SandboxClock;
  ids: Prng;
  envelope: EnvelopeOptions;
  cache: ListCache;
}

export interface ApiRequest {
  method: string;
  url: URL;
  authorization: string | undefined;
  /** The parsed body: a JSON value, form fields as an object, or {} when empty. */
  body: unknown;
}

const PORTALS: ReadonlySet<string> = new Set(['private', 'public', 'super']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** undefined = anonymous; 'invalid' = a token was sent and is not valid (401 even on the public portal, as DRF authenticates first). */
function authenticate(context: ApiContext, header: string | undefined): Row | 'invalid' | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^(Bearer|Token)\s+(\S+)\s*$/i.exec(header);
  if (match?.[2] === undefined) return 'invalid';
  const userId = context.tokens.userOf(match[2]);
  const user = userId === undefined ? undefined : context.store.get('user', userId);
  return user === undefined || user._active === false ? 'invalid' : user;
}

function findRow(context: ApiContext, model: ModelSpec, id: string): Row | undefined {
  if (model.idKind === 'int' ? !/^\d+$/.test(id) : !UUID.test(id)) return undefined;
  return context.store.get(model.key, model.idKind === 'int' ? Number(id) : id.toLowerCase());
}

function allowFor(hasId: boolean): string {
  return hasId ? 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS' : 'GET, POST, HEAD, OPTIONS';
}

/** OPTIONS: a slim version of dynamic-rest's metadata (resource names and fields). */
function metadata(model: ModelSpec): ApiResult {
  const properties = Object.fromEntries(model.fields.map((field) => [field.name, {
    type: field.kind === 'm2m' || field.kind === 'reverse' ? 'many' : field.kind === 'fk' ? 'one' : field.kind,
    required: field.required === true, read_only: field.readOnly === true || field.kind === 'reverse' || field.kind === 'computed',
    nullable: field.nullable === true, ...(isRelation(field) && field.target !== undefined ? { related_to: modelByKey(field.target).plural } : {}),
  }]));
  return json({ name: `${model.label} List`, description: '', resource_name: model.name, resource_name_plural: model.plural, properties });
}

function listContext(context: ApiContext, viewer: Viewer, model: ModelSpec, request: ApiRequest): ListContext {
  return { store: context.store, viewer, model, query: parseQuery(request.url.searchParams), url: request.url, options: context.envelope, cache: context.cache };
}

/** GET …/{id}/{relation}/: dynamic-rest's list_related, behind the `links` of projects and subjects. */
function relatedList(context: ApiContext, viewer: Viewer, model: ModelSpec, row: Row, name: string): ApiResult | undefined {
  const field = model.fields.find((f) => f.name === name);
  if (field === undefined || !isRelation(field) || field.target === undefined) return undefined;
  const target = modelByKey(field.target);
  const visible = readCheck(context.store, viewer, target);
  const ids = field.kind === 'reverse' ? [...context.store.referrers(target.key, field.via ?? '', row.id)] : ([] as unknown[]).concat(row[field.name] ?? []);
  const rows = ids.map((id) => context.store.get(target.key, id as string)).filter((r): r is Row => r !== undefined && visible(r));
  return json({ [target.plural]: rows.map((r) => serialize(context.store, target, r, viewer)) });
}

export function handleApi(context: ApiContext, request: ApiRequest): ApiResult {
  const parts = request.url.pathname.split('/').filter((part) => part !== '').slice(1);
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  if (parts[0] === 'auth' || parts[0] === 'token') return handleAuth(context, method, parts, asObject(request.body));
  const [portalName = '', app = '', segment = '', id, action, ...rest] = parts;
  if (!PORTALS.has(portalName) || rest.length > 0) return PAGE_NOT_FOUND;
  const model = modelByRoute(app, segment);
  if (model === undefined) return PAGE_NOT_FOUND;
  const portal = portalName as Portal;
  // Invitations, requests and approvals are only routed in the private portal.
  if (portal === 'public' && model.scope.kind === 'private') return PAGE_NOT_FOUND;
  const user = authenticate(context, request.authorization);
  if (user === 'invalid') return INVALID_TOKEN;
  if (portal !== 'public' && user === undefined) return NOT_AUTHENTICATED;
  const viewer = viewerFor(context.store, portal, user);
  if (portal === 'super' && !viewer.isAdmin) return FORBIDDEN;
  const headers = { Allow: allowFor(id !== undefined) };
  const result = route(context, viewer, model, request, method, id, action);
  return { ...result, headers: { ...headers, ...result.headers } };
}

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function route(context: ApiContext, viewer: Viewer, model: ModelSpec, request: ApiRequest, method: string, id: string | undefined, action: string | undefined): ApiResult {
  const write: WriteContext = { store: context.store, viewer, model, ids: context.ids, clock: context.clock };
  const isWrite = method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';
  // The public portal is read-only. Its refusal code is not documented (§5); 403 is DRF's answer to
  // an authenticated user, 401 to an anonymous one.
  if (isWrite && viewer.portal === 'public') return viewer.user === undefined ? NOT_AUTHENTICATED : FORBIDDEN;
  if (method === 'OPTIONS') return metadata(model);
  try {
    if (id === undefined) {
      if (method === 'GET') return json(listResponse(listContext(context, viewer, model, request)));
      if (method === 'POST') return createRecord(write, request.body);
      return methodNotAllowed(method);
    }
    const row = findRow(context, model, id);
    if (row === undefined || !readCheck(context.store, viewer, model)(row)) return NOT_FOUND;
    if (action !== undefined) {
      if (method === 'GET') {
        const related = relatedList(context, viewer, model, row, action);
        if (related !== undefined) return related;
      }
      return runAction(write, row, action, method, request.body);
    }
    switch (method) {
      case 'GET':
        return json(detailResponse(listContext(context, viewer, model, request), row));
      case 'PATCH':
        return updateRecord(write, row, request.body, 'partial');
      case 'PUT':
        return updateRecord(write, row, request.body, 'replace');
      case 'DELETE':
        return deleteRecord(write, row);
      default:
        return methodNotAllowed(method);
    }
  } catch (error) {
    if (error instanceof QueryError) return json(error.body, 400);
    throw error;
  }
}
