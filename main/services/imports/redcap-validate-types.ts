/**
 * REDCap's text validation types as its import applies them (reference §1.6): a value either validates
 * and is stored as REDCap stores it (dates as YYYY-MM-DD whatever the field's display order; the file's
 * order is the import's `dateFormat`), or it does not.
 */
export type DateFormat = 'YMD' | 'MDY' | 'DMY';

const legacyNames: Record<string, string> = { int: 'integer', float: 'number', date: 'date_ymd', datetime: 'datetime_ymd', datetime_seconds: 'datetime_seconds_ymd' };

const patterns: Record<string, RegExp> = {
  integer: /^[-+]?\d+$/,
  number: /^[-+]?\d*\.?\d+([eE][-+]?\d+)?$/,
  number_1dp: /^-?\d+\.\d$/,
  number_2dp: /^-?\d+\.\d{2}$/,
  number_3dp: /^-?\d+\.\d{3}$/,
  number_4dp: /^-?\d+\.\d{4}$/,
  number_comma_decimal: /^[-+]?\d*,?\d+([eE][-+]?\d+)?$/,
  number_1dp_comma_decimal: /^-?\d+,\d$/,
  number_2dp_comma_decimal: /^-?\d+,\d{2}$/,
  number_3dp_comma_decimal: /^-?\d+,\d{3}$/,
  number_4dp_comma_decimal: /^-?\d+,\d{4}$/,
  time: /^([01]?\d|2[0-3]):[0-5]\d$/,
  time_hh_mm_ss: /^([01]?\d|2[0-3])(:[0-5]\d){2}$/,
  time_mm_ss: /^[0-5]\d:[0-5]\d$/,
  email: /^(?!\.)[^\s@"(),:;<>[\]\\]+(?<!\.)@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}$/iu,
  phone: /^\(?([2-9]0[1-9]|[2-9]1[02-9]|[2-9][2-9]\d)\)?\s*(?:[.-]\s*)?([2-9]1[02-9]|[2-9][02-9]1|[2-9][02-9]{2})\s*(?:[.-]\s*)?(\d{4})(?:\s*(?:#|x\.?|ext\.?|extension)\s*(\d+))?$/,
  zipcode: /^\d{5}(-\d{4})?$/,
  alpha_only: /^[a-z]+$/i,
  mrn_10d: /^\d{10}$/,
  mrn_generic: /^[a-z0-9_-]+$/i,
  vmrn: /^\d{4,10}$/,
  ssn: /^\d{3}-\d\d-\d{4}$/,
  phone_australia: /^(\(0[2-8]\)|0[2-8])\s*\d{4}\s*\d{4}$/,
  postalcode_australia: /^\d{4}$/,
  postalcode_canada: /^[ABCEGHJKLMNPRSTVXY]\d[A-Z]\s*\d[A-Z]\d$/i,
  postalcode_germany: /^\d{5}$/,
  postalcode_uk: /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i,
  postalcode_french: /^((0?[1-9])|([1-8]\d)|(9[0-8]))\d{3}$/,
};

export function canonicalValidation(name: string): string {
  return legacyNames[name] ?? name;
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** `3/7/2024` in the file's order → `2024-03-07`, or undefined. */
export function storedDate(text: string, order: DateFormat): string | undefined {
  const parts = /^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$/.exec(text);
  if (!parts) return undefined;
  const [a, b, c] = [parts[1]!, parts[2]!, parts[3]!];
  // An ISO date is unambiguous whatever order the user chose.
  const [year, month, day] = a.length === 4 ? [a, b, c] : order === 'MDY' ? [c, a, b] : order === 'DMY' ? [c, b, a] : [a, b, c];
  if (year.length !== 4 || !isCalendarDay(Number(year), Number(month), Number(day))) return undefined;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function storedDatetime(text: string, order: DateFormat, seconds: boolean): string | undefined {
  const match = /^(\S+)[\sT]+(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
  if (!match) return undefined;
  const [, datePart, hour, minute, second] = match;
  if (Number(hour) > 23 || seconds !== (second !== undefined)) return undefined;
  const date = storedDate(datePart!, order);
  return date && `${date} ${hour!.padStart(2, '0')}:${minute}${second === undefined ? '' : `:${second}`}`;
}

/** The value as REDCap stores it, or undefined when it does not validate. Unknown types accept anything, as REDCap does. */
export function validateText(validation: string, value: string, order: DateFormat): string | undefined {
  const type = canonicalValidation(validation);
  const dated = /^(date|datetime|datetime_seconds)_(ymd|mdy|dmy)$/.exec(type);
  if (dated) return dated[1] === 'date' ? storedDate(value, order) : storedDatetime(value, order, dated[1] === 'datetime_seconds');
  const pattern = patterns[type];
  if (!pattern) return value;
  return pattern.test(value) ? value : undefined;
}

/** A comparable number for range checks: numbers, or dates/datetimes/times as sortable text. */
function comparable(type: string, value: string, today: string): number | string | undefined {
  if (/^(date|datetime|datetime_seconds)_/.test(type) || type.startsWith('time')) {
    if (value === 'today') return today.slice(0, 10);
    if (value === 'now') return today;
    return value;
  }
  const n = Number(value.replace(',', '.'));
  return value.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

/** "YYYY-MM-DD HH:MM:SS" of a moment, the form `today`/`now` bounds are compared in. */
export function serverToday(now: Date): string {
  return now.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Whether a stored value lies outside the field's min/max. REDCap's import accepts such values with a
 * warning, so this is never an error. Bounds in a date field's min/max are already YYYY-MM-DD.
 */
export function outOfRange(validation: string, stored: string, min: string, max: string, today: string = serverToday(new Date())): 'below' | 'above' | null {
  if (!min && !max) return null;
  const type = canonicalValidation(validation);
  const value = comparable(type, stored, today);
  if (value === undefined) return null;
  const low = min ? comparable(type, min, today) : undefined;
  const high = max ? comparable(type, max, today) : undefined;
  if (low !== undefined && typeof low === typeof value && value < low) return 'below';
  if (high !== undefined && typeof high === typeof value && value > high) return 'above';
  return null;
}
