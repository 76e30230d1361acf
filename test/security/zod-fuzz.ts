import type { z } from 'zod';
import { seededRandom } from '../helpers/seeded-random.ts';

/**
 * A small malformed-payload generator driven by the contract's own zod schemas: it walks a schema to
 * build a plausible input, then breaks it one place at a time (wrong type, missing field, hostile
 * extra keys, huge or hostile values). Walking the schema means a new contract method is fuzzed the
 * day it is added, without anyone writing samples for it.
 */

/** The parts of a zod 4 definition this generator reads. */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, unknown>;
  values?: unknown[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
}

export function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Seeded PRNG (mulberry32): the same seed picks the same inputs, so a failure can be replayed. */
export const prng = seededRandom;

export function pick<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/** Values for string fields, tried in order: the first one the field's schema accepts becomes its sample. */
const stringCandidates = [
  'abc', 'record_id', 'session', 'P1', '1', '00d60b97-96a7-4a2e-9e39-8946ef19a03d', 'a@lab.example',
  'http://127.0.0.1:1/api/', '2025-01-02', '2025-01-02T10:00:00Z', '/nonexistent/carrel-fuzz/file.csv', '0123456789ABCDEF0123456789ABCDEF',
];

/** Chooses the value for a string field by its name (ids of real connections, addresses, tokens). */
export type StringHint = (key: string) => string | undefined;

export function sampleOf(schema: z.ZodType, hint: StringHint, key = ''): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, field] of Object.entries(def.shape ?? {})) out[name] = sampleOf(field, hint, name);
      return out;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return sampleOf(def.innerType!, hint, key);
    case 'string': {
      const hinted = hint(key);
      if (hinted !== undefined && schema.safeParse(hinted).success) return hinted;
      return stringCandidates.find((candidate) => schema.safeParse(candidate).success) ?? 'abc';
    }
    case 'number':
      return [1, 0, 10, 101].find((candidate) => schema.safeParse(candidate).success) ?? 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(def.entries ?? {})[0];
    case 'literal':
      return def.values?.[0];
    case 'array':
      return [sampleOf(def.element!, hint, key)];
    case 'record':
      return { [String(sampleOf(def.keyType!, hint, 'key'))]: sampleOf(def.valueType!, hint, key) };
    case 'union':
      return sampleOf(def.options![0]!, hint, key);
    default:
      return 'x';
  }
}

/** JSON-ish type of what a schema accepts at a field, to choose values of every other type. */
const wrappers = ['optional', 'nullable', 'default', 'prefault', 'readonly'];

function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  return wrappers.includes(def.type) ? unwrap(def.innerType!) : schema;
}

function kindOf(schema: z.ZodType): string {
  const def = defOf(unwrap(schema));
  if (def.type === 'enum' || def.type === 'literal') return 'string';
  if (def.type === 'record') return 'object';
  return def.type;
}

const megabyte = 'A'.repeat(1024 * 1024);

