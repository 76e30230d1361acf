/**
 * The palette's filter: every typed character must appear in order in the command's title (or its
 * section and keywords); matches at word starts and in a row rank higher, so "exp" finds "Export…"
 * before "Upload Files to a Field" would ever show up for "uf".
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!q) return 0;
  const t = text.toLowerCase();
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const char of q) {
    if (char === ' ') continue;
    const at = t.indexOf(char, from);
    if (at < 0) return null;
    const wordStart = at === 0 || /[\s:./(-]/.test(t[at - 1]!);
    score += 1 + (wordStart ? 4 : 0) + (at === previous + 1 ? 3 : 0) - Math.min(at - from, 5) * 0.1;
    previous = at;
    from = at + 1;
  }
  // A title that starts with the query beats one that merely contains its letters.
  if (t.startsWith(q)) score += 10;
  return score;
}

export interface Searchable {
  title: string;
  section: string;
  keywords?: readonly string[];
}

/** Items whose title (or section and keywords) match, best first; ties keep their given order. */
export function fuzzyFilter<T extends Searchable>(items: readonly T[], query: string): T[] {
  if (!query.trim()) return [...items];
  const scored: Array<{ item: T; score: number; index: number }> = [];
  items.forEach((item, index) => {
    const title = fuzzyScore(query, item.title);
    const extra = fuzzyScore(query, [item.section, ...(item.keywords ?? [])].join(' '));
    const score = title !== null ? title + 1 : extra !== null ? extra - 5 : null;
    if (score !== null) scored.push({ item, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((entry) => entry.item);
}
