// How the sandbox describes a BrainSTEM model: its routes, its dynamic-rest resource keys, its
// fields (which drive validation, serialisation, filtering and sorting) and whose it is.

export type FieldKind =
  | 'string' | 'bool' | 'int' | 'number' | 'date' | 'datetime' | 'json' | 'choice' | 'tags'
  | 'fk' | 'm2m' | 'reverse' | 'members' | 'computed';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** fk, m2m, reverse: the related model's key. */
  target?: string;
  /** reverse: the fk or m2m field on `target` that points back here. */
  via?: string;
  /** Required on create (and on PUT). */
  required?: boolean;
  readOnly?: boolean;
  /** Writable on create only (procedurelog and subjectlog `type`). */
  createOnly?: boolean;
  nullable?: boolean;
  max?: number;
  choices?: readonly string[];
  /** m2m: at least this many ids. */
  minItems?: number;
  /** json: the empty value a new record gets ({} unless set). */
  emptyJson?: 'object' | 'array' | 'null';
  /** What a new record gets when the field is left out (otherwise '', null, false, [] or {}). */
  defaultValue?: string | number | boolean;
}

/** Whose a record is, which decides who may see and change it. */
export type Scope =
  /** Under projects: the path of relation fields that leads to the project ids ([] = a project itself). */
  | { kind: 'project'; path: readonly string[] }
  /** Personal attributes (and modules under them): owned by groups, public one by one. */
  | { kind: 'attribute'; path: readonly string[] }
  /** Taxonomies, resources, dissemination: everyone reads; writes are moderated or admin-only. */
  | { kind: 'catalog' }
  | { kind: 'user' }
  | { kind: 'group' }
  | { kind: 'laboratory' }
  /** Invitations, requests and approvals: only the people involved see them, and only in private. */
  | { kind: 'private' };

export interface ModelSpec {
  /** The canonical URL segment, e.g. `dataacquisition`. */
  key: string;
  app: string;
  /** Every URL segment accepted for it (the canonical one first). */
  segments: readonly string[];
  /** Other apps the model is also reachable under (groups under `auth/`). */
  otherApps?: readonly string[];
  /** dynamic-rest resource keys. */
  name: string;
  plural: string;
  /** The class name DRF ≥ 3.15 would print in "No X matches the given query.". */
  label: string;
  idKind: 'uuid' | 'int';
  fields: readonly FieldSpec[];
  scope: Scope;
  /** Writes become `<name>_approval` records until an admin accepts them. */
  moderated?: boolean;
  /** Only admins create, change or delete (brain regions). */
  adminWrites?: boolean;
  /** Only admins delete (taxonomies, resources, journals, users). */
  adminDeletes?: boolean;
  /** No POST at all (users register on the website). */
  noCreate?: boolean;
  /** Fields that must be unique across the table. */
  unique?: readonly string[];
  /** For approval models: the model whose changes they carry. */
  approvalOf?: string;
}

export const RELATION_KINDS: ReadonlySet<FieldKind> = new Set(['fk', 'm2m', 'reverse']);

export function fieldOf(model: ModelSpec, name: string): FieldSpec | undefined {
  return model.fields.find((field) => field.name === name);
}

export function isRelation(field: FieldSpec): boolean {
  return RELATION_KINDS.has(field.kind);
}

export function isWritable(field: FieldSpec): boolean {
  return field.readOnly !== true && field.kind !== 'reverse' && field.kind !== 'computed';
}

// Field-building shorthands for the catalog.
type Extra = Omit<FieldSpec, 'name' | 'kind'>;
export const str = (name: string, extra: Extra = {}): FieldSpec => ({ name, kind: 'string', ...extra });
export const req = (name: string, max?: number, extra: Extra = {}): FieldSpec => ({ name, kind: 'string', required: true, ...(max === undefined ? {} : { max }), ...extra });
export const bool = (name: string, extra: Extra = {}): FieldSpec => ({ name, kind: 'bool', ...extra });
export const int = (name: string, extra: Extra = {}): FieldSpec => ({ name, kind: 'int', nullable: true, ...extra });
export const date = (name: string, extra: Extra = {}): FieldSpec => ({ name, kind: 'date', nullable: true, ...extra });
export const datetime = (name: string, extra: Extra = {}): FieldSpec => ({ name, kind: 'datetime', nullable: true, ...extra });
export const json = (name: string, emptyJson: 'object' | 'array' | 'null' = 'object', extra: Extra = {}): FieldSpec => ({ name, kind: 'json', emptyJson, nullable: true, ...extra });
export const choice = (name: string, choices: readonly string[], extra: Extra = {}): FieldSpec => ({ name, kind: 'choice', choices, ...extra });
export const tags = (): FieldSpec => ({ name: 'tags', kind: 'tags' });
export const fk = (name: string, target: string, extra: Extra = {}): FieldSpec => ({ name, kind: 'fk', target, nullable: extra.required !== true, ...extra });
export const m2m = (name: string, target: string, extra: Extra = {}): FieldSpec => ({ name, kind: 'm2m', target, ...extra });
export const reverse = (name: string, target: string, via: string): FieldSpec => ({ name, kind: 'reverse', target, via, readOnly: true });
export const computed = (name: string): FieldSpec => ({ name, kind: 'computed', readOnly: true });
