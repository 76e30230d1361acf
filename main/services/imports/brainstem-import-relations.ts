// Relation cells of a BrainSTEM import: an id of the related object, or its name when exactly one
// cached object carries it. Everything is answered from the offline cache (bs_objects), which is why a
// related model that was never synced is said, with what to sync.

import type { DatabaseSync } from 'node:sqlite';
import type { BrainstemField } from '../../../shared/contract/brainstem.ts';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { readDatasetState } from '../cache/dataset-state.ts';
import { fold } from '../cache/fold.ts';
import { brainstemModel } from '../connectors/brainstem/catalogue.ts';
import { brainstemDataset, modelPluralNoun } from '../brainstem/naming.ts';
import { objectLabels } from '../brainstem/objects.ts';

interface CachedModel {
  synced: boolean;
  labels: Map<string, string>;
  /** Folded label → ids carrying it. */
  byName: Map<string, string[]>;
}

export type Resolved = { ok: true; id: string } | { ok: false; code: 'unknown-relation' | 'ambiguous-relation' | 'relation-not-cached'; message: string };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Splits a to-many cell: `;` when the cell has one (names may hold commas), otherwise `,`. */
export function splitList(text: string): string[] {
  const parts = text.includes(';') ? text.split(';') : text.split(',');
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

export class RelationResolver {
  private readonly models = new Map<string, CachedModel>();
  private readonly db: DatabaseSync;
  private readonly portal: BrainstemPortalName;

  constructor(db: DatabaseSync, portal: BrainstemPortalName) {
    this.db = db;
    this.portal = portal;
  }

  private cached(model: string): CachedModel {
    let entry = this.models.get(model);
    if (!entry) {
      const labels = objectLabels(this.db, this.portal, model);
      const byName = new Map<string, string[]>();
      for (const [id, label] of labels) {
        const key = fold(label.trim());
        byName.set(key, [...(byName.get(key) ?? []), id]);
      }
      entry = { synced: readDatasetState(this.db, brainstemDataset(this.portal, model)) !== null || labels.size > 0, labels, byName };
      this.models.set(model, entry);
    }
    return entry;
  }

  /** Whether the related model of a field is in the cache (a sync of it ran). */
  isCached(model: string): boolean {
    return this.cached(brainstemModel(model).name).synced;
  }

  /** The readable label of a related object, or its id when it is not cached. */
  label(model: string, id: string): string {
    return this.cached(brainstemModel(model).name).labels.get(id) ?? id;
  }

  /** Cached objects of `model` whose label is `name` (case and accents ignored). */
  idsNamed(model: string, name: string): string[] {
    return this.cached(brainstemModel(model).name).byName.get(fold(name.trim())) ?? [];
  }

  /** One cell value (an id or a name) of a relation field → the related object's id. */
  resolve(field: BrainstemField, text: string): Resolved {
    const model = brainstemModel(field.relatedModel ?? '');
    const entry = this.cached(model.name);
    const looksLikeId = model.idKind === 'integer' ? /^\d+$/.test(text) : uuidPattern.test(text);
    const plural = modelPluralNoun(model.name);
    if (looksLikeId) {
      const id = model.idKind === 'integer' ? String(Number(text)) : text.toLowerCase();
      if (!entry.synced || entry.labels.has(id)) return { ok: true, id };
      // An integer can also be a name ("2024"): only if no object has it as id.
    }
    if (!entry.synced) {
      return { ok: false, code: 'relation-not-cached', message: `This ${model.label} cannot be looked up by name: the ${plural} are not in the offline cache. Sync ${plural}, or use the ${model.label}'s id.` };
    }
    const ids = entry.byName.get(fold(text)) ?? [];
    if (ids.length === 1) return { ok: true, id: ids[0]! };
    if (ids.length > 1) {
      return { ok: false, code: 'ambiguous-relation', message: `${ids.length} ${plural} have this name (ids ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}). Use the id of the one you mean.` };
    }
    return {
      ok: false,
      code: 'unknown-relation',
      message: looksLikeId
        ? `No ${model.label} with this id is in the offline cache. Check the id, or sync ${plural} if it was added recently.`
        : `No ${model.label} has this name in the offline cache. Check the spelling, use its id, or sync ${plural} if it was added recently.`,
    };
  }
}
