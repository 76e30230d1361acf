// The in-memory database: one table per model (a Map keeps insertion order, which is also the
// default list order), plus a reverse index for every fk and m2m field, so that `project.sessions`
// or "the behaviors of these sessions" cost a lookup instead of a scan.

import { MODELS, modelByKey } from './catalog.ts';
import type { FieldSpec, ModelSpec } from './model-spec.ts';

export type Id = string | number;
/** A stored record: the model's fields by name, plus sandbox-only keys that start with `_`. */
export type Row = { id: Id; [key: string]: unknown };

interface Incoming {
  model: ModelSpec;
  field: FieldSpec;
}

const FORWARD = new Map<string, FieldSpec[]>(MODELS.map((model) => [model.key, model.fields.filter((f) => f.kind === 'fk' || f.kind === 'm2m')]));
const INCOMING = new Map<string, Incoming[]>();
for (const model of MODELS) {
  for (const field of FORWARD.get(model.key) ?? []) {
    if (field.target === undefined || model.approvalOf !== undefined) continue;
    const list = INCOMING.get(field.target) ?? [];
    list.push({ model, field });
    INCOMING.set(field.target, list);
  }
}

function idsIn(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

export class Store {
  /** Bumped by every write: list caches compare it. */
  version = 0;
  readonly #tables = new Map<string, Map<string, Row>>();
  readonly #reverse = new Map<string, Map<string, Set<string>>>();
  readonly #nextInt = new Map<string, number>();

  constructor() {
    for (const model of MODELS) this.#tables.set(model.key, new Map());
  }

  table(key: string): Map<string, Row> {
    const table = this.#tables.get(key);
    if (table === undefined) throw new Error(`no table ${key}`);
    return table;
  }

  get(key: string, id: Id): Row | undefined {
    return this.table(key).get(String(id));
  }

  nextIntId(key: string): number {
    const next = (this.#nextInt.get(key) ?? 0) + 1;
    this.#nextInt.set(key, next);
    return next;
  }

  insert(key: string, row: Row): Row {
    this.table(key).set(String(row.id), row);
    this.#index(key, row, 1);
    if (typeof row.id === 'number' && row.id > (this.#nextInt.get(key) ?? 0)) this.#nextInt.set(key, row.id);
    this.version++;
    return row;
  }

  /** Swaps in a new version of a record (rows are never changed in place once stored). */
  replace(key: string, row: Row): Row {
    const old = this.get(key, row.id);
    if (old !== undefined) this.#index(key, old, -1);
    this.table(key).set(String(row.id), row);
    this.#index(key, row, 1);
    this.version++;
    return row;
  }

  /** Deletes a record the way Django's on_delete would: required fks cascade, optional ones go null, m2m links go. */
  remove(key: string, id: Id): void {
    const row = this.get(key, id);
    if (row === undefined) return;
    this.#index(key, row, -1);
    this.table(key).delete(String(id));
    this.version++;
    for (const { model, field } of INCOMING.get(key) ?? []) {
      for (const sourceId of [...this.referrers(model.key, field.name, id)]) {
        const source = this.get(model.key, sourceId);
        if (source === undefined) continue;
        if (field.kind === 'fk' && field.required === true) this.remove(model.key, source.id);
        else if (field.kind === 'fk') this.replace(model.key, { ...source, [field.name]: null });
        else this.replace(model.key, { ...source, [field.name]: idsIn(source[field.name]).filter((other) => other !== String(id)).map((other) => (typeof id === 'number' ? Number(other) : other)) });
      }
    }
  }

  /** Ids of `sourceKey` records whose `field` points at `targetId`, in insertion order. */
  referrers(sourceKey: string, field: string, targetId: Id): ReadonlySet<string> {
    return this.#reverse.get(`${sourceKey}.${field}`)?.get(String(targetId)) ?? EMPTY;
  }

  #index(key: string, row: Row, direction: 1 | -1): void {
    for (const field of FORWARD.get(key) ?? []) {
      const indexKey = `${key}.${field.name}`;
      let index = this.#reverse.get(indexKey);
      if (index === undefined) {
        index = new Map();
        this.#reverse.set(indexKey, index);
      }
      for (const target of idsIn(row[field.name])) {
        let set = index.get(target);
        if (direction === 1) {
          if (set === undefined) {
            set = new Set();
            index.set(target, set);
          }
          set.add(String(row.id));
        } else {
          set?.delete(String(row.id));
        }
      }
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** The ids a relation field of `row` holds (fk, m2m, or a reverse relation looked up in the index). */
export function relatedIds(store: Store, model: ModelSpec, row: Row, field: FieldSpec): Id[] {
  if (field.kind === 'reverse') {
    const target = modelByKey(field.target ?? '');
    const ids = store.referrers(target.key, field.via ?? '', row.id);
    return target.idKind === 'int' ? [...ids].map(Number) : [...ids];
  }
  const value = row[field.name];
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? (value as Id[]) : [value as Id];
}
