// REDCap's text validation types (reference §1.6 table, REDCap 14.1.5 `redcap_validation_types`)
// and the date conversions of `dateFormat` on import. Dates are stored as YYYY-MM-DD whatever the
// field's display order; `dateFormat` only says how the imported text is ordered.

export type DateOrder = 'YMD' | 'MDY' | 'DMY';

// Legacy names, as Project XML and old dictionaries use them.
const LEGACY: Record<string, string> = {
  int: 'integer',
  float: 'number',
  date: 'date_ymd',
  datetime: 'datetime_ymd',
  datetime_seconds: 'datetime_seconds_ymd',
};

const PATTERNS: Record<string, RegExp> = {
  integer: /^[-+]?\b\d+\b$/,
  number: /^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$/,
  number_1dp: /^-?\d+\.\d$/,
  number_2dp: /^-?\d+\.\d{2}$/,
  number_3dp: /^-?\d+\.\d{3}$/,
  number_4dp: /^-?\d+\.\d{4}$/,
  number_comma_decimal: /^[-+]?[0-9]*,?[0-9]+([eE][-+]?[0-9]+)?$/,
  number_1dp_comma_decimal: /^-?\d+,\d$/,
  number_2dp_comma_decimal: /^-?\d+,\d{2}$/,
  number_3dp_comma_decimal: /^-?\d+,\d{3}$/,
  number_4dp_comma_decimal: /^-?\d+,\d{4}$/,
  time: /^([0-9]|[0-1][0-9]|[2][0-3]):([0-5][0-9])$/,
  time_hh_mm_ss: /^(\d|[01]\d|(2[0-3]))(:[0-5]\d){2}$/,
  time_mm_ss: /^[0-5]\d:[0-5]\d$/,
  email: /^(?!\.)[^\s@"(),:;<>[\]\\]+(?<!\.)@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}]{2,}$/iu,
  phone: /^(?:\(?([2-9]0[1-9]|[2-9]1[02-9]|[2-9][2-9][0-9])\)?)\s*(?:[.-]\s*)?([2-9]1[02-9]|[2-9][02-9]1|[2-9][02-9]{2})\s*(?:[.-]\s*)?([0-9]{4})(?:\s*(?:#|x\.?|ext\.?|extension)\s*(\d+))?$/,
  zipcode: /^\d{5}(-\d{4})?$/,
  alpha_only: /^[a-z]+$/i,
  mrn_10d: /^\d{10}$/,
  mrn_generic: /^[a-z0-9-_]+$/i,
  vmrn: /^[0-9]{4,10}$/,
  ssn: /^\d{3}-\d\d-\d{4}$/,
  phone_australia: /^(\(0[2-8]\)|0[2-8])\s*\d{4}\s*\d{4}$/,
  phone_uk: /^((\(?0\d{4}\)?\s?\d{3}\s?\d{3})|(\(?0\d{3}\)?\s?\d{3}\s?\d{4})|(\(?0\d{2}\)?\s?\d{4}\s?\d{4}))(\s?#(\d{4}|\d{3}))?$/,
  postalcode_australia: /^\d{4}$/,
  postalcode_canada: /^[ABCEGHJKLMNPRSTVXY]\d[A-Z]\s*\d[A-Z]\d$/i,
  postalcode_germany: /^\d{5}$/,
  postalcode_uk: /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i,
  postalcode_french: /^((0?[1-9])|([1-8][0-9])|(9[0-8]))[0-9]{3}$/,
};

export function canonicalValidation(name: string): string {
  return LEGACY[name] ?? name;
}

/** Validation names the sandbox knows (all of REDCap's are "enabled"). */
export function isKnownValidation(name: string): boolean {
  const canonical = canonicalValidation(name);
  return canonical in PATTERNS || /^(date|datetime|datetime_seconds)_(ymd|mdy|dmy)$/.test(canonical);
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** A date in the import's order (`-` or `/`, padding optional) as stored YYYY-MM-DD, or undefined. */
export function toStoredDate(text: string, order: DateOrder): string | undefined {
  const parts = /^(\d{1,4})[-/](\d{1,2})[-/](\d{1,4})$/.exec(text.trim());
  if (parts === null) return undefined;
  const [a = '', b = '', c = ''] = parts.slice(1);
  const [year, month, day] = order === 'YMD' ? [a, b, c] : order === 'MDY' ? [c, a, b] : [c, b, a];
  if (year.length !== 4) return undefined;
  if (!isCalendarDay(Number(year), Number(month), Number(day))) return undefined;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** A datetime (`H:MM`, `HH:MM`, or with seconds when `seconds`) as stored, or undefined. */
export function toStoredDatetime(text: string, order: DateOrder, seconds: boolean): string | undefined {
  const match = /^(\S+)\s+(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, datePart = '', hour = '', minute = '', second] = match;
  if (Number(hour) > 23 || seconds !== (second !== undefined)) return undefined;
  const date = toStoredDate(datePart, order);
  if (date === undefined) return undefined;
  return `${date} ${hour.padStart(2, '0')}:${minute}${second === undefined ? '' : `:${second}`}`;
}

/**
 * Checks an imported value against a validation type; returns the value to store (dates
 * normalised to YYYY-MM-DD), or undefined when it does not validate.
 */
export function validateValue(validation: string, value: string, order: DateOrder): string | undefined {
  const type = canonicalValidation(validation);
  const dated = /^(date|datetime|datetime_seconds)_(ymd|mdy|dmy)$/.exec(type);
  if (dated !== null) {
    if (dated[1] === 'date') return toStoredDate(value, order);
    return toStoredDatetime(value, order, dated[1] === 'datetime_seconds');
  }
  const pattern = PATTERNS[type];
  if (pattern === undefined) return value;
  return pattern.test(value) ? value : undefined;
}
