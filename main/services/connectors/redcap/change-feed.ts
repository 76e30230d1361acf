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
  const bound = new Date(now.getTime() - 14 * 3600_000);
  return `${bound.getUTCFullYear()}-${pad(bound.getUTCMonth() + 1)}-${pad(bound.getUTCDate())} ${pad(bound.getUTCHours())}:${pad(bound.getUTCMinutes())}:00`;
}
