import type { DatasetColumn } from '../../cache/dataset-columns.ts';

export interface ListColumnHints {
  labels?: Record<string, string>;
  numeric?: ReadonlyArray<string>;
  valueLabels?: Record<string, Record<string, string>>;
  key?: string;
  /** Columns to put first, in this order. */
  order?: ReadonlyArray<string>;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    // Nested maps (a user's per-form rights) read as REDCap's own CSV writes them: form:1,form2:0
    if (!Array.isArray(value)) return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}:${String(v)}`).join(',');
    return value.map((item) => cell(item)).join(', ');
  }
  return String(value);
}

function humanise(name: string): string {
  const text = name.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A list REDCap returns (users, events, log entries…) as a cached dataset: one column per key, in
 * the order keys first appear, every value as text the way REDCap's CSV would write it.
 */
export function listDataset(items: ReadonlyArray<object>, hints: ListColumnHints = {}): { columns: DatasetColumn[]; rows: string[][] } {
  const names: string[] = [...(hints.order ?? [])];
  const seen = new Set(names);
  for (const item of items) {
    for (const key of Object.keys(item)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  if (names.length === 0) names.push(hints.key ?? 'name');
  const numeric = new Set(hints.numeric ?? []);
  const columns: DatasetColumn[] = names.map((name) => ({
    name,
    label: hints.labels?.[name] ?? humanise(name),
    fieldType: 'text',
    form: null,
    numeric: numeric.has(name),
    isKey: name === hints.key,
    ...(hints.valueLabels?.[name] ? { valueLabels: hints.valueLabels[name] } : {}),
  }));
  const rows = items.map((item) => names.map((name) => cell((item as Record<string, unknown>)[name])));
  return { columns, rows };
}
