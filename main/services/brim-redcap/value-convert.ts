// One Brim variable into one REDCap field: how each value is written (option label → choice code,
// booleans → the field's yes/no or true/false codes, dates → YYYY-MM-DD) and the verdict on the pair.

import type { BrimPairVerdict } from '../../../shared/contract/brim-redcap.ts';
import type { ImportField, ImportProject } from '../imports/redcap-map-project.ts';
import { isoDatePattern, isoDateTimePattern, type VariableFacts } from './brim-variables.ts';
import { choicesOf, hasChoices } from './redcap-targets.ts';

type ValueMatch = BrimPairVerdict['values'][number];

export interface PairConverter {
  verdict: BrimPairVerdict;
  /** A patient's values → the CSV cells (column → value); empty when there is nothing to write. */
  cells(values: readonly string[]): Map<string, string>;
}

const truthy = new Set(['true', 'yes', 'y', '1', 'checked']);
const falsy = new Set(['false', 'no', 'n', '0', 'unchecked']);

export function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').replace(/[.:;!]+$/, '').trim();
}

function booleanOf(text: string): 'true' | 'false' | null {
  const n = normalise(text);
  return truthy.has(n) ? 'true' : falsy.has(n) ? 'false' : null;
}

/** Edit distance, stopping early once it exceeds `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]!);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** What one Brim value becomes in a field with choices; `chosen` is the user's own answer for it. */
export function matchChoice(value: string, choices: ReadonlyArray<[string, string]>, chosen: string | null | undefined): Omit<ValueMatch, 'patients'> {
  if (chosen !== undefined) {
    if (chosen === null) return { value, code: null, how: 'blank' };
    if (choices.some(([code]) => code === chosen)) return { value, code: chosen, how: 'chosen' };
  }
  const n = normalise(value);
  const byLabel = choices.find(([, label]) => normalise(label) === n);
  if (byLabel) return { value, code: byLabel[0], how: 'label' };
  const byCode = choices.find(([code]) => code === value.trim());
  if (byCode) return { value, code: byCode[0], how: 'code' };
  const bool = booleanOf(value);
  const byMeaning = bool === null ? undefined : choices.find(([, label]) => booleanOf(label) === bool);
  if (byMeaning) return { value, code: byMeaning[0], how: 'label' };
  if (n.length >= 4) {
    const close = choices.filter(([, label]) => distance(n, normalise(label), 2) <= 2);
    if (close.length === 1) return { value, code: close[0]![0], how: 'similar' };
  }
  return { value, code: null, how: 'none' };
}

