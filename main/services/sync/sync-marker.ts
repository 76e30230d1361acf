import type { DatabaseSync } from 'node:sqlite';
import { readMeta } from '../cache/cache-db.ts';

// A sync writes into staging tables and swaps them in one transaction, so a crash never leaves half a
// copy; but without a trace the user would not know that the sync they started never finished. The mark
// is set in the cache when a sync starts and removed when its job ends in any way Carrel saw; one left
// behind at startup means Carrel was killed (or the machine stopped) in the middle of a sync.

const KEY = 'sync_running_since';

export function markSyncRunning(db: DatabaseSync, at: Date = new Date()): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, at.toISOString());
}

export function clearSyncMark(db: DatabaseSync): void {
  db.prepare('DELETE FROM meta WHERE key = ?').run(KEY);
}

/** When the sync that never finished started, or null. */
export function interruptedSyncSince(db: DatabaseSync): string | null {
  return readMeta(db, KEY);
}
