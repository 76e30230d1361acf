import { brainstemModel, isBrainstemModelName } from '../connectors/brainstem/catalogue.ts';
import { brainstemFields } from '../connectors/brainstem/fields.ts';

/** A forward relation whose other end lists it back: `behavior.session` ↔ `session.behaviors`. */
export interface ReverseLink {
  /** The forward field on the written model. */
  field: string;
  /** The model it points to. */
  parent: string;
  /** The read-only list on the parent that names the written model's records. */
  parentField: string;
}

const cache = new Map<string, ReverseLink[]>();

/**
 * The parents whose read-only lists change when a record of `model` is created, moved or deleted, so the
 * cache can follow at once (a new behavior shows in its session's behaviors without a sync).
 */
export function reverseLinks(model: string): ReverseLink[] {
  let links = cache.get(model);
  if (links) return links;
  links = [];
  for (const field of brainstemFields(model)) {
    if (field.readOnly || (field.kind !== 'relation' && field.kind !== 'relations') || !field.relatedModel || !isBrainstemModelName(field.relatedModel)) continue;
    const parent = brainstemModel(field.relatedModel).name;
    const backs = brainstemFields(parent).filter((candidate) => candidate.readOnly && candidate.kind === 'relations' && candidate.relatedModel === model);
    if (backs.length === 1) links.push({ field: field.name, parent, parentField: backs[0]!.name });
  }
  cache.set(model, links);
  return links;
}
