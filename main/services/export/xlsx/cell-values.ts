import type { ExportCellKind } from '../export-types.ts';

// Which cache strings become typed Excel cells. A value becomes a number or a date only when Excel will
// give back exactly what the cache holds; anything else stays text, so no ID, code or odd value is ever
// changed by the spreadsheet (leading zeros, long digit strings, 1900-era dates Excel gets wrong).

/** cellXfs indexes in styles.xml (package-parts.ts writes them in this order). */
export const styleIds = { header: 1, date: 2, dateTimeMinutes: 3, dateTimeSeconds: 4, timeMinutes: 5, timeSeconds: 6 } as const;

/** A numeric cell: the `<v>` text and its style (0 = General). */
export interface TypedValue {
  v: string;
  s: number;
}

const plainNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const dateText = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTimeText = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
const timeText = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
/** Excel's 1900 date system counts from 1899-12-30 for every day from 1900-03-01 on. */
const epoch = Date.UTC(1899, 11, 30);
const firstFaithfulSerial = 61;
const dayMs = 86_400_000;
/** Excel keeps 15 significant digits; more would come back changed. */
const maxDigits = 15;

export function numberValue(value: string): TypedValue | null {
  if (!plainNumber.test(value)) return null;
  const [whole = '', fraction = ''] = (value.startsWith('-') ? value.slice(1) : value).split('.');
  const significant = (whole + fraction.replace(/0+$/, '')).replace(/^0+/, '');
  if (significant.length > maxDigits) return null;
  return { v: value === '-0' ? '0' : value, s: 0 };
}

function daySerial(year: string, month: string, day: string): number | null {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const time = Date.UTC(y, m - 1, d);
  const back = new Date(time);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  const serial = (time - epoch) / dayMs;
  return serial >= firstFaithfulSerial ? serial : null;
}

function secondsOfDay(hours: string, minutes: string, seconds: string | undefined): number | null {
  const h = Number(hours);
  const m = Number(minutes);
  const s = seconds === undefined ? 0 : Number(seconds);
  return h < 24 && m < 60 && s < 60 ? h * 3600 + m * 60 + s : null;
}

export function dateValue(value: string): TypedValue | null {
  const match = dateText.exec(value);
  const serial = match ? daySerial(match[1]!, match[2]!, match[3]!) : null;
  return serial === null ? null : { v: String(serial), s: styleIds.date };
}

export function dateTimeValue(value: string): TypedValue | null {
  const match = dateTimeText.exec(value);
  if (!match) return null;
  const serial = daySerial(match[1]!, match[2]!, match[3]!);
  const seconds = secondsOfDay(match[4]!, match[5]!, match[6]);
  if (serial === null || seconds === null) return null;
  return { v: String(serial + seconds / 86_400), s: match[6] === undefined ? styleIds.dateTimeMinutes : styleIds.dateTimeSeconds };
}

export function timeValue(value: string): TypedValue | null {
  const match = timeText.exec(value);
  const seconds = match ? secondsOfDay(match[1]!, match[2]!, match[3]) : null;
  if (seconds === null) return null;
  return { v: String(seconds / 86_400), s: match![3] === undefined ? styleIds.timeMinutes : styleIds.timeSeconds };
}

const never = (): null => null;

/** The typing rule for a column: text and id columns are never typed. */
export function typerFor(kind: ExportCellKind): (value: string) => TypedValue | null {
  switch (kind) {
    case 'integer':
    case 'number':
      return numberValue;
    case 'date':
      return dateValue;
    case 'datetime':
      return dateTimeValue;
    case 'time':
      return timeValue;
    case 'id':
    case 'text':
      return never;
  }
}
