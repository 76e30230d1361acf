// Which record a dropped file belongs to, by its name alone. The rule (the dialog states it too):
// the file name without its extension is a record ID, or starts with the longest record ID that is
// followed by a separator (`_`, `-`, space, `.`): `1001.pdf`, `1001_consent.pdf`, `1001 - scan.png`.
// Case is ignored only when no two record IDs differ by case alone; two files for one record: the first wins.

import type { FileMatch } from '../../../shared/contract/record-files.ts';

const separators = new Set(['_', '-', ' ', '.']);

/** Apple file systems hand names out decomposed (NFD); REDCap and keyboards write them composed. */
function normal(text: string): string {
  return text.normalize('NFC');
}

/** The name without its last extension; a leading dot (".hidden") is part of the name, not an extension. */
export function stemOf(fileName: string): string {
  const name = normal(fileName).trim();
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export interface RecordIndex {
  /** Looks a candidate up (already folded when case is ignored); the record ID as REDCap spells it. */
  find(candidate: string): string | undefined;
  ignoreCase: boolean;
  size: number;
}

/** Record IDs to match against; case-insensitive only if that keeps every ID distinct. */
export function recordIndex(recordIds: Iterable<string>): RecordIndex {
  const exact = new Map<string, string>();
  for (const id of recordIds) exact.set(normal(id), id);
  const folded = new Map<string, string>();
  for (const [key, id] of exact) folded.set(key.toLowerCase(), id);
  const ignoreCase = folded.size === exact.size;
  const map = ignoreCase ? folded : exact;
  return { find: (candidate) => map.get(ignoreCase ? candidate.toLowerCase() : candidate), ignoreCase, size: exact.size };
}

/** The record a file name points at, or null. */
export function recordFor(fileName: string, index: RecordIndex): string | null {
  const stem = stemOf(fileName);
  const whole = index.find(stem);
  if (whole !== undefined) return whole;
  // Prefixes that end at a separator, longest first: `12-1_scan` tries `12-1`, then `12`.
  for (let i = stem.length - 1; i > 0; i--) {
    if (!separators.has(stem[i]!)) continue;
    const found = index.find(stem.slice(0, i));
    if (found !== undefined) return found;
  }
  return null;
}

/** What a file name seems to name when no record matches: its text up to the first separator. */
function claimedId(fileName: string): string {
  const stem = stemOf(fileName);
  for (let i = 0; i < stem.length; i++) if (separators.has(stem[i]!) && i > 0) return stem.slice(0, i);
  return stem;
}

/**
 * Matches every file name of one drop. `existing(recordId)` is the file the field already holds for a
 * record (from the cache), or null; `refuse(recordId)` says why a matched record cannot take the file
 * (e.g. it is in another arm), or null. Results are in the order of `fileNames`.
 */
export function matchFiles(
  fileNames: readonly string[],
  index: RecordIndex,
  existing: (recordId: string) => string | null,
  refuse: (recordId: string) => string | null = () => null,
): FileMatch[] {
  const claimed = new Map<string, string>();
  return fileNames.map((fileName): FileMatch => {
    const recordId = recordFor(fileName, index);
    if (recordId === null) {
      const id = claimedId(fileName);
      return {
        fileName,
        recordId: null,
        existing: null,
        problem: id
          ? `No record ${id} in the cached project — sync if the record is new, or rename the file so that it starts with a record ID (e.g. 1001_consent.pdf).`
          : 'The file name holds no record ID — rename the file so that it starts with one (e.g. 1001_consent.pdf).',
      };
    }
    const refused = refuse(recordId);
    if (refused !== null) return { fileName, recordId: null, existing: null, problem: refused };
    const first = claimed.get(recordId);
    if (first !== undefined) {
      return { fileName, recordId: null, existing: null, problem: `Another file in this drop (${first}) also goes to record ${recordId}; a field holds one file. Upload this one separately if it should replace that.` };
    }
    claimed.set(recordId, fileName);
    return { fileName, recordId, existing: existing(recordId), problem: null };
  });
}
