import { brainstemModel, isBrainstemModelName, type BrainstemModel } from './catalogue.ts';
import type { BrainstemRecord } from './envelopes.ts';

/** Where the objects of one relation arrive: the related model's plural keys, else keys named after the field. */
function candidateKeys(model: BrainstemModel, relation: string): string[] {
  const target = model.relations[relation];
  const keys = target && isBrainstemModelName(target) ? [...brainstemModel(target).pluralKeys] : [];
  keys.push(relation, `${relation}s`);
  return keys;
}

function indexById(list: readonly BrainstemRecord[]): Map<string, BrainstemRecord> {
  const index = new Map<string, BrainstemRecord>();
  for (const item of list) index.set(String(item.id), item);
  return index;
}

function isId(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

/**
 * dynamic-rest sideloads `include[]`d relations: records keep their id lists and the related objects come
 * under their own plural key at the top level. This puts each object back where its id was, so
 * `session.behaviors` becomes the behavior objects. Ids whose object did not come along stay ids; relations
 * the server already embedded stay as they are.
 */
export function mergeSideloaded(
  model: BrainstemModel,
  records: readonly BrainstemRecord[],
  sideloaded: Readonly<Record<string, readonly BrainstemRecord[]>>,
  relations: readonly string[],
  primaryKey?: string,
): BrainstemRecord[] {
  const indexes = new Map<string, Map<string, BrainstemRecord>>();
  for (const relation of relations) {
    const key = candidateKeys(model, relation).find((candidate) => candidate in sideloaded || candidate === primaryKey);
    if (key === undefined) continue;
    // A self-relation (a category's parent) finds its objects among the primary records.
    const list = key === primaryKey ? [...records, ...(sideloaded[key] ?? [])] : (sideloaded[key] ?? []);
    indexes.set(relation, indexById(list));
  }
  if (indexes.size === 0) return [...records];

  return records.map((record) => {
    const merged: BrainstemRecord = { ...record };
    for (const [relation, index] of indexes) {
      const value = record[relation];
      if (Array.isArray(value)) merged[relation] = value.map((item: unknown) => (isId(item) ? (index.get(String(item)) ?? item) : item));
      else if (isId(value)) merged[relation] = index.get(String(value)) ?? value;
    }
    return merged;
  });
}
