// dynamic-rest filtering and sorting over stored rows. Paths go through relations (projects.name),
// a relation on its own compares ids, and a to-many path matches when any value does (Django join
// semantics). Unknown fields answer the bare-list 400 dynamic-rest gives.

import { modelByKey } from './catalog.ts';
import type { FieldSpec, ModelSpec } from './model-spec.ts';
import { isRelation } from './model-spec.ts';
import { QueryError } from './query.ts';
import type { FilterSpec, SortSpec } from './query.ts';
import { relatedIds } from './store.ts';
import type { Row, Store } from './store.ts';

interface Step {
  model: ModelSpec;
  /** undefined = the record's own id. */
  field: FieldSpec | undefined;
}

const FILTERABLE = new Set(['string', 'bool', 'int', 'number', 'date', 'datetime', 'choice', 'tags', 'json', 'fk', 'm2m', 'reverse']);

/** Resolves a dotted path to steps, or undefined when a segment is not a field. */
function resolve(model: ModelSpec, path: readonly string[]): Step[] | undefined {
  const steps: Step[] = [];
  let current: ModelSpec | undefined = model;
  for (const [i, name] of path.entries()) {
    if (current === undefined) return undefined;
    if (name === 'id' || name === 'pk') {
      steps.push({ model: current, field: undefined });
      current = undefined;
      continue;
    }
    const field: FieldSpec | undefined = current.fields.find((f) => f.name === name);
    if (field === undefined || !FILTERABLE.has(field.kind)) return undefined;
    steps.push({ model: current, field });
    const last = i === path.length - 1;
    if (!last && !isRelation(field)) return undefined;
    current = isRelation(field) && field.target !== undefined ? modelByKey(field.target) : undefined;
  }
  return steps;
}

function leafValues(store: Store, row: Row, steps: readonly Step[]): unknown[] {
  let rows: Row[] = [row];
  for (const [i, step] of steps.entries()) {
    const last = i === steps.length - 1;
    if (step.field === undefined) return rows.map((r) => r.id);
    const field = step.field;
    if (!isRelation(field)) {
      const values: unknown[] = [];
      for (const r of rows) {
        const value = r[field.name];
        if (field.kind === 'tags' && Array.isArray(value)) values.push(...(value as unknown[]));
        else values.push(value ?? null);
      }
      return values;
    }
    const ids = rows.flatMap((r) => relatedIds(store, step.model, r, field));
    if (last) return ids;
    const target = field.target ?? '';
    rows = ids.map((id) => store.get(target, id)).filter((r): r is Row => r !== undefined);
  }
  return rows.map((r) => r.id);
}

const TRUE = new Set(['true', 'True', 'TRUE', '1', 'yes', 'on', 't']);

function coerce(field: FieldSpec | undefined, raw: string): unknown {
  if (field?.kind === 'bool') return TRUE.has(raw);
  if (field?.kind === 'int' || field?.kind === 'number') return Number(raw);
  return raw;
}

