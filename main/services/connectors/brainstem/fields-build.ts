import type { BrainstemField } from '../../../../shared/contract/brainstem.ts';

/**
 * Shorthands for the field catalogue (fields-*.ts). Each builder gives the contract's field shape with
 * the defaults most fields have: optional, writable, no limit, no choices.
 */
export interface FieldOptions {
  label?: string;
  required?: boolean;
  readOnly?: boolean;
  createOnly?: boolean;
  maxLength?: number;
  help?: string;
}

export type Choices = ReadonlyArray<string | readonly [value: string, label: string]>;

/** `date_time` → "Date time", `behavioralassay` → "Behavioralassay": callers pass a label where this reads badly. */
function humanize(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `TwoPhotonMicroscopy` → "Two photon microscopy", for type vocabularies. */
export function camelLabel(value: string): string {
  const spaced = value.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase().replace(/\b(ccf|xyz|rfid|eeg|mri)\b/g, (m) => m.toUpperCase());
}

function field(name: string, kind: BrainstemField['kind'], options: FieldOptions, extra: Partial<BrainstemField> = {}): BrainstemField {
  return {
    name,
    label: options.label ?? humanize(name),
    kind,
    required: options.required ?? false,
    readOnly: options.readOnly ?? false,
    createOnly: options.createOnly ?? false,
    maxLength: options.maxLength ?? null,
    choices: null,
    relatedModel: null,
    jsonShape: null,
    help: options.help ?? null,
    ...extra,
  };
}

export const text = (name: string, options: FieldOptions = {}): BrainstemField => field(name, 'text', options);
/** A required text field, optionally with a length limit: the commonest shape (`name` R ≤100). */
export const req = (name: string, maxLength?: number, options: FieldOptions = {}): BrainstemField =>
  field(name, 'text', { ...options, required: true, ...(maxLength === undefined ? {} : { maxLength }) });
export const longtext = (name: string, options: FieldOptions = {}): BrainstemField => field(name, 'longtext', options);
export const integer = (name: string, options: FieldOptions = {}): BrainstemField => field(name, 'integer', options);
export const bool = (name: string, options: FieldOptions = {}): BrainstemField => field(name, 'boolean', options);
export const date = (name: string, options: FieldOptions = {}): BrainstemField => field(name, 'date', { help: 'YYYY-MM-DD', ...options });
export const datetime = (name: string, options: FieldOptions = {}): BrainstemField => field(name, 'datetime', { help: 'ISO 8601, e.g. 2024-03-11T10:30:00Z', ...options });
export const tags = (): BrainstemField => field('tags', 'tags', {});

export function choice(name: string, choices: Choices, options: FieldOptions = {}): BrainstemField {
  return field(name, 'choice', options, {
    choices: choices.map((entry) => (typeof entry === 'string' ? { value: entry, label: camelLabel(entry) } : { value: entry[0], label: entry[1] })),
  });
}

export const json = (name: string, jsonShape: 'object' | 'array' | 'any', options: FieldOptions = {}): BrainstemField => field(name, 'json', options, { jsonShape });
/** A foreign key: one related record's id. */
export const one = (name: string, model: string, options: FieldOptions = {}): BrainstemField => field(name, 'relation', options, { relatedModel: model });
/** A to-many relation: a list of ids. */
export const many = (name: string, model: string, options: FieldOptions = {}): BrainstemField => field(name, 'relations', options, { relatedModel: model });
/** A read-only reverse relation the server lists on the record (a session's behaviors). */
export const reverse = (name: string, model: string, label?: string): BrainstemField =>
  field(name, 'relations', { readOnly: true, ...(label ? { label } : {}) }, { relatedModel: model });

export const description = (): BrainstemField => longtext('description');
/** `rrid`, `rrid_url`, `external_identifiers`, `comments`: what taxonomies and resources share. */
export const identifiers = (): BrainstemField[] => [
  text('rrid', { label: 'RRID', help: 'Research Resource Identifier, e.g. RRID:IMSR_JAX:000664' }),
  text('rrid_url', { label: 'RRID link', readOnly: true }),
  json('external_identifiers', 'array', { label: 'External identifiers' }),
  longtext('comments'),
];
export const isPublic = (): BrainstemField => bool('is_public', { label: 'Public' });
