import type { BrainstemField, BrainstemModelSummary } from '../../../shared/contract/brainstem.ts';

/** How the record pane writes a value: what a person reads, never raw wire text where a label exists. */
export type DisplayValue =
  | { kind: 'empty' }
  | { kind: 'text'; text: string; title?: string }
  | { kind: 'json'; text: string }
  | { kind: 'tags'; tags: string[] };

/** `2023-04-05` as "5 Apr 2023", the same day wherever the user is (a date has no time zone). */
export function formatDay(text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return text;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(day.getTime())) return text;
  return day.toLocaleDateString(undefined, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
}

/** An ISO time in the user's time zone: "5 Apr 2023, 15:45". */
export function formatMoment(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export function displayValue(field: BrainstemField, value: unknown): DisplayValue {
  if (isEmpty(value)) return { kind: 'empty' };
  switch (field.kind) {
    case 'boolean':
      return { kind: 'text', text: value === true ? 'Yes' : value === false ? 'No' : String(value) };
    case 'date':
      return typeof value === 'string' ? { kind: 'text', text: formatDay(value), title: value } : { kind: 'text', text: String(value) };
    case 'datetime':
      return typeof value === 'string' ? { kind: 'text', text: formatMoment(value), title: value } : { kind: 'text', text: String(value) };
    case 'choice': {
      const text = String(value);
      const label = field.choices?.find((choice) => choice.value === text)?.label;
      return { kind: 'text', text: label ?? text, ...(label && label !== text ? { title: text } : {}) };
    }
    case 'json':
      if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) return { kind: 'empty' };
      return { kind: 'json', text: JSON.stringify(value, null, 2) };
    case 'tags':
      return Array.isArray(value) ? { kind: 'tags', tags: value.map(String) } : { kind: 'text', text: String(value) };
    case 'integer':
    case 'number':
      return { kind: 'text', text: typeof value === 'number' ? value.toLocaleString(undefined, { maximumFractionDigits: 12 }) : String(value) };
    default:
      return typeof value === 'object' ? { kind: 'json', text: JSON.stringify(value, null, 2) } : { kind: 'text', text: String(value) };
  }
}

/** "Projects" for the project model: the name people use for a related model. */
export function modelLabel(models: readonly BrainstemModelSummary[], model: string, plural = false): string {
  const found = models.find((candidate) => candidate.model === model);
  if (!found) return model;
  return plural ? found.pluralLabel : found.label;
}

/** Record actions other than log entries, as buttons say them. */
export const actionLabels: Readonly<Record<string, string>> = {
  accept: 'Accept',
  reject: 'Reject',
  cancel: 'Cancel invitation',
  join: 'Ask to join',
  leave: 'Leave group',
};

export const entryActions: ReadonlySet<string> = new Set(['add_entry', 'change_entry', 'remove_entry']);

export function recordActions(model: BrainstemModelSummary): string[] {
  return model.actions.filter((action) => !entryActions.has(action));
}

export function actionLabel(action: string): string {
  return actionLabels[action] ?? action.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
