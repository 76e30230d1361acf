// A project's logging, as the sandbox writes it for its own imports, deletions, renames, files,
// design changes and exports, and as content=log reads it back (newest first).

import type { LocalTime } from './clock.ts';

/** What `logtype` selects (reference §1.4 log). */
export const LOG_TYPES = ['export', 'manage', 'user', 'record', 'record_add', 'record_edit', 'record_delete', 'lock_record', 'page_view'] as const;
export type LogType = (typeof LOG_TYPES)[number];
type EntryKind = Exclude<LogType, 'record'>;

export interface LogEntry {
  /** Full server-local time; the API shows it to the minute. */
  timestamp: LocalTime;
  username: string;
  action: string;
  details: string;
  record: string;
  kind: EntryKind;
  /** The Data Access Group of the record (or of the user, for entries without a record). */
  dag: string;
}

export interface LogQuery {
  logtype?: LogType;
  user?: string;
  record?: string;
  dag?: string;
  /** `YYYY-MM-DD HH:MM`, inclusive. */
  begin?: string;
  end?: string;
}

// What REDCap writes instead of the values when a record is deleted with delete_logging=1.
const SCRUBBED = "[All data values were removed from this record's logging activity.]";

export class ProjectLog {
  readonly #entries: LogEntry[] = [];

  add(entry: LogEntry): void {
    this.#entries.push(entry);
  }

  /** Matching entries, newest first, as REDCap lists them. */
  query(query: LogQuery): LogEntry[] {
    const matches = this.#entries.filter((entry) => {
      if (query.logtype !== undefined && !matchesType(entry.kind, query.logtype)) return false;
      if (query.user !== undefined && entry.username !== query.user) return false;
      if (query.record !== undefined && entry.record !== query.record) return false;
      if (query.dag !== undefined && entry.dag !== query.dag) return false;
      const minute = entry.timestamp.slice(0, 16);
      if (query.begin !== undefined && minute < query.begin) return false;
      if (query.end !== undefined && minute > query.end) return false;
      return true;
    });
    // Stable: entries of the same second keep newest-last order reversed.
    return matches.reverse();
  }

  /** delete_logging=1: the record's entries stay, its values go. */
  scrubRecord(record: string): void {
    for (const entry of this.#entries) if (entry.record === record && entry.kind !== 'record_delete') entry.details = SCRUBBED;
  }
}

function matchesType(kind: EntryKind, type: LogType): boolean {
  return type === 'record' ? kind === 'record_add' || kind === 'record_edit' || kind === 'record_delete' : kind === type;
}

