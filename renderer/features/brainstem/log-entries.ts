import type { z } from 'zod';
import type { logEntryInputSchema } from '../../../shared/contract/brainstem.ts';
import { isoToLocalInput, localInputToIso, parseJson, type FieldErrors } from './form-values.ts';

/**
 * Entries of a subject log or procedure log (reference §2.2, §1.7): instantaneous ones have `date_time`,
 * interval ones `start_date_time` and `end_date_time`. The server finds an entry to change or remove by
 * that time, so it is the entry's key and is sent back exactly as the server wrote it.
 */

export type LogEntryInput = z.infer<typeof logEntryInputSchema>;

export interface LogEntry {
  keyName: 'date_time' | 'start_date_time';
  /** The time as the server holds it (ISO). */
  key: string;
  end: string | null;
  notes: string | null;
  details: unknown;
}

/** Subject-log types whose entries span an interval ([DOCS] subjectlog.md). */
export const intervalSubjectLogTypes: ReadonlySet<string> = new Set(['Housing', 'FoodDeprivation', 'WaterDeprivation', 'Habituation', 'Handling', 'TrainingSession']);

export const logModels: ReadonlySet<string> = new Set(['subjectlog', 'procedurelog']);

/** The entries of a log, newest first; anything that is not an entry is left out. */
export function logEntries(value: unknown): LogEntry[] {
  if (!Array.isArray(value)) return [];
  const entries: LogEntry[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const raw = item as Record<string, unknown>;
    const interval = typeof raw.start_date_time === 'string';
    const key = interval ? raw.start_date_time : raw.date_time;
    if (typeof key !== 'string') continue;
    entries.push({
      keyName: interval ? 'start_date_time' : 'date_time',
      key,
      end: typeof raw.end_date_time === 'string' ? raw.end_date_time : null,
      notes: typeof raw.notes === 'string' ? raw.notes : null,
      details: raw.details ?? null,
    });
  }
  return entries.sort((a, b) => Date.parse(b.key) - Date.parse(a.key) || b.key.localeCompare(a.key));
}

export function isIntervalLog(model: string, type: unknown, entries: readonly LogEntry[]): boolean {
  if (entries.length > 0) return entries[0]!.keyName === 'start_date_time';
  return model === 'subjectlog' && typeof type === 'string' && intervalSubjectLogTypes.has(type);
}

/** What the entry form holds: local times as the inputs show them, details as JSON text. */
export interface EntryDraft {
  at: string;
  end: string;
  notes: string;
  details: string;
}

export function entryDraft(entry: LogEntry | null): EntryDraft {
  if (!entry) return { at: '', end: '', notes: '', details: '' };
  const hasDetails = entry.details !== null && !(typeof entry.details === 'object' && Object.keys(entry.details as object).length === 0);
  return {
    at: isoToLocalInput(entry.key),
    end: entry.end ? isoToLocalInput(entry.end) : '',
    notes: entry.notes ?? '',
    details: hasDetails ? JSON.stringify(entry.details, null, 2) : '',
  };
}

export type EntryChange = 'add' | 'change' | 'remove';

/**
 * The body of an entry action, or what is wrong with the draft. `existing` is the entry being changed or
 * removed: its key is sent untouched, because the server matches on it.
 */
export function entryInput(change: EntryChange, draft: EntryDraft, interval: boolean, existing: LogEntry | null): { entry: LogEntryInput } | { errors: FieldErrors } {
  const keyName = interval ? 'start_date_time' : 'date_time';
  const errors: FieldErrors = {};
  let key: string | null;
  if (existing) key = existing.key;
  else if (draft.at.trim() === '') {
    key = null;
    errors[keyName] = ['This field is required.'];
  } else {
    key = localInputToIso(draft.at);
    if (!key) errors[keyName] = ['Enter a date and a time.'];
  }
  if (change === 'remove') return key ? { entry: { [keyName]: key } } : { errors };

  const entry: LogEntryInput = key ? { [keyName]: key } : {};
  if (interval) {
    if (draft.end.trim() !== '') {
      const end = localInputToIso(draft.end);
      if (!end) errors.end_date_time = ['Enter a date and a time.'];
      else if (key && Date.parse(end) < Date.parse(key)) errors.end_date_time = ['The end must not be before the start.'];
      else entry.end_date_time = end;
    }
  }
  if (draft.notes.trim() !== '' || change === 'change') entry.notes = draft.notes;
  if (draft.details.trim() !== '') {
    const details = parseJson(draft.details, 'object');
    if (details.ok) entry.details = details.value;
    else errors.details = [details.error];
  } else if (change === 'change') entry.details = {};
  return Object.keys(errors).length > 0 ? { errors } : { entry };
}