function datePart(value: unknown, op: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  const d = new Date(time);
  if (op === 'year') return d.getUTCFullYear();
  if (op === 'month') return d.getUTCMonth() + 1;
  if (op === 'day') return d.getUTCDate();
  return d.getUTCDay() + 1; // Django's week_day: 1 = Sunday.
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function matchOne(value: unknown, op: string, args: readonly unknown[], field: FieldSpec | undefined): boolean {
  const arg = args[args.length - 1];
  if (op === 'isnull') return TRUE.has(String(arg)) ? value === null || value === undefined : value !== null && value !== undefined;
  if (value === null || value === undefined) return false;
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const argText = String(arg ?? '');
  switch (op) {
    case 'eq':
      return field?.kind === 'bool' || field?.kind === 'int' || field?.kind === 'number' ? value === arg : text === argText;
    case 'in':
    case 'any':
      return args.some((candidate) => (typeof value === 'number' || typeof value === 'boolean' ? value === candidate : text === String(candidate)));
    case 'iexact':
      return text.toLowerCase() === argText.toLowerCase();
    case 'contains':
      return text.includes(argText);
    case 'icontains':
      return text.toLowerCase().includes(argText.toLowerCase());
    case 'startswith':
      return text.startsWith(argText);
    case 'istartswith':
      return text.toLowerCase().startsWith(argText.toLowerCase());
    case 'endswith':
      return text.endsWith(argText);
    case 'iendswith':
      return text.toLowerCase().endsWith(argText.toLowerCase());
    case 'regex':
      try {
        return new RegExp(argText).test(text);
      } catch {
        return false;
      }
    case 'gt':
      return compare(value, arg) > 0;
    case 'gte':
      return compare(value, arg) >= 0;
    case 'lt':
      return compare(value, arg) < 0;
    case 'lte':
      return compare(value, arg) <= 0;
    case 'range':
      return args.length >= 2 && compare(value, args[0]) >= 0 && compare(value, args[1]) <= 0;
    case 'year':
    case 'month':
    case 'day':
    case 'week_day':
      return datePart(value, op) === Number(argText);
    default:
      return false;
  }
}

/** One predicate for all filters of a request (ANDed), or a 400 for a field the model lacks. */
export function compileFilters(store: Store, model: ModelSpec, filters: readonly FilterSpec[]): (row: Row) => boolean {
  const tests = filters.map((filter) => {
    const steps = resolve(model, filter.path);
    if (steps === undefined || steps.length === 0) throw new QueryError([`Invalid filter field: ${filter.path.join('.')}`]);
    const leaf = steps[steps.length - 1]?.field;
    const args = filter.values.map((raw) => coerce(leaf, raw));
    const test = (row: Row): boolean => {
      const values = leafValues(store, row, steps);
      if (filter.op === 'all') return args.every((arg) => values.some((value) => String(value) === String(arg)));
      if (filter.op === 'isnull' && leaf !== undefined && isRelation(leaf) && leaf.kind !== 'fk') {
        return TRUE.has(String(args[args.length - 1])) === (values.length === 0);
      }
      if (values.length === 0) return filter.op === 'isnull' && TRUE.has(String(args[args.length - 1]));
      return values.some((value) => matchOne(value, filter.op, args, leaf));
    };
    return filter.negate ? (row: Row) => !test(row) : test;
  });
  return (row) => tests.every((test) => test(row));
}

export interface Sorter {
  keyOf(row: Row): unknown[];
  compareKeys(a: readonly unknown[], b: readonly unknown[]): number;
}

/** sort[] terms as a key extractor plus a key comparator; nulls sort last ascending and first descending, as in PostgreSQL. */
export function compileSort(store: Store, model: ModelSpec, sort: readonly SortSpec[]): Sorter | undefined {
  if (sort.length === 0) return undefined;
  const invalid: string[] = [];
  const terms = sort.map((term) => {
    const steps = resolve(model, term.path);
    if (steps === undefined || steps.length === 0) invalid.push(term.raw);
    return { steps: steps ?? [], descending: term.descending };
  });
  // The message really says "filter", and prints a Python list (reference §1.4).
  if (invalid.length > 0) throw new QueryError([`Invalid filter field: [${invalid.map((name) => `'${name}'`).join(', ')}]`]);
  return {
    keyOf: (row) => terms.map((term) => leafValues(store, row, term.steps)[0] ?? null),
    compareKeys: (a, b) => {
      for (const [i, term] of terms.entries()) {
        const x = a[i] ?? null;
        const y = b[i] ?? null;
        const order = x === null || y === null ? (x === y ? 0 : x === null ? 1 : -1) : compare(x, y);
        if (order !== 0) return term.descending ? -order : order;
      }
      return 0;
    },
  };
}

/** A stable sort with each row's keys computed once. */
export function sortRows(rows: Row[], sorter: Sorter | undefined): Row[] {
  if (sorter === undefined) return rows;
  return rows
    .map((row, index) => ({ row, index, key: sorter.keyOf(row) }))
    .sort((a, b) => sorter.compareKeys(a.key, b.key) || a.index - b.index)
    .map((entry) => entry.row);
}
