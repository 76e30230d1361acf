import type { DatabaseSync } from 'node:sqlite';
import type { BrainstemLink, BrainstemRecordView } from '../../../shared/contract/brainstem.ts';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { brainstemModel, isBrainstemModelName } from '../connectors/brainstem/catalogue.ts';
import type { BrainstemRecord } from '../connectors/brainstem/envelopes.ts';
import { relationFields } from '../connectors/brainstem/fields.ts';
import { labelsOf, searchObjects } from './objects.ts';
import { relationIds } from './record-json.ts';

/**
 * One record as the record view shows it: every value as the server sent it, and each relation field
 * (forward, and read-only reverse ones such as a subject's procedures) resolved to links with labels.
 * A related record that is not cached keeps its id as its label; `fallback` gives labels of related
 * objects that came along with a fresh server copy.
 */
export function recordView(
  db: DatabaseSync,
  portal: BrainstemPortalName,
  model: string,
  record: BrainstemRecord,
  label: string,
  source: 'cache' | 'server',
  syncedAt: string | null,
  fallback: (model: string, id: string) => string | null = () => null,
): BrainstemRecordView {
  const relations: BrainstemRecordView['relations'] = [];
  for (const field of relationFields(model)) {
    const target = field.relatedModel!;
    const ids = relationIds(record[field.name]);
    const known = isBrainstemModelName(target);
    const cached = known ? labelsOf(db, portal, brainstemModel(target).name, ids) : new Map<string, string>();
    const links: BrainstemLink[] = ids.map((id) => {
      const label = cached.get(id);
      return { id, label: label ?? (known ? fallback(brainstemModel(target).name, id) : null) ?? id, cached: label !== undefined };
    });
    relations.push({ field: field.name, label: field.label, model: target, links });
  }
  return { model, id: String(record.id), label, values: { ...record }, relations, source, syncedAt };
}

/** Cached records of a model whose label contains the text, for relation pickers. */
export function searchLinks(db: DatabaseSync, portal: BrainstemPortalName, model: string, text: string, limit: number): BrainstemLink[] {
  return searchObjects(db, portal, model, text, limit).map((row) => ({ ...row, cached: true }));
}
