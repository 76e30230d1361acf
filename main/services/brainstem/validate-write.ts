import type { BrainstemField } from '../../../shared/contract/brainstem.ts';
import { AppError } from '../../../shared/contract/errors.ts';
import { brainstemModel } from '../connectors/brainstem/catalogue.ts';
import { brainstemFields } from '../connectors/brainstem/fields.ts';
import { downloadRepositories } from '../connectors/brainstem/fields-vocabularies.ts';

export type WriteMode = 'create' | 'replace' | 'partial';

/** A field's problem, worded as Django REST Framework words it, so the form shows ours and the server's alike. */
class FieldProblem extends Error {}

function problem(message: string): never {
  throw new FieldProblem(message);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'NoneType';
  if (typeof value === 'object') return 'dict';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) ? 'int' : 'float';
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const datetimePattern = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([zZ]|[+-]\d{2}:?\d{2})?$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const extraFieldKey = /^[A-Za-z][A-Za-z0-9_]*$/;
const repositories = new Set<string>(downloadRepositories);

function relationId(field: BrainstemField, value: unknown): string | number {
  if (typeof value !== 'string' && typeof value !== 'number') problem(`Incorrect type. Expected pk value, received ${typeName(value)}.`);
  const integer = field.relatedModel !== null && brainstemModel(field.relatedModel).idKind === 'integer';
  if (integer) {
    const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < 0) problem(`Incorrect type. Expected pk value, received ${typeName(value)}.`);
    return n;
  }
  const text = String(value).trim();
  if (!uuidPattern.test(text)) problem(`"${text.slice(0, 40)}" is not a valid UUID.`);
  return text.toLowerCase();
}

function checkJson(field: BrainstemField, value: unknown): unknown {
  if (field.jsonShape === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) problem(`Expected a dictionary of items but got type "${typeName(value)}".`);
  if (field.jsonShape === 'array' && !Array.isArray(value)) problem(`Expected a list of items but got type "${typeName(value)}".`);
  if (field.name === 'extra_fields') {
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      if (!extraFieldKey.test(key)) problem(`Invalid key "${key.slice(0, 40)}": keys must start with a letter and contain only letters, digits and underscores.`);
      if (typeof entry !== 'string' && typeof entry !== 'number') problem(`Invalid value for "${key.slice(0, 40)}": values must be strings or numbers.`);
    }
  }
  if (field.name === 'download_links') {
    for (const link of value as unknown[]) {
      const entry = (typeof link === 'object' && link !== null ? link : {}) as Record<string, unknown>;
      if (typeof entry.repository !== 'string' || !repositories.has(entry.repository)) problem(`"${String(entry.repository).slice(0, 40)}" is not a valid choice.`);
      if (typeof entry.url !== 'string' || !/^(https?|ftp):\/\/\S+$/.test(entry.url)) problem('Enter a valid URL.');
    }
  }
  return value;
}

/** The value to send for one field, or a FieldProblem. */
function convert(field: BrainstemField, value: unknown): unknown {
  switch (field.kind) {
    case 'text':
    case 'longtext': {
      if (typeof value !== 'string' && typeof value !== 'number') problem('Not a valid string.');
      const text = String(value);
      if (field.required && text.trim() === '') problem('This field may not be blank.');
      if (field.maxLength !== null && text.length > field.maxLength) problem(`Ensure this field has no more than ${field.maxLength} characters.`);
      return text;
    }
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) problem('A valid integer is required.');
      return n;
    }
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) problem('A valid number is required.');
      return n;
    }
    case 'boolean':
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      return problem('Must be a valid boolean.');
    case 'date':
      if (typeof value !== 'string' || !datePattern.test(value) || Number.isNaN(Date.parse(value))) problem('Date has wrong format. Use one of these formats instead: YYYY-MM-DD.');
      return value;
    case 'datetime':
      if (typeof value !== 'string' || !datetimePattern.test(value) || Number.isNaN(Date.parse(value.replace(' ', 'T')))) {
        problem('Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].');
      }
      return value;
    case 'choice': {
      const text = typeof value === 'string' ? value : String(value);
      if (!(field.choices ?? []).some((c) => c.value === text)) problem(`"${text.slice(0, 60)}" is not a valid choice.`);
      return text;
    }
    case 'json':
      return checkJson(field, value);
    case 'tags':
      if (!Array.isArray(value)) problem(`Expected a list of items but got type "${typeName(value)}".`);
      if (!(value as unknown[]).every((tag) => typeof tag === 'string')) problem('Each tag must be text.');
      return value;
    case 'relation':
      return relationId(field, value);
    case 'relations': {
      if (!Array.isArray(value)) problem(`Expected a list of items but got type "${typeName(value)}".`);
      if (field.required && value.length === 0) problem('This list may not be empty.');
      return [...new Set((value as unknown[]).map((item) => relationId(field, item)))];
    }
  }
}

/**
 * Checks field values against the catalogue before anything is sent: unknown and read-only fields,
 * create-only fields on an update, required fields on create (and replace), types, lengths, choices and
 * JSON shapes. Answers the values to send; throws VALIDATION with `details.fields` (field → messages),
 * the shape the server's DRF errors arrive in, so the form shows both the same way.
 */
export function validateWrite(modelName: string, values: Readonly<Record<string, unknown>>, mode: WriteMode): Record<string, unknown> {
  const model = brainstemModel(modelName);
  const fields = new Map(brainstemFields(model.name).map((field) => [field.name, field]));
  const errors: Record<string, string[]> = {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const field = fields.get(name);
    if (!field) {
      errors[name] = [name === 'id' ? 'The id is set by BrainSTEM and cannot be changed.' : `A ${model.label} has no field "${name.slice(0, 60)}".`];
      continue;
    }
    if (field.readOnly) {
      errors[name] = ['This field is read-only: BrainSTEM sets it.'];
      continue;
    }
    if (field.createOnly && mode !== 'create') {
      errors[name] = ['This field can only be set when the record is created.'];
      continue;
    }
    if (value === null || value === undefined) {
      if (field.required) errors[name] = ['This field may not be null.'];
      else out[name] = null;
      continue;
    }
    try {
      out[name] = convert(field, value);
    } catch (error) {
      if (!(error instanceof FieldProblem)) throw error;
      errors[name] = [error.message];
    }
  }
  if (mode !== 'partial') {
    for (const field of fields.values()) {
      if (field.required && !field.readOnly && !(field.createOnly && mode !== 'create') && !(field.name in values)) errors[field.name] = ['This field is required.'];
    }
  }
  const names = Object.keys(errors);
  if (names.length > 0) {
    const listed = names.slice(0, 4).map((name) => fields.get(name)?.label ?? name).join(', ');
    throw new AppError('VALIDATION', `Check ${names.length === 1 ? 'this field' : 'these fields'} before saving the ${model.label}: ${listed}${names.length > 4 ? ` and ${names.length - 4} more` : ''}. Nothing was sent to BrainSTEM.`, {
      details: { fields: errors },
    });
  }
  return out;
}
