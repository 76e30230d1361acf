import type { DatabaseSync } from 'node:sqlite';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { brainstemModel } from '../connectors/brainstem/catalogue.ts';
import type { BrainstemRecord } from '../connectors/brainstem/envelopes.ts';
import { relationFields } from '../connectors/brainstem/fields.ts';
import { recordLabel } from './labels.ts';
import { objectLabels } from './objects.ts';
import { relationIds, type EmbeddedObject } from './record-json.ts';

/**
 * Where relation labels come from, best first: records downloaded in this sync, the cache (other models
 * and earlier syncs), then related objects that came along inside records (`include[]`). A related
 * record found nowhere shows its id.
 */
export class LabelIndex {
  private readonly db: DatabaseSync;
  private readonly portal: BrainstemPortalName;
  private readonly fresh = new Map<string, Map<string, string>>();
  private readonly cached = new Map<string, Map<string, string>>();
  /** Objects that came along, labelled when first asked for (their own related records may be known by then). */
  private readonly embedded = new Map<string, Map<string, BrainstemRecord>>();
  private readonly embeddedLabels = new Map<string, string>();

  constructor(db: DatabaseSync, portal: BrainstemPortalName) {
    this.db = db;
    this.portal = portal;
  }

  /** Labels of a model's just-downloaded records (replacing the cached ones as the source). */
  setFresh(model: string, labels: Map<string, string>): void {
    this.fresh.set(model, labels);
  }

  addEmbedded(objects: Iterable<EmbeddedObject>): void {
    for (const { model, record } of objects) {
      const map = this.embedded.get(model) ?? new Map<string, BrainstemRecord>();
      map.set(String(record.id), record);
      this.embedded.set(model, map);
    }
  }

  lookup = (model: string, id: string): string | null => {
    return this.fresh.get(model)?.get(id) ?? this.cachedOf(model).get(id) ?? this.embeddedLabel(model, id);
  };

  private readonly known = (model: string, id: string): string | null => this.fresh.get(model)?.get(id) ?? this.cachedOf(model).get(id) ?? null;

  private embeddedLabel(model: string, id: string): string | null {
    const record = this.embedded.get(model)?.get(id);
    if (!record) return null;
    const key = `${model}\u0000${id}`;
    let label = this.embeddedLabels.get(key);
    if (label === undefined) {
      label = recordLabel(model, record, relatedLabel(model, record, this.known), brainstemModel(model).approves !== null);
      this.embeddedLabels.set(key, label);
    }
    return label;
  }

  private cachedOf(model: string): Map<string, string> {
    let map = this.cached.get(model);
    if (!map) {
      map = objectLabels(this.db, this.portal, model);
      this.cached.set(model, map);
    }
    return map;
  }
}

const targetMaps = new Map<string, Map<string, string>>();

function targetsOf(model: string): Map<string, string> {
  let map = targetMaps.get(model);
  if (!map) {
    map = new Map(relationFields(model).map((field) => [field.name, field.relatedModel ?? '']));
    targetMaps.set(model, map);
  }
  return map;
}

/** The first related record's label for `field` of `record`, through `lookup`. */
export function relatedLabel(model: string, record: BrainstemRecord, lookup: (model: string, id: string) => string | null): (field: string) => string | null {
  const targets = targetsOf(model);
  return (field) => {
    const target = targets.get(field);
    const id = relationIds(record[field])[0];
    return target && id !== undefined ? lookup(target, id) : null;
  };
}

/** Labels of one model's records: own fields first, then with their related records' labels. */
export function labelRecords(model: string, records: readonly BrainstemRecord[], lookup: (model: string, id: string) => string | null): Map<string, string> {
  const approval = brainstemModel(model).approves !== null;
  const labels = new Map<string, string>();
  for (const record of records) labels.set(String(record.id), recordLabel(model, record, relatedLabel(model, record, lookup), approval));
  return labels;
}

/** Labels from a record's own fields only (first pass, before related labels are known). */
export function baseLabels(model: string, records: readonly BrainstemRecord[]): Map<string, string> {
  const approval = brainstemModel(model).approves !== null;
  return new Map(records.map((record) => [String(record.id), recordLabel(model, record, () => null, approval)]));
}
