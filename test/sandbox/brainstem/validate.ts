// DRF-style field validation of a write body: every error at once, keyed by field, with DRF's own
// messages. Unknown and read-only keys are ignored, as DRF does ([ML] PUTs whole loaded records).

import { readCheck } from './access.ts';
import type { Viewer } from './access.ts';
import { modelByKey } from './catalog.ts';
import type { FieldSpec, ModelSpec } from './model-spec.ts';
import { isWritable } from './model-spec.ts';
import type { Json } from './serialize.ts';
import type { Id, Row, Store } from './store.ts';

export type FieldErrors = Record<string, Json>;
export type WriteMode = 'create' | 'replace' | 'partial';

const REPOSITORIES = new Set(['CRCNS', 'DANDI', 'Figshare', 'GitHub', 'Globus', 'Mendeley', 'Zenodo', 'Webshare', 'Other']);
const EXTRA_FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'NoneType';
  if (typeof value === 'object') return 'dict';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) ? 'int' : 'float';
}

class FieldError extends Error {
  readonly detail: Json;

  constructor(detail: Json) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.detail = detail;
  }
}

function fail(message: string): never {
  throw new FieldError([message]);
}

function asString(field: FieldSpec, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') fail('Not a valid string.');
  const text = String(value);
  if (text.trim() === '' && field.required === true) fail('This field may not be blank.');
  if (field.max !== undefined && text.length > field.max) fail(`Ensure this field has no more than ${field.max} characters.`);
  return text;
}

function asDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    fail('Date has wrong format. Use one of these formats instead: YYYY-MM-DD.');
  }
  return value;
}

function asDatetime(value: unknown): string {
  const time = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`) : NaN;
  if (Number.isNaN(time)) fail('Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].');
  return new Date(time).toISOString().replace('.000Z', 'Z');
}

function asJson(field: FieldSpec, value: unknown): Json {
  if (field.name === 'extra_fields') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('Expected a dictionary of items but got type "' + typeName(value) + '".');
    for (const [key, entry] of Object.entries(value)) {
      if (!EXTRA_FIELD_KEY.test(key)) fail(`Invalid key "${key}": keys must start with a letter and contain only letters, digits and underscores.`);
      if (typeof entry !== 'string' && typeof entry !== 'number') fail(`Invalid value for "${key}": values must be strings or numbers.`);
    }
  }
  if (field.name === 'download_links') {
    if (!Array.isArray(value)) fail(`Expected a list of items but got type "${typeName(value)}".`);
    for (const link of value as unknown[]) {
      const entry = (typeof link === 'object' && link !== null ? link : {}) as Record<string, unknown>;
      if (typeof entry.repository !== 'string' || !REPOSITORIES.has(entry.repository)) fail(`"${String(entry.repository)}" is not a valid choice.`);
      if (typeof entry.url !== 'string' || !/^(https?|ftp):\/\/\S+$/.test(entry.url)) fail('Enter a valid URL.');
    }
  }
  return value as Json;
}

function asId(store: Store, target: ModelSpec, visible: (row: Row) => boolean, value: unknown): Id {
  if (typeof value === 'object' && value !== null) fail(`Incorrect type. Expected pk value, received ${typeName(value)}.`);
  if (typeof value !== 'string' && typeof value !== 'number') fail(`Incorrect type. Expected pk value, received ${typeName(value)}.`);
  const row = store.get(target.key, target.idKind === 'int' ? Number(value) : String(value));
  if (row === undefined || !visible(row)) fail(`Invalid pk "${String(value)}" - object does not exist.`);
  return row.id;
}

function convert(store: Store, viewer: Viewer, field: FieldSpec, value: unknown): unknown {
  switch (field.kind) {
    case 'string':
      return asString(field, value);
    case 'choice': {
      const text = typeof value === 'string' ? value : String(value);
      if (!(field.choices ?? []).includes(text)) fail(`"${text}" is not a valid choice.`);
      return text;
    }
    case 'bool':
      if (value === true || value === 'true' || value === 'True' || value === 1 || value === '1') return true;
      if (value === false || value === 'false' || value === 'False' || value === 0 || value === '0') return false;
      return fail('Must be a valid boolean.');
    case 'int': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) fail('A valid integer is required.');
      if (field.name === 'litter_size' || field.name === 'order') {
        if (n < 0 || (field.name === 'litter_size' && n === 0)) fail(`Ensure this value is greater than or equal to ${field.name === 'order' ? 0 : 1}.`);
      }
      return n;
    }
    case 'number': {
      const n = typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) fail('A valid number is required.');
      return n;
    }
    case 'date':
      return asDate(value);
    case 'datetime':
      return asDatetime(value);
    case 'json':
      return asJson(field, value);
    case 'tags':
      if (!Array.isArray(value)) fail(`Expected a list of items but got type "${typeName(value)}".`);
      return (value as unknown[]).map(String);
    case 'fk': {
      const target = modelByKey(field.target ?? '');
      return asId(store, target, readCheck(store, { ...viewer, portal: 'private' }, target), value);
    }
    case 'm2m': {
      if (!Array.isArray(value)) fail(`Expected a list of items but got type "${typeName(value)}".`);
      const list = value as unknown[];
      if (list.length < (field.minItems ?? 0)) fail('This list may not be empty.');
      const target = modelByKey(field.target ?? '');
      const visible = readCheck(store, { ...viewer, portal: 'private' }, target);
      return [...new Set(list.map((item) => asId(store, target, visible, item)))];
    }
    default:
      return value;
  }
}

/** The converted values of the writable fields present, and DRF's error body for the rest. */
export function validateFields(
  store: Store, viewer: Viewer, model: ModelSpec, data: Record<string, unknown>, mode: WriteMode, existing?: Row,
): { values: Record<string, unknown>; errors: FieldErrors } {
  const values: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const field of model.fields) {
    if (!isWritable(field) || field.kind === 'members') continue;
    if (field.createOnly === true && mode !== 'create') continue;
    const value = data[field.name];
    if (value === undefined) {
      if (field.required === true && mode !== 'partial') errors[field.name] = ['This field is required.'];
      continue;
    }
    if (value === null) {
      if (field.nullable === true) values[field.name] = null;
      else errors[field.name] = ['This field may not be null.'];
      continue;
    }
    try {
      values[field.name] = convert(store, viewer, field, value);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      errors[field.name] = error.detail;
    }
  }
  for (const name of model.unique ?? []) {
    const value = values[name];
    if (value === undefined || errors[name] !== undefined) continue;
    for (const row of store.table(model.key).values()) {
      if (row[name] === value && row.id !== existing?.id) {
        errors[name] = [`${model.label.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} with this ${name} already exists.`];
        break;
      }
    }
  }
  return { values, errors };
}
