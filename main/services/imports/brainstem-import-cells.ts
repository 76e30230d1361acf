// One CSV cell → the value a BrainSTEM write sends for its field (numbers, booleans, lists of ids, JSON),
// with a message a person can act on when it cannot be. The final word on a whole row is
// validate-write.ts (the same checks the record form runs); this is what turns text into values first.

import type { BrainstemField } from '../../../shared/contract/brainstem.ts';
import { relationIds } from '../brainstem/record-json.ts';
import type { RelationResolver } from './brainstem-import-relations.ts';
import { splitList } from './brainstem-import-relations.ts';

export type CellValue = { ok: true; value: unknown } | { ok: false; code: string; message: string };

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const datetimePattern = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([zZ]|[+-]\d{2}:?\d{2})?$/;
const truthy = new Set(['true', 'yes', '1', 'y']);
const falsy = new Set(['false', 'no', '0', 'n']);

const bad = (code: string, message: string): CellValue => ({ ok: false, code, message });
const ok = (value: unknown): CellValue => ({ ok: true, value });

function realDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

/** A non-blank cell's value for `field`. */
export function convertCell(field: BrainstemField, text: string, relations: RelationResolver): CellValue {
  switch (field.kind) {
    case 'text':
    case 'longtext':
      if (field.maxLength !== null && text.length > field.maxLength) return bad('too-long', `${field.label} holds at most ${field.maxLength} characters; this value has ${text.length}. Shorten it.`);
      return ok(text);
    case 'integer':
      return /^-?\d+$/.test(text) ? ok(Number(text)) : bad('invalid-integer', `${field.label} must be a whole number.`);
    case 'number': {
      const n = Number(text);
      return text !== '' && Number.isFinite(n) ? ok(n) : bad('invalid-number', `${field.label} must be a number (with a dot for decimals).`);
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (truthy.has(lower)) return ok(true);
      if (falsy.has(lower)) return ok(false);
      return bad('invalid-boolean', `${field.label} must be true or false (or yes/no, 1/0).`);
    }
    case 'date':
      return datePattern.test(text) && realDate(text) ? ok(text) : bad('invalid-date', `${field.label} must be a date written YYYY-MM-DD.`);
    case 'datetime':
      return datetimePattern.test(text) && realDate(text) && !Number.isNaN(Date.parse(text.replace(' ', 'T')))
        ? ok(text)
        : bad('invalid-datetime', `${field.label} must be a date and time like 2024-03-11T10:30:00Z.`);
    case 'choice': {
      const lower = text.toLowerCase();
      const found = (field.choices ?? []).find((c) => c.value.toLowerCase() === lower || c.label.toLowerCase() === lower);
      if (found) return ok(found.value);
      const some = (field.choices ?? []).slice(0, 6).map((c) => c.value).join(', ');
      return bad('invalid-choice', `This is not a choice of ${field.label} (${some}${(field.choices ?? []).length > 6 ? ', …' : ''}).`);
    }
    case 'json':
      try {
        return ok(JSON.parse(text));
      } catch {
        return bad('invalid-json', `${field.label} must be JSON (${field.jsonShape === 'array' ? '[…]' : '{…}'}); this value cannot be read as JSON.`);
      }
    case 'tags':
      return ok(splitList(text));
    case 'relation': {
      const resolved = relations.resolve(field, text);
      return resolved.ok ? ok(resolved.id) : bad(resolved.code, resolved.message);
    }
    case 'relations': {
      const ids: string[] = [];
      for (const part of splitList(text)) {
        const resolved = relations.resolve(field, part);
        if (!resolved.ok) return bad(resolved.code, resolved.message);
        ids.push(resolved.id);
      }
      return ok(ids);
    }
  }
}

/** What an erased cell sends when blanks overwrite (text becomes empty, lists empty); null when the field is left alone. */
export function blankValue(field: BrainstemField): { value: unknown } | null {
  if (field.required) return null;
  if (field.kind === 'text' || field.kind === 'longtext') return { value: '' };
  if (field.kind === 'relations' || field.kind === 'tags') return { value: [] };
  return null;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortedKeys(v)]));
  return value;
}

/** Whether a stored value (as the server sent it) already is `wanted` (as the import would send it). */
export function sameValue(field: BrainstemField | undefined, stored: unknown, wanted: unknown): boolean {
  switch (field?.kind) {
    case 'relation':
      return (relationIds(stored)[0] ?? '').toLowerCase() === (wanted === null || wanted === undefined ? '' : String(wanted).toLowerCase());
    case 'relations':
    case 'tags': {
      const a = field.kind === 'tags' ? (Array.isArray(stored) ? stored.map(String) : []) : relationIds(stored).map((id) => id.toLowerCase());
      const b = Array.isArray(wanted) ? wanted.map((v) => (field.kind === 'tags' ? String(v) : String(v).toLowerCase())) : [];
      return JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());
    }
    case 'datetime': {
      if ((stored ?? '') === (wanted ?? '')) return true;
      const zoned = (v: unknown): number => (typeof v === 'string' ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v.replace(' ', 'T') : `${v.replace(' ', 'T')}Z`) : NaN);
      return zoned(stored) === zoned(wanted);
    }
    case 'integer':
    case 'number':
      return stored !== null && stored !== undefined && stored !== '' && Number(stored) === Number(wanted);
    case 'json':
      return JSON.stringify(sortedKeys(stored ?? null)) === JSON.stringify(sortedKeys(wanted ?? null));
    default:
      return (stored === null || stored === undefined ? '' : stored) === (wanted === null || wanted === undefined ? '' : wanted) || String(stored ?? '') === String(wanted ?? '');
  }
}

/** A value as the changes screen shows it: related objects by their cached names. */
export function displayValue(field: BrainstemField | undefined, value: unknown, relations: RelationResolver): string {
  if (value === null || value === undefined) return '';
  if (field && (field.kind === 'relation' || field.kind === 'relations') && field.relatedModel) {
    return relationIds(value).map((id) => relations.label(field.relatedModel!, id)).join('; ');
  }
  if (Array.isArray(value) && field?.kind === 'tags') return value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
