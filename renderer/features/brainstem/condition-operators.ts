import type { BrainstemField } from '../../../shared/contract/brainstem.ts';
import type { ViewCondition, ViewOperator } from '../../../shared/contract/datasets.ts';

type Kind = BrainstemField['kind'] | null;

/** How each of the server's (dynamic-rest) operators reads in a sentence: "name contains rat". */
export const operatorLabels: Record<ViewOperator, string> = {
  icontains: 'contains',
  contains: 'contains (match case)',
  iexact: 'is (any case)',
  exact: 'is exactly',
  in: 'is one of',
  istartswith: 'starts with',
  startswith: 'starts with (match case)',
  iendswith: 'ends with',
  endswith: 'ends with (match case)',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  range: 'is between',
  isnull: 'is empty',
};

/** Dates and times read better as before/after. */
const timeLabels: Partial<Record<ViewOperator, string>> = { gt: 'is after', gte: 'is on or after', lt: 'is before', lte: 'is on or before' };

const textOrder: ViewOperator[] = ['icontains', 'iexact', 'istartswith', 'iendswith', 'in', 'contains', 'exact', 'startswith', 'endswith', 'gt', 'gte', 'lt', 'lte', 'range', 'isnull'];
const orderedOrder: ViewOperator[] = ['gt', 'gte', 'lt', 'lte', 'range', 'exact', 'in', 'isnull', 'icontains', 'contains', 'iexact', 'istartswith', 'startswith', 'iendswith', 'endswith'];

export function isOrdered(kind: Kind, numeric: boolean): boolean {
  return numeric || kind === 'integer' || kind === 'number' || kind === 'date' || kind === 'datetime';
}

export function isTime(kind: Kind): boolean {
  return kind === 'date' || kind === 'datetime';
}

/** Every operator, the likely ones for the column's kind first. */
export function operatorsFor(kind: Kind, numeric: boolean): ViewOperator[] {
  return isOrdered(kind, numeric) ? orderedOrder : textOrder;
}

export function operatorLabel(op: ViewOperator, kind: Kind): string {
  return (isTime(kind) ? timeLabels[op] : undefined) ?? operatorLabels[op];
}

/** The input a value needs: dates get a date picker, numbers a number field. */
export function valueInputType(kind: Kind, numeric: boolean, op: ViewOperator): 'text' | 'number' | 'date' | 'datetime-local' {
  if (op === 'in' || op.includes('contains') || op.includes('startswith') || op.includes('endswith') || op === 'iexact') return 'text';
  if (kind === 'date') return 'date';
  if (kind === 'datetime') return 'datetime-local';
  return numeric || kind === 'integer' || kind === 'number' ? 'number' : 'text';
}

/** `in` takes several values, typed comma-separated. */
export function splitValues(text: string): string[] {
  return text
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

const negatedVerbs: Record<string, string> = { contains: 'does not contain', starts: 'does not start', ends: 'does not end' };

/** "is after" → "is not after", "contains" → "does not contain". */
function negate(verb: string): string {
  if (verb.startsWith('is ')) return `is not ${verb.slice(3)}`;
  const [first = '', ...rest] = verb.split(' ');
  return [negatedVerbs[first] ?? `not ${first}`, ...rest].join(' ');
}

/** The condition as a chip reads it: `Name contains "rat"`, `Date not between 2024-01-01 and 2024-02-01`. */
export function describeCondition(condition: ViewCondition, columnLabel: string, kind: Kind): string {
  const op = condition.op ?? 'in';
  const not = condition.not === true;
  const quoted = condition.values.map((value) => `“${value}”`);
  if (op === 'isnull') {
    const empty = (condition.values[0] ?? 'true') !== 'false';
    return `${columnLabel} ${empty !== not ? 'is empty' : 'is not empty'}`;
  }
  const verb = operatorLabel(op, kind);
  const negated = not ? negate(verb) : verb;
  if (op === 'range') return `${columnLabel} ${negated} ${quoted[0] ?? '…'} and ${quoted[1] ?? '…'}`;
  return `${columnLabel} ${negated} ${quoted.join(', ')}`;
}