function quoted(values: readonly string[], max = 3): string {
  const shown = values.slice(0, max).map((v) => `'${v.length > 40 ? `${v.slice(0, 39)}…` : v}'`);
  return values.length > max ? `${shown.join(', ')} and ${values.length - max} more` : shown.join(', ');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** How the field's text validation wants a value written, or null when the value does not fit. */
function textConverter(field: ImportField): { kind: string; convert: (value: string) => string | null } {
  const v = field.validation;
  if (v.startsWith('date_')) {
    return { kind: 'date', convert: (value) => isoDatePattern.exec(value)?.[0] ?? (isoDateTimePattern.exec(value) ? value.slice(0, 10) : null) };
  }
  if (v.startsWith('datetime_')) {
    const seconds = v.startsWith('datetime_seconds');
    return {
      kind: 'datetime',
      convert: (value) => {
        const m = isoDateTimePattern.exec(value);
        if (!m) return null;
        return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}${seconds ? `:${m[6] ?? '00'}` : ''}`;
      },
    };
  }
  if (v === 'integer' || field.type === 'slider') return { kind: 'integer', convert: (value) => (/^-?\d+$/.test(value) ? value : null) };
  if (v === 'number' || v.startsWith('number_')) return { kind: 'number', convert: (value) => (/^-?(\d+\.?\d*|\.\d+)$/.test(value) ? value : null) };
  return { kind: 'text', convert: (value) => value };
}

export function pairConverter(project: ImportProject, field: ImportField, facts: VariableFacts, chosen: Readonly<Record<string, string | null>> = {}, disagreements = 0): PairConverter {
  const messages: string[] = [];
  let verdict: BrimPairVerdict['verdict'] = 'ok';
  const raise = (level: 'warning' | 'error', message: string): void => {
    messages.push(message);
    if (level === 'error' || verdict === 'ok') verdict = level;
  };
  const multiple = facts.view.multiple && disagreements === 0;
  if (disagreements > 0) raise('warning', `Brim's notes disagree for ${plural(disagreements, 'patient')}; the latest note's value is written.`);
  const base = { variable: facts.view.name, field: field.name };

  if (hasChoices(field)) {
    const choices = choicesOf(field);
    const values: ValueMatch[] = [...facts.counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([value, patients]) => ({ ...matchChoice(value, choices, Object.hasOwn(chosen, value) ? chosen[value] : undefined), patients }));
    const codes = new Map(values.map((m) => [m.value, m.code]));
    const missing = values.filter((m) => m.how === 'none');
    if (missing.length > 0) {
      raise('error', `Brim ${missing.length === 1 ? 'option' : 'options'} ${quoted(missing.map((m) => m.value))} ${missing.length === 1 ? 'has' : 'have'} no REDCap choice in ${field.name} (choices: ${choices.map(([, label]) => label).join(', ')}). Choose a choice for ${missing.length === 1 ? 'it' : 'each'}, or leave ${missing.length === 1 ? 'it' : 'them'} blank.`);
    }
    const similar = values.filter((m) => m.how === 'similar');
    for (const m of similar) raise('warning', `Brim's '${m.value}' is taken as '${choices.find(([code]) => code === m.code)?.[1] ?? m.code}' (similar spelling): check it.`);
    const blank = values.filter((m) => m.how === 'blank');
    if (blank.length > 0) messages.push(`${quoted(blank.map((m) => m.value))} ${blank.length === 1 ? 'is' : 'are'} left blank.`);
    if (field.type === 'checkbox') {
      const columns = [...project.checkboxColumns].filter(([, c]) => c.field === field.name);
      return {
        verdict: { ...base, verdict, messages, values },
        cells(list) {
          const picked = new Set(list.map((value) => codes.get(value)).filter((code): code is string => typeof code === 'string'));
          if (picked.size === 0) return new Map();
          // Brim's answer is the whole list: the choices it does not name are unchecked.
          return new Map(columns.map(([column, c]) => [column, picked.has(c.code) ? '1' : '0']));
        },
      };
    }
    if (multiple) raise('error', `Some patients have several values, but ${field.name} holds one choice. Map this variable to a checkbox or text field instead.`);
    return {
      verdict: { ...base, verdict, messages, values },
      cells(list) {
        const code = list.length > 0 ? codes.get(list[0]!) : null;
        return typeof code === 'string' ? new Map([[field.name, code]]) : new Map();
      },
    };
  }

  const text = textConverter(field);
  const bad: string[] = [];
  let trimmedTimes = 0;
  for (const value of facts.counts.keys()) {
    const converted = text.convert(value);
    if (converted === null) bad.push(value);
    else if (text.kind === 'date' && converted !== value) trimmedTimes++;
  }
  if (bad.length > 0) {
    const wants: Record<string, string> = { date: 'a date', datetime: 'a date and time', integer: 'a whole number', number: 'a number' };
    raise('error', `${field.name} takes ${wants[text.kind] ?? 'another kind of value'}; Brim's ${quoted(bad)} ${bad.length === 1 ? 'is' : 'are'} not.`);
  }
  if (trimmedTimes > 0) raise('warning', `${field.name} holds a date only: the time of day in Brim's values is dropped.`);
  if (multiple && text.kind !== 'text') raise('error', `Some patients have several values, but ${field.name} holds one. Map this variable to a text or notes field instead.`);
  const separator = field.type === 'notes' ? '\n' : ', ';
  if (multiple && text.kind === 'text') {
    if (field.type === 'notes') messages.push('Patients with several values get one per line.');
    else raise('warning', `Some patients have several values: they are joined with commas in ${field.name}.`);
  }
  if (field.validation && text.kind === 'text') messages.push(`REDCap checks the ${field.validation} format in the review step.`);
  return {
    verdict: { ...base, verdict, messages, values: [] },
    cells(list) {
      const converted = list.map(text.convert).filter((v): v is string => v !== null && v !== '');
      if (converted.length === 0) return new Map();
      return new Map([[field.name, text.kind === 'text' ? converted.join(separator) : converted[0]!]]);
    },
  };
}
