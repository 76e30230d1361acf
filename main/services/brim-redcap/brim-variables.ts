// What the mapping screen shows of each Brim variable: its type (Brim's when the export says it, else
// read from the values) and its distinct values, most frequent first.

import type { BrimVariableView, brimVariableTypes } from '../../../shared/contract/brim-redcap.ts';
import type { BrimPatients } from './brim-patients.ts';

export type BrimValueType = (typeof brimVariableTypes)[number];

const maxShownValues = 50;
const booleanWords = new Set(['true', 'false', 'yes', 'no']);
const integerPattern = /^-?\d+$/;
const numberPattern = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
export const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
export const isoDateTimePattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Brim's own type names (variables CSV and detailed export) → ours; `timestamp` is refined by the values. */
function fromDeclared(declared: string | null): BrimValueType | null {
  switch (declared) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'float':
      return 'float';
    case 'text':
      return 'text';
    default:
      return null;
  }
}

/** The narrowest type every value fits. */
export function inferType(values: Iterable<string>): BrimValueType {
  let boolean = true;
  let integer = true;
  let number = true;
  let date = true;
  let datetime = true;
  let any = false;
  for (const value of values) {
    any = true;
    const lower = value.toLowerCase();
    if (!booleanWords.has(lower)) boolean = false;
    if (!integerPattern.test(value)) integer = false;
    if (!numberPattern.test(value)) number = false;
    if (!isoDatePattern.test(value)) date = false;
    if (!isoDateTimePattern.test(value) && !isoDatePattern.test(value)) datetime = false;
    if (!boolean && !number && !datetime) break;
  }
  if (!any) return 'text';
  if (boolean) return 'boolean';
  if (integer) return 'integer';
  if (number) return 'float';
  if (date) return 'date';
  if (datetime) return 'datetime';
  return 'text';
}

export interface VariableFacts {
  view: BrimVariableView;
  /** Every distinct value with how many patients have it. */
  counts: Map<string, number>;
}

export function variableFacts(source: BrimPatients): Map<string, VariableFacts> {
  const facts = new Map<string, VariableFacts>();
  for (const variable of source.variables) {
    const counts = new Map<string, number>();
    let patients = 0;
    let multiple = (source.disagreements.get(variable.name) ?? 0) > 0;
    for (const values of source.patients.values()) {
      const list = values.get(variable.name) ?? [];
      if (list.length === 0) continue;
      patients++;
      if (list.length > 1) multiple = true;
      for (const value of list) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const inferred = inferType(counts.keys());
    const declared = fromDeclared(variable.declaredType);
    // A declared type the values contradict (a "float" holding words) is not trusted: the values are what gets written.
    const type = declared !== null && (declared === 'text' || inferType(counts.keys()) === declared || (declared === 'float' && inferred === 'integer')) ? declared : inferred;
    facts.set(variable.name, {
      counts,
      view: {
        name: variable.name,
        type,
        scope: variable.scope,
        values: sorted.slice(0, maxShownValues).map(([value]) => value),
        moreValues: sorted.length > maxShownValues,
        patients,
        multiple,
      },
    });
  }
  return facts;
}
