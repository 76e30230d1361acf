/**
 * Folding for the filter box: case-insensitive and accent-insensitive, so `muller` finds `Müller`
 * (SQLite's own lower() only folds ASCII). Applied to the stored search text and to the typed words alike.
 */
export function fold(text: string): string {
  // Most research data is ASCII; skip Unicode normalisation when there is nothing to normalise, and
  // otherwise normalise only the non-ASCII runs (a whole row's text holds a few accented names at most).
  // A combining mark after an ASCII letter is its own run and is removed there, as it would be in place.
  if (!nonAscii.test(text)) return text.toLowerCase();
  return text.replace(nonAsciiRuns, foldRun).toLowerCase();
}

const nonAscii = /[^\u0000-\u007f]/;
const nonAsciiRuns = /[^\u0000-\u007f]+/g;
const marks = /\p{M}+/gu;
const foldRun = (run: string): string => run.normalize('NFKD').replace(marks, '');

/** Separates cells in the search text so that a word never matches across two cells. */
export const cellSeparator = '\u001f';

/** Makes fold() available to SQL as carrel_fold(text), for searches over a subset of columns. */
export function registerFold(db: import('node:sqlite').DatabaseSync): void {
  db.function('carrel_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? fold(value) : ''));
}
