// The project log, and what it says about which records changed (for incremental syncs).

import { z } from 'zod';
import type { RedcapApi } from '../api.ts';
import type { SignalOption } from './answers.ts';
import { redcapTime } from './timestamps.ts';

export type LogType = 'export' | 'manage' | 'user' | 'record' | 'record_add' | 'record_edit' | 'record_delete' | 'lock_record' | 'page_view';

export interface LoggingOptions extends SignalOption {
  logtype?: LogType;
  /** Only this user's actions. */
  user?: string;
  record?: string;
  /** Unique group name. */
  dag?: string;
  /** `YYYY-MM-DD HH:MM`, server time. A busy project's full log is too big to export without a range. */
  beginTime?: string;
  endTime?: string;
}

export const logEntrySchema = z.looseObject({
  /** `YYYY-MM-DD HH:MM`, server time. */
  timestamp: z.string(),
  username: z.string(),
  /** e.g. `Create record 50`, `Update record (import) 5`, `Manage/Design`. */
  action: z.string(),
  details: z.string(),
  /** The record ID for record entries; "" (or absent on older servers) otherwise. */
  record: z.union([z.string(), z.number()]).transform(String).optional(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export async function exportLogging(api: RedcapApi, options: LoggingOptions = {}): Promise<LogEntry[]> {
  return api.json({
    content: 'log',
    format: 'json',
    logtype: options.logtype,
    user: options.user,
    record: options.record,
    dag: options.dag,
    beginTime: redcapTime(options.beginTime, 'minutes', 'beginTime'),
    endTime: redcapTime(options.endTime, 'minutes', 'endTime'),
  }, z.array(logEntrySchema), 'the project log', { signal: options.signal });
}

export interface RecordEvents {
  created: string[];
  updated: string[];
  deleted: string[];
}

// `Create record 50`, `Update record (import) 5`, `Delete record (API) 3`, `Create survey response 7`:
// a verb, what changed, an optional "(how)", then the record ID.
const recordAction = /^(Create|Update|Delete) (record|survey response)(?: \([^)]*\))* (.+)$/i;

/**
 * Which records the entries show as created, updated or deleted, each ID once per list, in the order
 * of the entries. A record can be in more than one list (created, then edited, or deleted and created
 * again); the log's minute-resolution timestamps cannot order those reliably, so a sync should
 * re-read every created or updated record and check the deleted ones rather than trust the order.
 * Entries that are not record changes (design, exports, user rights, locking) are ignored.
 */
export function recordEvents(entries: ReadonlyArray<Pick<LogEntry, 'action' | 'record'>>): RecordEvents {
  const lists = { create: new Set<string>(), update: new Set<string>(), delete: new Set<string>() };
  for (const entry of entries) {
    const match = recordAction.exec(entry.action.trim());
    if (match === null) continue;
    const verb = match[1]?.toLowerCase();
    const list = verb === 'create' ? lists.create : verb === 'update' ? lists.update : lists.delete;
    // The `record` column is exact; the action text is the fallback for servers without it.
    const id = entry.record !== undefined && entry.record !== '' ? entry.record : (match[3] ?? '').trim();
    if (id !== '') list.add(id);
  }
  return { created: [...lists.create], updated: [...lists.update], deleted: [...lists.delete] };
}
