import { cancelled } from '../../http/http-client.ts';
import type { BrainstemPage, BrainstemRecord } from './envelopes.ts';
import { maxPageSize, pageSize } from './query.ts';

export interface LoadAllProgress {
  /** Distinct records so far. */
  loaded: number;
  /** What the server says the total is; null when it does not say. */
  total: number | null;
  pages: number;
}

/** Something that did not add up; the records returned are still every distinct record received. */
export type LoadAllIssue =
  | { kind: 'total_mismatch'; serverTotal: number; received: number }
  | { kind: 'duplicates'; count: number }
  | { kind: 'repeated_page'; offset: number }
  | { kind: 'page_limit'; pages: number };

export interface LoadAllResult {
  records: BrainstemRecord[];
  /** Related objects from every page, deduplicated per key. */
  sideloaded: Record<string, BrainstemRecord[]>;
  serverTotal: number | null;
  /** How the end was found. */
  endedBy: 'total' | 'short_page' | 'empty_page' | 'repeated_page' | 'page_limit';
  pages: number;
  issues: LoadAllIssue[];
}

export interface LoadAllOptions {
  /** Records per request (at most 100). */
  pageSize?: number;
  /** Where to start; defaults to 0. */
  offset?: number;
  signal?: AbortSignal | undefined;
  onProgress?: (progress: LoadAllProgress) => void;
  /** A last guard against a server that never stops sending new records. */
  maxPages?: number;
}

export type FetchPage = (offset: number, limit: number, signal: AbortSignal | undefined) => Promise<BrainstemPage>;

/**
 * Pages through a list with limit/offset. The end is found, in this order of trust, from
 * `meta.total_results`, top-level `count`, or the first short page (reference §1.6; `next` is never
 * relied on). It cannot loop forever: an empty page, a page of only already-seen records (a server that
 * ignores offset or repeats a page) or the page limit ends it. Offsets advance by the records actually
 * received, so a server that quietly clamps the page size loses nothing. Every record is returned once.
 */
export async function loadAllPages(fetchPage: FetchPage, options: LoadAllOptions = {}): Promise<LoadAllResult> {
  const limit = pageSize(options.pageSize ?? maxPageSize);
  const start = options.offset ?? 0;
  const maxPages = options.maxPages ?? 100_000;
  const byId = new Map<string, BrainstemRecord>();
  const sideloaded = new Map<string, Map<string, BrainstemRecord>>();
  const issues: LoadAllIssue[] = [];
  let duplicates = 0;
  let serverTotal: number | null = null;
  let offset = start;
  let pages = 0;
  let endedBy: LoadAllResult['endedBy'];

  for (;;) {
    if (options.signal?.aborted) throw cancelled();
    if (pages >= maxPages) {
      endedBy = 'page_limit';
      issues.push({ kind: 'page_limit', pages });
      break;
    }
    const page = await fetchPage(offset, limit, options.signal);
    pages++;
    if (pages === 1) serverTotal = page.totalResults ?? page.count;

    let fresh = 0;
    for (const record of page.records) {
      const id = String(record.id);
      if (byId.has(id)) duplicates++;
      else {
        byId.set(id, record);
        fresh++;
      }
    }
    for (const [key, list] of Object.entries(page.sideloaded)) {
      const index = sideloaded.get(key) ?? new Map<string, BrainstemRecord>();
      for (const item of list) index.set(String(item.id), item);
      sideloaded.set(key, index);
    }
    options.onProgress?.({ loaded: byId.size, total: serverTotal, pages });

    if (page.records.length === 0) {
      endedBy = 'empty_page';
      break;
    }
    if (fresh === 0) {
      endedBy = 'repeated_page';
      issues.push({ kind: 'repeated_page', offset });
      break;
    }
    offset += page.records.length;
    if (serverTotal !== null) {
      if (offset >= serverTotal) {
        endedBy = 'total';
        break;
      }
    } else if (page.records.length < (page.perPage ?? limit)) {
      endedBy = 'short_page';
      break;
    }
  }

  if (duplicates > 0) issues.push({ kind: 'duplicates', count: duplicates });
  const expected = serverTotal === null ? null : Math.max(0, serverTotal - start);
  if (expected !== null && expected !== byId.size) issues.push({ kind: 'total_mismatch', serverTotal: serverTotal as number, received: byId.size });

  return {
    records: [...byId.values()],
    sideloaded: Object.fromEntries([...sideloaded].map(([key, index]) => [key, [...index.values()]])),
    serverTotal,
    endedBy,
    pages,
    issues,
  };
}
