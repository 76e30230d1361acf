import { AppError } from '../../../../shared/contract/errors.ts';

/** dynamic-rest's filter operators (reference §1.4). No operator means equality. */
export const brainstemFilterOperators = [
  'eq', 'in', 'any', 'all', 'icontains', 'contains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'iexact',
  'year', 'month', 'day', 'week_day', 'regex', 'range', 'gt', 'lt', 'gte', 'lte', 'isnull',
] as const;
export type BrainstemFilterOperator = (typeof brainstemFilterOperators)[number];
const operatorSet = new Set<string>(brainstemFilterOperators);

export type FilterScalar = string | number | boolean;
export type FilterValue = FilterScalar | null | ReadonlyArray<FilterScalar>;

export interface BrainstemFilter {
  /** A field path: `name`, `projects.id`, `groups.name`; `rel|field` filters sideloaded data. */
  field: string;
  op?: BrainstemFilterOperator;
  value: FilterValue;
  /** `filter{-field}`: leave matching records out. */
  exclude?: boolean;
}

export interface BrainstemQuery {
  /** A list of filters, or the Python tool's shorthand `{"name.icontains": "rat"}`. All are ANDed. */
  filters?: ReadonlyArray<BrainstemFilter> | Readonly<Record<string, FilterValue>>;
  /** Field paths; `-name` sorts descending. */
  sort?: ReadonlyArray<string>;
  /** Relations to send in full; `.*` is added as the official clients do (a bare name only adds a field). */
  include?: ReadonlyArray<string>;
  /** Fields to leave out (`*` for all but id and included ones). */
  exclude?: ReadonlyArray<string>;
  limit?: number;
  offset?: number;
}

/** The server takes at most this many records per page. */
export const maxPageSize = 100;

const pathPattern = /^[A-Za-z_][A-Za-z0-9_]*(?:[.|][A-Za-z_][A-Za-z0-9_]*)*$/;

function checkPath(path: string, what: string): void {
  if (!pathPattern.test(path)) {
    throw new AppError('VALIDATION', `"${path.slice(0, 60)}" is not a BrainSTEM field path (${what}). Use names like name, projects.id or date_time.`);
  }
}

/** `{"name.icontains": "rat", "projects.id": "…"}` → filters; the last segment is an operator only if it is one. */
export function filtersFromShorthand(shorthand: Readonly<Record<string, FilterValue>>): BrainstemFilter[] {
  return Object.entries(shorthand).map(([key, value]) => {
    const exclude = key.startsWith('-');
    const path = exclude ? key.slice(1) : key;
    const dot = path.lastIndexOf('.');
    const last = dot === -1 ? '' : path.slice(dot + 1);
    const filter: BrainstemFilter = operatorSet.has(last)
      ? { field: path.slice(0, dot), op: last as BrainstemFilterOperator, value }
      : { field: path, value };
    if (exclude) filter.exclude = true;
    return filter;
  });
}

function scalarText(value: FilterScalar): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && !Number.isFinite(value)) throw new AppError('VALIDATION', 'A BrainSTEM filter value must be a finite number.');
  return String(value);
}

function filterValues(filter: BrainstemFilter): string[] {
  const { op, value } = filter;
  const list = Array.isArray(value) ? (value as ReadonlyArray<FilterScalar>) : null;
  if (op === 'isnull') {
    if (typeof value !== 'boolean') throw new AppError('VALIDATION', `The isnull filter on ${filter.field} takes true or false.`);
    return [scalarText(value)];
  }
  if (op === 'range') {
    if (!list || list.length !== 2) throw new AppError('VALIDATION', `The range filter on ${filter.field} takes exactly two values (from, to).`);
    return list.map(scalarText);
  }
  if (op === 'in' || op === 'any' || op === 'all') {
    const values = list ?? (value === null ? [] : [value as FilterScalar]);
    if (values.length === 0) throw new AppError('VALIDATION', `The ${op} filter on ${filter.field} needs at least one value.`);
    return values.map(scalarText);
  }
  if (list) throw new AppError('VALIDATION', `The filter on ${filter.field} takes one value; use the "in" operator for several.`);
  // Django reads "None" as NULL for an equality on a nullable field only through isnull; say so.
  if (value === null) throw new AppError('VALIDATION', `To find records where ${filter.field} is empty, use the isnull operator.`);
  return [scalarText(value as FilterScalar)];
}

/** The query string for a list or detail call: `filter{field.op}`, `sort[]`, `include[]`, `exclude[]`, `limit`, `offset`. */
export function encodeBrainstemQuery(query: BrainstemQuery): URLSearchParams {
  const params = new URLSearchParams();
  const filters = query.filters === undefined ? [] : Array.isArray(query.filters) ? (query.filters as ReadonlyArray<BrainstemFilter>) : filtersFromShorthand(query.filters as Readonly<Record<string, FilterValue>>);
  for (const filter of filters) {
    checkPath(filter.field, 'filter');
    if (filter.op !== undefined && !operatorSet.has(filter.op)) {
      throw new AppError('VALIDATION', `"${String(filter.op).slice(0, 30)}" is not a BrainSTEM filter operator. Use one of: ${brainstemFilterOperators.join(', ')}.`);
    }
    // Equality is the default; sending `.eq` would be redundant.
    const suffix = filter.op && filter.op !== 'eq' ? `.${filter.op}` : '';
    const key = `filter{${filter.exclude ? '-' : ''}${filter.field}${suffix}}`;
    for (const value of filterValues(filter)) params.append(key, value);
  }
  for (const field of query.sort ?? []) {
    checkPath(field.startsWith('-') ? field.slice(1) : field, 'sort');
    params.append('sort[]', field);
  }
  for (const relation of query.include ?? []) {
    const bare = relation.replace(/\.\*?$/, '');
    checkPath(bare, 'include');
    params.append('include[]', `${bare}.*`);
  }
  for (const field of query.exclude ?? []) {
    if (field !== '*') checkPath(field, 'exclude');
    params.append('exclude[]', field);
  }
  if (query.limit !== undefined) params.set('limit', String(pageSize(query.limit)));
  if (query.offset !== undefined) {
    if (!Number.isInteger(query.offset) || query.offset < 0) throw new AppError('VALIDATION', 'A BrainSTEM offset is a whole number of records, 0 or more.');
    params.set('offset', String(query.offset));
  }
  return params;
}

/** Limits above the server's maximum are clamped, as the server would. */
export function pageSize(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new AppError('VALIDATION', `A BrainSTEM page holds 1 to ${maxPageSize} records.`);
  return Math.min(limit, maxPageSize);
}

/** First segment of each include path: `behaviors.subjects` → `behaviors`. */
export function includedRelations(include: ReadonlyArray<string> | undefined): string[] {
  const relations = new Set<string>();
  for (const path of include ?? []) {
    const first = path.split('.')[0];
    if (first) relations.add(first);
  }
  return [...relations];
}
