import type { RedcapClient } from './client.ts';
import type { FormEvent, RedcapEvent, RepeatingEntry } from './project-structure.ts';
import type { FlatRecord } from './schemas.ts';

export type Item = Record<string, unknown>;

export interface LogEntry {
  timestamp: string;
  username: string;
  action: string;
  details: string;
  record: string;
}

/**
 * Everything a project sync reads from REDCap, behind one interface: the sync's logic is tested with
 * the sandbox and with fakes, and REDCap's method modules plug in through one adapter.
 */
export interface RedcapSyncSource {
  readonly client: RedcapClient;
  arms(signal: AbortSignal): Promise<Item[]>;
  events(signal: AbortSignal): Promise<Array<RedcapEvent & Item>>;
  formEventMapping(signal: AbortSignal): Promise<FormEvent[]>;
  repeating(signal: AbortSignal): Promise<RepeatingEntry[]>;
  users(signal: AbortSignal): Promise<Item[]>;
  roles(signal: AbortSignal): Promise<Item[]>;
  roleMappings(signal: AbortSignal): Promise<Item[]>;
  dags(signal: AbortSignal): Promise<Item[]>;
  dagMappings(signal: AbortSignal): Promise<Item[]>;
  /** `beginTime` as REDCap wants it: server-local `YYYY-MM-DD HH:MM`. */
  logging(options: { beginTime?: string; logtype?: 'record' }, signal: AbortSignal): Promise<LogEntry[]>;
  /** Record IDs created, updated or deleted according to log entries (REDCap's action strings). */
  recordChanges(entries: LogEntry[]): { changed: Set<string>; deleted: Set<string> };
  /** Folders and documents in one file repository folder (null = the top). */
  repository(folderId: number | null, signal: AbortSignal): Promise<Array<{ kind: 'folder'; folderId: number; name: string } | { kind: 'document'; docId: number; name: string }>>;
  report(reportId: string, signal: AbortSignal): Promise<FlatRecord[]>;
}
