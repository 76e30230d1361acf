/**
 * What changed in a project since a moment in REDCap's own (server-local) time. REDCap tells this two
 * ways: its logging API (precise; needs logging rights) and `dateRangeBegin` on a record export
 * (everyone who may export). The sync uses whichever this token can use.
 */
export interface ChangeFeed {
  since(anchor: string, signal: AbortSignal): Promise<{
    /** Records created or changed since the anchor (deletions are found by comparing ID lists). */
    changed: Set<string>;
    /** The newest server-local timestamp seen, to start from next time; null if none. */
    newestTimestamp: string | null;
    source: 'logging' | 'dateRange';
  }>;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A server-local time that is certainly not later than "now" on the REDCap server, without knowing its
 * time zone: UTC minus 14 hours is at or before local time in every zone on Earth (UTC−12 … UTC+14).
 * Asking for changes since then fetches a few hours too much at worst, never too little.
 */
export function serverTimeLowerBound(now: Date): string {
  return wallClock(now.getTime() - 14 * 3600_000);
}

/** `YYYY-MM-DD HH:MM:00` for a wall-clock time held as milliseconds (its UTC fields are the wall clock). */
function wallClock(ms: number): string {
  const t = new Date(ms);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:00`;
}

/**
 * A tighter lower bound for the server-local time at `startedAt` (this computer's clock), learnt from
 * the server's own log: `newestLogEntry` (server-local, minute precision) was written no later than
 * `answeredAt`, so the server's clock runs at least `newestLogEntry − answeredAt` ahead of ours —
 * whatever its time zone and however far our clocks disagree. A sync writes log entries of its own
 * (REDCap logs API exports), so the bound is usually within a minute of the truth; two minutes are
 * taken off for good measure. Null when the timestamp cannot be read.
 */
export function serverTimeFromLog(startedAt: number, newestLogEntry: string, answeredAt: number): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(newestLogEntry);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const serverAhead = Date.UTC(y, mo - 1, d, h, mi) - answeredAt;
  return wallClock(startedAt + serverAhead - 120_000);
}