function deepNesting(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Own keys that, merged or assigned carelessly, reach Object.prototype. */
export const pollutionKeys = ['__proto__', 'constructor', 'prototype'] as const;

function pollutionPayload(key: string): unknown {
  return key === 'constructor' ? { prototype: { carrelPolluted: 'yes' } } : { carrelPolluted: 'yes', isAdmin: true };
}

/** Sets an own property even for `__proto__` (plain assignment would replace the prototype instead). */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const wrongByKind: Record<string, unknown[]> = {
  string: [42, true, null, [], {}],
  number: ['42', true, null, [], {}],
  boolean: ['true', 1, null, [], {}],
  array: ['a', 1, {}, null],
  object: ['a', 1, [], null],
};

function hostileValues(kind: string, element: z.ZodType | undefined, hint: StringHint): unknown[] {
  switch (kind) {
    case 'string':
      return [megabyte, '', '\u0000', '\ud800', '../../../../etc/passwd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', "x'; DROP TABLE records; --", '<script>alert(1)</script>', '\u202e\u0007\u001b[31m', 'constructor', '__proto__'];
    case 'number':
      return [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e308, -1e308, 2 ** 53 + 2, -1, 0.5];
    case 'array':
      return [Array.from({ length: 100_000 }, () => (element ? sampleOf(element, hint) : 'x')), deepNesting(10_000)];
    case 'object':
      return [deepNesting(10_000)];
    default:
      return [deepNesting(10_000), megabyte];
  }
}

export interface Mutant {
  label: string;
  input: unknown;
}

type Path = Array<string | number>;

function objectAt(root: unknown, path: Path): Record<string, unknown> | null {
  let node: unknown = root;
  for (const step of path) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[step] : undefined;
  return node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : null;
}

function withAt(root: unknown, path: Path, change: (parent: Record<string, unknown> | unknown[], key: string | number) => void): unknown {
  const copy = structuredClone(root);
  let parent: unknown = copy;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
  change(parent as Record<string, unknown>, path[path.length - 1]!);
  return copy;
}

/** Every field of a schema (objects and the first array element), with its schema and path. */
function fields(schema: z.ZodType, path: Path, out: Array<{ path: Path; schema: z.ZodType; objectPath: boolean }>, depth = 0): void {
  const def = defOf(schema);
  if (depth > 6) return;
  if (wrappers.includes(def.type)) return fields(def.innerType!, path, out, depth);
  if (def.type === 'object') {
    out.push({ path, schema, objectPath: true });
    for (const [name, field] of Object.entries(def.shape ?? {})) {
      out.push({ path: [...path, name], schema: field, objectPath: false });
      fields(field, [...path, name], out, depth + 1);
    }
  } else if (def.type === 'array') {
    fields(def.element!, [...path, 0], out, depth + 1);
  }
}

/** Every way this generator knows to break an input of `schema`, starting from its sample. */
export function mutantsOf(schema: z.ZodType, hint: StringHint): { sample: unknown; mutants: Mutant[] } {
  const sample = sampleOf(schema, hint);
  const mutants: Mutant[] = [
    { label: 'a string instead of an object', input: 'a string' },
    { label: 'a number instead of an object', input: 42 },
    { label: 'an array instead of an object', input: [sample] },
    { label: 'an array of 100k', input: Array.from({ length: 100_000 }, () => 1) },
    { label: 'deep nesting 10,000', input: deepNesting(10_000) },
  ];
  const all: Array<{ path: Path; schema: z.ZodType; objectPath: boolean }> = [];
  fields(schema, [], all);
  for (const field of all) {
    const where = field.path.length ? field.path.join('.') : '(top)';
    if (field.objectPath) {
      const addKey = (key: string, value: unknown): unknown => {
        const copy = structuredClone(sample);
        const target = objectAt(copy, field.path);
        if (target) defineOwn(target, key, value);
        return copy;
      };
      for (const key of pollutionKeys) mutants.push({ label: `${where} + own key ${key}`, input: addKey(key, pollutionPayload(key)) });
      mutants.push({ label: `${where} + unknown key of 1 MB`, input: addKey('carrelExtra', megabyte) });
      continue;
    }
    const kind = kindOf(field.schema);
    const element = kind === 'array' ? defOf(unwrap(field.schema)).element : undefined;
    const replace = (value: unknown): unknown => withAt(sample, field.path, (parent, last) => {
      (parent as Record<string | number, unknown>)[last] = value;
    });
    mutants.push({ label: `${where} missing`, input: withAt(sample, field.path, (parent, last) => {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last as string];
    }) });
    for (const value of wrongByKind[kind] ?? []) mutants.push({ label: `${where} = ${describe(value)}`, input: replace(value) });
    for (const value of hostileValues(kind, element, hint)) mutants.push({ label: `${where} = ${describe(value)}`, input: replace(value) });
  }
  return { sample, mutants };
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `string of ${value.length}` : JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value)) return value.length > 10 ? `array of ${value.length}` : `array(${value.length})`;
  if (value && typeof value === 'object') return 'object';
  return String(value);
}
