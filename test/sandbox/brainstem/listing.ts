// GET answers: the list envelope (records under the plural key, sideloaded relations, `meta`, and
// optionally `count`/`next`/`previous`, reference §1.6) and the detail envelope. The filtered and
// sorted id list of a query is cached until the next write, so paging through 20,000 sessions
// costs one scan plus one page of work per request.

import { readCheck } from './access.ts';
import type { Viewer } from './access.ts';
import { modelByKey } from './catalog.ts';
import { compileFilters, compileSort, sortRows } from './filter.ts';
import type { FieldSpec, ModelSpec } from './model-spec.ts';
import { isRelation } from './model-spec.ts';
import { QueryError } from './query.ts';
import type { ListQuery } from './query.ts';
import { serialize } from './serialize.ts';
import type { Json, JsonObject } from './serialize.ts';
import { relatedIds } from './store.ts';
import type { Row, Store } from './store.ts';

export interface EnvelopeOptions {
  /** `meta` on private lists too (the docs only promise it on public ones). */
  metaOnPrivate: boolean;
  /** Top-level `count`, `next` and `previous` ([PY] load_all reads `count`, [ML] follows `next`). */
  countNextPrevious: boolean;
  /** dynamic-rest's own order: sideloaded keys first, then the records, then `meta`. */
  strictKeyOrder: boolean;
  /** `model.field` relations that embed their objects instead of sideloading them (e.g. `session.datastorage`). */
  embed: ReadonlySet<string>;
}

export interface ListContext {
  store: Store;
  viewer: Viewer;
  model: ModelSpec;
  query: ListQuery;
  /** The request URL as the client sent it (for next/previous). */
  url: URL;
  options: EnvelopeOptions;
  cache: ListCache;
}

const CACHE_ENTRIES = 64;

export class ListCache {
  #entries = new Map<string, { version: number; rows: Row[] }>();

