import type { BrainstemField } from '../../../shared/contract/brainstem.ts';
import type { DatasetColumn } from '../cache/dataset-columns.ts';
import { isBrainstemModelName } from '../connectors/brainstem/catalogue.ts';
import type { BrainstemRecord } from '../connectors/brainstem/envelopes.ts';
import { brainstemFields } from '../connectors/brainstem/fields.ts';
import { modelLabel, modelPluralNoun } from './naming.ts';
import { relationIds } from './record-json.ts';

/** Labels of related records (cached, just downloaded or sideloaded); null when unknown. */
export type LabelLookup = (model: string, id: string) => string | null;

/** Lists longer than this show a count ("240 sessions"): a project's sessions would not fit a cell. */
const maxListedRelations = 25;

const yesNo = { true: 'Yes', false: 'No' };
/** Fields that are navigation aids, not data. */
const hiddenFields = new Set(['links']);

function column(name: string, label: string, fieldType: string, extra: Partial<DatasetColumn> = {}): DatasetColumn {
  return { name, label, fieldType, form: null, numeric: false, isKey: false, ...extra };
}

function fieldColumn(field: BrainstemField): DatasetColumn {
  const extra: Partial<DatasetColumn> = {};
  if (field.kind === 'integer' || field.kind === 'number') extra.numeric = true;
  if (field.kind === 'boolean') extra.valueLabels = yesNo;
  if (field.kind === 'choice' && field.choices) extra.valueLabels = Object.fromEntries(field.choices.map((c) => [c.value, c.label]));
  return column(field.name, field.label, field.kind, extra);
}

/**
 * A model's table: `id` (the key), a readable `label`, every field the catalogue knows (JSON ones last,
 * as compact JSON text), then any field the server sent that the catalogue does not know yet.
 */
export function modelColumns(model: string, records: Iterable<BrainstemRecord>): DatasetColumn[] {
  const fields = brainstemFields(model).filter((field) => !hiddenFields.has(field.name));
  const known = new Set(['id', 'label', ...fields.map((field) => field.name), ...hiddenFields]);
  const unknown = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) if (!known.has(key)) unknown.add(key);
  return [
    column('id', 'ID', 'id', { isKey: true }),
    // Headed by the model ("Session", "Data acquisition"): most labels are names, but not all.
    column('label', modelLabel(model), 'label'),
    ...fields.filter((field) => field.kind !== 'json').map(fieldColumn),
    ...fields.filter((field) => field.kind === 'json').map(fieldColumn),
    ...[...unknown].sort().map((name) => column(name, name, 'unknown')),
  ];
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function relationText(model: string | null, value: unknown, lookup: LabelLookup): string {
  const ids = relationIds(value);
  if (ids.length > maxListedRelations && model) return `${ids.length.toLocaleString('en-US')} ${isBrainstemModelName(model) ? modelPluralNoun(model) : model}`;
  return ids.map((id) => (model ? lookup(model, id) : null) ?? id).join('; ');
}

const fieldMaps = new Map<string, Map<string, BrainstemField>>();

function fieldMap(model: string): Map<string, BrainstemField> {
  let map = fieldMaps.get(model);
  if (!map) {
    map = new Map(brainstemFields(model).map((field) => [field.name, field]));
    fieldMaps.set(model, map);
  }
  return map;
}

/** One row of a model's table, in `columns` order (columns of the dataset as it is cached). */
export function modelRow(model: string, columns: readonly DatasetColumn[], record: BrainstemRecord, label: string, lookup: LabelLookup): string[] {
  const fields = fieldMap(model);
  return columns.map((col) => {
    if (col.name === 'id') return String(record.id);
    if (col.name === 'label') return label;
    const value = record[col.name];
    const field = fields.get(col.name);
    if (!field) return scalarText(value);
    switch (field.kind) {
      case 'relation':
      case 'relations':
        return relationText(field.relatedModel, value, lookup);
      case 'tags':
        return Array.isArray(value) ? value.map(scalarText).join(', ') : scalarText(value);
      default:
        return scalarText(value);
    }
  });
}
