/**
 * NOTE_DATETIME as Brim's own converter writes it: `YYYY-MM-DD HH:MM:SS`, `00:00:00` for a date alone,
 * seconds added when missing, and an empty field when nothing is known. Common spreadsheet and EHR
 * forms are read and normalised; forms that could mean two dates are said to be ambiguous, not guessed.
 */

export type DatetimeReading =
  | { kind: 'ok' }
  | { kind: 'normalised'; value: string; note: string | null; order: 'month-first' | 'day-first' | null; ambiguous: boolean }
  | { kind: 'bad'; reason: string };

const canonical = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const isoLike = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AP]\.?M\.?)?)?$/i;
const dotted = /^(\d{1,2})[.-](\d{1,2})[.-](\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// "Mar 5, 2024 14:30", "March 5 2024 2:30 PM", "5 Mar 2024", "05-Mar-2024 14:30"
const monthFirstNamed = /^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?)?$/i;
const dayFirstNamed = /^(\d{1,2})[\s-]([a-z]{3,9})\.?[\s-](\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?)?$/i;

const two = (n: number): string => String(n).padStart(2, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function compose(y: number, mo: number, d: number, h: number, mi: number, s: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  return `${y}-${two(mo)}-${two(d)} ${two(h)}:${two(mi)}:${two(s)}`;
}

/** Hours from a 12-hour clock, or null when the hour does not fit one. */
function hour(h: string | undefined, meridiem: string | undefined): number | null {
  const value = Number(h ?? 0);
  if (!meridiem) return value;
  if (value < 1 || value > 12) return null;
  const pm = meridiem[0]!.toLowerCase() === 'p';
  return (value % 12) + (pm ? 12 : 0);
}

function monthNumber(name: string): number | null {
  const index = months.indexOf(name.slice(0, 3).toLowerCase());
  return index === -1 ? null : index + 1;
}

const unreadable = (reason: string): DatetimeReading => ({ kind: 'bad', reason });

export function readNoteDatetime(raw: string): DatetimeReading {
  const value = raw.trim();
  if (value === '') return raw === '' ? { kind: 'ok' } : { kind: 'normalised', value: '', note: null, order: null, ambiguous: false };
  const c = canonical.exec(value);
  if (c) {
    const fixed = compose(+c[1]!, +c[2]!, +c[3]!, +c[4]!, +c[5]!, +c[6]!);
    if (!fixed) return unreadable('is not a real date and time');
    return value === raw ? { kind: 'ok' } : { kind: 'normalised', value: fixed, note: null, order: null, ambiguous: false };
  }
  let m = isoLike.exec(value);
  if (m) {
    const fixed = compose(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    if (!fixed) return unreadable('is not a real date and time');
    // The clock time is kept as written: shifting it to UTC could move a note to another day.
    const note = m[7] ? 'its time zone was left out, the clock time kept' : null;
    return { kind: 'normalised', value: fixed, note, order: null, ambiguous: false };
  }
  m = slashed.exec(value);
  if (m) {
    if (m[3]!.length === 2) return unreadable('has a two-digit year; write the full year');
    const a = +m[1]!;
    const b = +m[2]!;
    const h = hour(m[4], m[7]);
    if (h === null) return unreadable('has an hour that does not fit AM/PM');
    // Slashes are usually month first (US); a first number above 12 can only be a day.
    const dayFirst = a > 12 && b <= 12;
    const fixed = dayFirst ? compose(+m[3]!, b, a, h, +(m[5] ?? 0), +(m[6] ?? 0)) : compose(+m[3]!, a, b, h, +(m[5] ?? 0), +(m[6] ?? 0));
    if (!fixed) return unreadable('is not a real date and time');
    const ambiguous = a <= 12 && b <= 12 && a !== b;
    const note = ambiguous ? 'read as month/day/year (US order)' : dayFirst ? 'read as day/month/year' : null;
    return { kind: 'normalised', value: fixed, note, order: ambiguous ? null : dayFirst ? 'day-first' : b > 12 ? 'month-first' : null, ambiguous };
  }
  m = dotted.exec(value);
  if (m) {
    const fixed = compose(+m[3]!, +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    if (!fixed) return unreadable('is not a real date and time (read as day.month.year)');
    return { kind: 'normalised', value: fixed, note: 'read as day.month.year', order: null, ambiguous: false };
  }
  const named = monthFirstNamed.exec(value) ?? dayFirstNamed.exec(value);
  if (named) {
    const monthFirst = /^[a-z]/i.test(value);
    const mo = monthNumber(monthFirst ? named[1]! : named[2]!);
    const d = +(monthFirst ? named[2]! : named[1]!);
    const h = hour(named[4], named[7]);
    if (mo === null || h === null) return unreadable('is not a date Carrel can read; write it as YYYY-MM-DD HH:MM:SS');
    const fixed = compose(+named[3]!, mo, d, h, +(named[5] ?? 0), +(named[6] ?? 0));
    if (!fixed) return unreadable('is not a real date and time');
    return { kind: 'normalised', value: fixed, note: null, order: null, ambiguous: false };
  }
  return unreadable('is not a date Carrel can read; write it as YYYY-MM-DD HH:MM:SS');
}
