import type { BrainstemField, BrainstemRecordView } from '../../../shared/contract/brainstem.ts';

/**
 * The state of a generated BrainSTEM form and the rules that turn it into a request body. Pure, so that
 * what is sent (and what is refused before sending) is tested without a browser. Messages follow DRF's
 * wording where the server has one, so an error found here reads like the same error from the server.
 */

/** A chosen related record as a picker keeps it: the id is sent, the label is shown. */
export interface PickedLink {
  id: string;
  label: string;
}

/** Text for text-like kinds (what the input holds), true/false, a link, links, or tags. */
export type DraftValue = string | boolean | PickedLink | null | PickedLink[] | string[];
export type Draft = Record<string, DraftValue>;
export type FieldErrors = Record<string, string[]>;
export type FormMode = 'create' | 'edit';

export function asText(value: DraftValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

export function asLink(value: DraftValue | undefined): PickedLink | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

export function asLinks(value: DraftValue | undefined): PickedLink[] {
  return Array.isArray(value) ? value.filter((item): item is PickedLink => typeof item === 'object' && item !== null) : [];
}

export function asTags(value: DraftValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Fields a form shows: everything the server lets a client write. */
export function formFields(fields: readonly BrainstemField[]): BrainstemField[] {
  return fields.filter((field) => !field.readOnly);
}

/** Create-only fields (a log's type) are shown but cannot change once the record exists. */
export function isLocked(field: BrainstemField, mode: FormMode): boolean {
  return mode === 'edit' && field.createOnly;
}

// ---- dates ---------------------------------------------------------------------------------------------

const pad = (n: number): string => String(n).padStart(2, '0');

/** An ISO time as a `datetime-local` input shows it, in the user's time zone (seconds only when set). */
export function isoToLocalInput(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  const base = `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}T${pad(time.getHours())}:${pad(time.getMinutes())}`;
  return time.getSeconds() === 0 ? base : `${base}:${pad(time.getSeconds())}`;
}

/** A `datetime-local` value (the user's time zone) as the UTC ISO time the server stores; null when invalid. */
export function localInputToIso(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const time = new Date(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  if (Number.isNaN(time.getTime()) || time.getMonth() !== mo - 1 || time.getDate() !== d) return null;
  return time.toISOString().replace('.000Z', 'Z');
}

function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const time = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return time.getUTCDate() === Number(match[3]) && time.getUTCMonth() === Number(match[2]) - 1;
}

// ---- initial values ------------------------------------------------------------------------------------

function idText(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

function linkLabels(record: BrainstemRecordView | null, field: string): Map<string, string> {
  const links = record?.relations.find((relation) => relation.field === field)?.links ?? [];
  return new Map(links.map((link) => [link.id, link.label]));
}

/** What an empty form holds for a field. */
export function emptyValue(field: BrainstemField): DraftValue {
  if (field.kind === 'boolean') return false;
  if (field.kind === 'relation') return null;
  if (field.kind === 'relations' || field.kind === 'tags') return [];
  return '';
}

export function initialValue(field: BrainstemField, record: BrainstemRecordView | null): DraftValue {
  const value = record?.values[field.name];
  if (value === undefined || value === null) return emptyValue(field);
  switch (field.kind) {
    case 'boolean':
      return value === true;
    case 'relation': {
      const id = idText(value);
      return id === null ? null : { id, label: linkLabels(record, field.name).get(id) ?? id };
    }
    case 'relations': {
      const labels = linkLabels(record, field.name);
      return (Array.isArray(value) ? value : []).map(idText).filter((id): id is string => id !== null).map((id) => ({ id, label: labels.get(id) ?? id }));
    }
    case 'tags':
      return (Array.isArray(value) ? value : []).map((tag) => String(tag));
    case 'json':
      return JSON.stringify(value, null, 2);
    case 'datetime':
      return typeof value === 'string' ? isoToLocalInput(value) : '';
    case 'date':
      return typeof value === 'string' ? value.slice(0, 10) : '';
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  }
}

export function initialDraft(fields: readonly BrainstemField[], record: BrainstemRecordView | null): Draft {
  const draft: Draft = {};
  for (const field of formFields(fields)) draft[field.name] = initialValue(field, record);
  return draft;
}

// ---- parsing -------------------------------------------------------------------------------------------

export type Parsed = { ok: true; value: unknown; empty: boolean } | { ok: false; error: string };

const required = 'This field is required.';

/** Related ids go back as the server sent them: integers for users and groups, UUID strings otherwise. */
export function wireId(id: string): string | number {
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

/** Why a JSON text is not usable for a field, or its value. */
export function parseJson(text: string, shape: BrainstemField['jsonShape']): { ok: true; value: unknown } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (shape === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) return { ok: false, error: 'Enter a JSON object: { "key": value, … }.' };
  if (shape === 'array' && !Array.isArray(value)) return { ok: false, error: 'Enter a JSON list: [ … ].' };
  return { ok: true, value };
}

/** One field's form value as the JSON value to send; `empty` when the user gave nothing. */
export function parseFieldValue(field: BrainstemField, draftValue: DraftValue | undefined): Parsed {
  if (field.kind === 'boolean') return { ok: true, value: draftValue === true, empty: false };
  if (field.kind === 'relation') {
    const link = asLink(draftValue);
    return link ? { ok: true, value: wireId(link.id), empty: false } : field.required ? { ok: false, error: required } : { ok: true, value: null, empty: true };
  }
  if (field.kind === 'relations') {
    const links = asLinks(draftValue);
    if (links.length === 0 && field.required) return { ok: false, error: 'Choose at least one.' };
    return { ok: true, value: links.map((link) => wireId(link.id)), empty: links.length === 0 };
  }
  if (field.kind === 'tags') {
    const tags = asTags(draftValue);
    return { ok: true, value: tags, empty: tags.length === 0 };
  }
  const raw = asText(draftValue);
  const text = field.kind === 'text' || field.kind === 'longtext' ? raw : raw.trim();
  if (text.trim() === '') {
    if (field.required) return { ok: false, error: required };
    return { ok: true, value: field.kind === 'text' || field.kind === 'longtext' ? '' : null, empty: true };
  }
  switch (field.kind) {
    case 'integer':
      return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? { ok: true, value: Number(text), empty: false } : { ok: false, error: 'A valid integer is required.' };
    case 'number': {
      const n = Number(text);
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && Number.isFinite(n) ? { ok: true, value: n, empty: false } : { ok: false, error: 'A valid number is required.' };
    }
    case 'date':
      return isDate(text) ? { ok: true, value: text, empty: false } : { ok: false, error: 'Enter a date as YYYY-MM-DD.' };
    case 'datetime': {
      const iso = localInputToIso(text);
      return iso ? { ok: true, value: iso, empty: false } : { ok: false, error: 'Enter a date and a time.' };
    }
    case 'choice':
      return field.choices === null || field.choices.some((choice) => choice.value === text) ? { ok: true, value: text, empty: false } : { ok: false, error: `"${text}" is not a valid choice.` };
    case 'json': {
      const parsed = parseJson(text, field.jsonShape);
      return parsed.ok ? { ok: true, value: parsed.value, empty: false } : parsed;
    }
    default:
      if (field.maxLength !== null && text.length > field.maxLength) return { ok: false, error: `Ensure this field has no more than ${field.maxLength} characters.` };
      return { ok: true, value: text, empty: false };
  }
}

// ---- what is sent --------------------------------------------------------------------------------------

export function sameValue(a: DraftValue | undefined, b: DraftValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const left = Array.isArray(a) ? a : [];
    const right = Array.isArray(b) ? b : [];
    const key = (item: PickedLink | string): string => (typeof item === 'string' ? `t:${item}` : `l:${item.id}`);
    return left.length === right.length && left.every((item, index) => key(item) === key(right[index]!));
  }
  const linkA = asLink(a);
  const linkB = asLink(b);
  if (linkA || linkB) return linkA?.id === linkB?.id;
  return (a ?? null) === (b ?? null);
}

/** Names of the fields the user changed (create-only fields cannot change on edit). */
export function changedFields(fields: readonly BrainstemField[], initial: Draft, draft: Draft): string[] {
  return formFields(fields)
    .filter((field) => !sameValue(initial[field.name], draft[field.name]))
    .map((field) => field.name);
}

export interface Submission {
  values: Record<string, unknown>;
  errors: FieldErrors;
}

/** A POST body: every field with a value; required ones missing are errors, nothing is sent then. */
export function createValues(fields: readonly BrainstemField[], draft: Draft): Submission {
  const values: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const field of formFields(fields)) {
    const parsed = parseFieldValue(field, draft[field.name]);
    if (!parsed.ok) errors[field.name] = [parsed.error];
    else if (!parsed.empty || field.kind === 'boolean') values[field.name] = parsed.value;
  }
  return { values, errors };
}

/**
 * A PATCH body: only what changed. Untouched fields are not checked, so a record that already lacks a
 * required value on the server can still be edited elsewhere; clearing a required field is an error.
 */
export function patchValues(fields: readonly BrainstemField[], initial: Draft, draft: Draft): Submission {
  const values: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  const changed = new Set(changedFields(fields, initial, draft));
  for (const field of formFields(fields)) {
    if (!changed.has(field.name) || isLocked(field, 'edit')) continue;
    const parsed = parseFieldValue(field, draft[field.name]);
    if (parsed.ok) values[field.name] = parsed.value;
    else errors[field.name] = [parsed.error];
  }
  return { values, errors };
}

// ---- errors from main ----------------------------------------------------------------------------------

export interface FormErrors {
  fields: FieldErrors;
  /** Messages the form shows at the top: non-field errors, and field errors for fields it has no input for. */
  general: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : [];
}

/**
 * Sorts `details` of a VALIDATION error (`fields: {path: [msg]}`, `errors: [msg]`) into the inputs of a
 * form. Paths are dotted (`entries.date_time`, `download_links.0.url`); `prefix` drops a leading segment
 * (a log entry's fields come under `entries`), and deeper segments stay in the message so none is lost.
 */
export function formErrors(details: Record<string, unknown> | undefined, inputs: ReadonlyMap<string, string>, prefix?: string): FormErrors {
  const result: FormErrors = { fields: {}, general: [] };
  const fields = details?.fields;
  if (fields !== null && typeof fields === 'object' && !Array.isArray(fields)) {
    for (const [rawPath, messages] of Object.entries(fields as Record<string, unknown>)) {
      const path = prefix !== undefined && rawPath.startsWith(`${prefix}.`) ? rawPath.slice(prefix.length + 1) : rawPath;
      const [name, ...rest] = path.split('.');
      const texts = strings(messages).map((message) => (rest.length > 0 ? `${rest.join('.')}: ${message}` : message));
      if (name !== undefined && inputs.has(name)) result.fields[name] = [...(result.fields[name] ?? []), ...texts];
      else result.general.push(...texts.map((message) => `${path}: ${message}`));
    }
  }
  result.general.push(...strings(details?.errors));
  return result;
}