  rows(key: string, version: number, compute: () => Row[]): Row[] {
    const hit = this.#entries.get(key);
    if (hit !== undefined && hit.version === version) return hit.rows;
    const rows = compute();
    if (this.#entries.size >= CACHE_ENTRIES) this.#entries.clear();
    this.#entries.set(key, { version, rows });
    return rows;
  }
}

/** A 400 ParseError for an include[] that names no field, as dynamic-rest words it. */
function checkIncludes(model: ModelSpec, query: ListQuery): void {
  for (const include of query.includes) {
    let current: ModelSpec | undefined = model;
    for (const name of include.path) {
      const field: FieldSpec | undefined = current?.fields.find((f) => f.name === name);
      if (current === undefined || field === undefined) throw new QueryError({ detail: `"${name}" is not a valid field name for "${current?.name ?? model.name}".` });
      current = isRelation(field) && field.target !== undefined ? modelByKey(field.target) : undefined;
      if (!include.expand) break;
    }
  }
}

function matchingRows(context: ListContext): Row[] {
  const { store, viewer, model, query, cache } = context;
  const predicate = compileFilters(store, model, query.filters);
  const sorter = compileSort(store, model, query.sort);
  const key = JSON.stringify([model.key, viewer.portal, viewer.user?.id ?? null, query.filters, query.sort]);
  return cache.rows(key, store.version, () => {
    const visible = readCheck(store, viewer, model);
    const rows: Row[] = [];
    for (const row of store.table(model.key).values()) if (visible(row) && predicate(row)) rows.push(row);
    // Default order: insertion (creation) order. The real default ordering is unknown (reference §5).
    return sortRows(rows, sorter);
  });
}

interface Rendered {
  primary: JsonObject[];
  sideloaded: Map<string, JsonObject[]>;
}

function render(context: ListContext, rows: readonly Row[]): Rendered {
  const { store, viewer, model, query, options } = context;
  const primary = rows.map((row) => serialize(store, model, row, viewer));
  const primaryIds = new Set(rows.map((row) => String(row.id)));
  const sideloaded = new Map<string, JsonObject[]>();
  const seen = new Map<string, Set<string>>();
  const checks = new Map<string, (row: Row) => boolean>();
  const checkFor = (target: ModelSpec): ((row: Row) => boolean) => {
    let check = checks.get(target.key);
    if (check === undefined) {
      check = readCheck(store, viewer, target);
      checks.set(target.key, check);
    }
    return check;
  };
  for (const include of query.includes) {
    if (!include.expand) continue;
    const firstField = model.fields.find((f) => f.name === include.path[0]);
    if (include.path.length === 1 && firstField !== undefined && options.embed.has(`${model.key}.${firstField.name}`)) {
      embed(context, rows, primary, firstField.name, checkFor);
      continue;
    }
    let current: Array<{ model: ModelSpec; row: Row }> = rows.map((row) => ({ model, row }));
    for (const name of include.path) {
      const field = current[0]?.model.fields.find((f) => f.name === name);
      if (field?.target === undefined) break;
      const target = modelByKey(field.target);
      const visible = checkFor(target);
      const next: Array<{ model: ModelSpec; row: Row }> = [];
      const stepSeen = new Set<string>();
      for (const { model: m, row } of current) {
        for (const id of relatedIds(store, m, row, field)) {
          const key = String(id);
          if (stepSeen.has(key)) continue;
          stepSeen.add(key);
          const related = store.get(target.key, id);
          if (related === undefined || !visible(related)) continue;
          next.push({ model: target, row: related });
          // Related objects of the primary's own type join the primary list, as in dynamic-rest.
          const bucketKey = target.plural === model.plural ? '' : target.plural;
          if (bucketKey === '' && primaryIds.has(key)) continue;
          let bucketSeen = seen.get(bucketKey);
          if (bucketSeen === undefined) {
            bucketSeen = new Set();
            seen.set(bucketKey, bucketSeen);
          }
          if (bucketSeen.has(key)) continue;
          bucketSeen.add(key);
          const serialized = serialize(store, target, related, viewer);
          if (bucketKey === '') primary.push(serialized);
          else {
            const bucket = sideloaded.get(bucketKey) ?? [];
            bucket.push(serialized);
            sideloaded.set(bucketKey, bucket);
          }
        }
      }
      current = next;
    }
  }
  applyExcludes(primary, query);
  return { primary, sideloaded };
}

function embed(context: ListContext, rows: readonly Row[], primary: JsonObject[], name: string, checkFor: (model: ModelSpec) => (row: Row) => boolean): void {
  const { store, viewer, model } = context;
  const field = model.fields.find((f) => f.name === name);
  if (field?.target === undefined) return;
  const target = modelByKey(field.target);
  const visible = checkFor(target);
  rows.forEach((row, i) => {
    const objects: Json[] = [];
    for (const id of relatedIds(store, model, row, field)) {
      const related = store.get(target.key, id);
      if (related !== undefined && visible(related)) objects.push(serialize(store, target, related, viewer));
    }
    const out = primary[i];
    if (out !== undefined) out[name] = field.kind === 'fk' ? (objects[0] ?? null) : objects;
  });
}

function applyExcludes(objects: JsonObject[], query: ListQuery): void {
  if (query.excludes.length === 0) return;
  const all = query.excludes.includes('*');
  const kept = new Set(['id', ...query.includes.map((include) => include.path[0] ?? '')]);
  for (const object of objects) {
    for (const key of Object.keys(object)) {
      if ((all && !kept.has(key)) || query.excludes.includes(key)) delete object[key];
    }
  }
}

function pageUrl(url: URL, limit: number, offset: number | undefined): string {
  const next = new URL(url.toString());
  next.searchParams.set('limit', String(limit));
  if (offset === undefined) next.searchParams.delete('offset');
  else next.searchParams.set('offset', String(offset));
  next.searchParams.delete('page');
  next.searchParams.delete('per_page');
  return next.toString();
}

function envelope(context: ListContext, primaryKey: string, primary: Json, sideloaded: Map<string, JsonObject[]>): JsonObject {
  const out: JsonObject = {};
  if (context.options.strictKeyOrder) for (const [key, list] of sideloaded) out[key] = list;
  out[primaryKey] = primary;
  if (!context.options.strictKeyOrder) for (const [key, list] of sideloaded) if (!(key in out)) out[key] = list;
  return out;
}

export function listResponse(context: ListContext): JsonObject {
  checkIncludes(context.model, context.query);
  const rows = matchingRows(context);
  const { limit, offset } = context.query;
  const page = rows.slice(offset, offset + limit);
  const { primary, sideloaded } = render(context, page);
  const out = envelope(context, context.model.plural, primary, sideloaded);
  const total = rows.length;
  if (context.viewer.portal === 'public' || context.options.metaOnPrivate) {
    out.meta = { page: Math.floor(offset / limit) + 1, per_page: limit, total_pages: Math.ceil(total / limit), total_results: total };
  }
  if (context.options.countNextPrevious) {
    out.count = total;
    out.next = offset + limit < total ? pageUrl(context.url, limit, offset + limit) : null;
    // As DRF's LimitOffsetPagination: the first page's link drops `offset` altogether.
    out.previous = offset <= 0 ? null : pageUrl(context.url, limit, offset - limit <= 0 ? undefined : offset - limit);
  }
  return out;
}

export function detailResponse(context: ListContext, row: Row): JsonObject {
  checkIncludes(context.model, context.query);
  const { primary, sideloaded } = render(context, [row]);
  return envelope(context, context.model.name, primary[0] ?? null, sideloaded);
}
