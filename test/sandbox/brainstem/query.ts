// The dynamic-rest query string (reference §1.4): filter{path.op}, sort[], include[], exclude[],
// limit/offset (page/per_page as aliases). Raw `{}[]*` and their percent-encoded forms arrive the
// same way through URLSearchParams.

import type { Json } from './serialize.ts';

export const OPERATORS: ReadonlySet<string> = new Set([
  'in', 'any', 'all', 'icontains', 'contains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'year', 'month', 'day', 'week_day',
  'regex', 'range', 'gt', 'lt', 'gte', 'lte', 'isnull', 'eq', 'iexact',
]);

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export interface FilterSpec {
  /** As written between the braces, e.g. `-name.icontains`. */
  raw: string;
  path: string[];
  op: string;
  negate: boolean;
  values: string[];
}

export interface SortSpec {
  raw: string;
  path: string[];
  descending: boolean;
}

export interface IncludeSpec {
  path: string[];
  /** `rel.*` sideloads the related objects; a bare `rel` only asks for the (already present) field. */
  expand: boolean;
}

export interface ListQuery {
  filters: FilterSpec[];
  sort: SortSpec[];
  includes: IncludeSpec[];
  excludes: string[];
  limit: number;
  offset: number;
  format: string | undefined;
}

export class QueryError extends Error {
  readonly body: Json;

  constructor(body: Json) {
    super(JSON.stringify(body));
    this.body = body;
  }
}

function positive(raw: string | null, fallback: number, allowZero = false): number {
  if (raw === null || !/^\d+$/.test(raw.trim())) return fallback;
  const value = Number(raw);
  if (value === 0 && !allowZero) return fallback;
  return value;
}

export function parseQuery(params: URLSearchParams): ListQuery {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    const list = grouped.get(key) ?? [];
    list.push(value);
    grouped.set(key, list);
  }
  const filters: FilterSpec[] = [];
  for (const [key, values] of grouped) {
    if (!key.startsWith('filter{')) continue;
    if (!key.endsWith('}') || key.length === 'filter{}'.length) throw new QueryError({ detail: `"${key}" is not a well-formed filter key.` });
    let raw = key.slice('filter{'.length, -1);
    const negate = raw.startsWith('-');
    if (negate) raw = raw.slice(1);
    const parts = raw.split('.');
    const last = parts[parts.length - 1] ?? '';
    const op = parts.length > 1 && OPERATORS.has(last) ? last : 'eq';
    const path = op === 'eq' && last !== 'eq' ? parts : parts.slice(0, -1);
    filters.push({ raw: key.slice('filter{'.length, -1), path, op, negate, values });
  }
  const sort = (grouped.get('sort[]') ?? []).filter((term) => term !== '').map((term) => {
    const descending = term.startsWith('-');
    const name = descending ? term.slice(1) : term;
    return { raw: name, path: name.split('.'), descending };
  });
  const includes: IncludeSpec[] = [];
  for (const term of grouped.get('include[]') ?? []) {
    if (term === '*' || term === '') continue;
    const expand = term.endsWith('.*') || term.endsWith('.');
    const path = (term.endsWith('.*') ? term.slice(0, -2) : term.endsWith('.') ? term.slice(0, -1) : term).split('.');
    includes.push({ path, expand });
  }
  let limit = positive(params.get('limit'), positive(params.get('per_page'), DEFAULT_LIMIT));
  limit = Math.min(limit, MAX_LIMIT);
  const offset = params.has('offset') ? positive(params.get('offset'), 0, true) : (positive(params.get('page'), 1) - 1) * limit;
  return { filters, sort, includes, excludes: grouped.get('exclude[]') ?? [], limit, offset, format: params.get('format') ?? undefined };
}
