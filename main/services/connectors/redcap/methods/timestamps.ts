// REDCap reads time filters in its own server-local formats; a wrong one is silently ignored or
// refused with a vague message, so they are checked before anything is sent.

import { AppError } from '../../../../../shared/contract/errors.ts';

const patterns = {
  seconds: { regex: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/, example: '2024-03-01 14:30:00' },
  minutes: { regex: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d$/, example: '2024-03-01 14:30' },
} as const;

/**
 * Returns `value` when it is a `YYYY-MM-DD HH:MM:SS` (records' dateRangeBegin/End) or `YYYY-MM-DD HH:MM`
 * (logging's beginTime/endTime) time in the REDCap server's clock; throws VALIDATION otherwise.
 */
export function redcapTime(value: string | undefined, precision: keyof typeof patterns, name: string): string | undefined {
  if (value === undefined) return undefined;
  const { regex, example } = patterns[precision];
  if (!regex.test(value)) {
    throw new AppError('VALIDATION', `${name} must be a time like ${example} (the REDCap server's local time).`);
  }
  return value;
}
