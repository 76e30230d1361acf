import { brainstemModel, isBrainstemModelName } from '../connectors/brainstem/catalogue.ts';
import type { BrainstemRecord } from '../connectors/brainstem/envelopes.ts';
import { relationFields } from '../connectors/brainstem/fields.ts';

/** A related object that came inside a record (sideloaded and merged, or embedded by the server). */
export interface EmbeddedObject {
  model: string;
  record: BrainstemRecord;
}

function isObjectWithId(value: unknown): value is BrainstemRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (typeof (value as { id?: unknown }).id === 'string' || typeof (value as { id?: unknown }).id === 'number');
}

/** The relation fields of a model: its catalogued fields, plus the relations the client knows for sideloads. */
function relationTargets(model: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const field of relationFields(model)) if (field.relatedModel) targets.set(field.name, field.relatedModel);
  for (const [name, target] of Object.entries(brainstemModel(model).relations)) if (!targets.has(name)) targets.set(name, target);
  return targets;
}

const targetsCache = new Map<string, Map<string, string>>();

function targetsOf(model: string): Map<string, string> {
  let targets = targetsCache.get(model);
  if (!targets) {
    targets = relationTargets(model);
    targetsCache.set(model, targets);
  }
  return targets;
}

/**
 * The record as the cache keeps it: relation fields hold ids (as the server sends them without
 * `include[]`), and the related objects that came along are handed back separately, for labels.
 */
export function normalizeRecord(model: string, record: BrainstemRecord): { record: BrainstemRecord; embedded: EmbeddedObject[] } {
  const embedded: EmbeddedObject[] = [];
  const out: BrainstemRecord = { ...record };
  for (const [field, target] of targetsOf(model)) {
    const value = record[field];
    const known = isBrainstemModelName(target) ? brainstemModel(target).name : null;
    const take = (item: unknown): unknown => {
      if (!isObjectWithId(item)) return item;
      if (known) embedded.push({ model: known, record: normalizeRecord(known, item).record });
      return item.id;
    };
    if (Array.isArray(value)) out[field] = value.map(take);
    else if (isObjectWithId(value)) out[field] = take(value);
  }
  return { record: out, embedded };
}

/** The ids a relation field holds (one for a foreign key, any number for a list), as strings. */
export function relationIds(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === null || value === undefined || value === '' ? [] : [value];
  const ids: string[] = [];
  for (const item of items) {
    if (typeof item === 'string' || typeof item === 'number') ids.push(String(item));
    else if (isObjectWithId(item)) ids.push(String(item.id));
  }
  return ids;
}
