// The rows REDCap exports as JSON (records and reports), checked value by value.

import { z } from 'zod';
import { checkedRowsSchema } from '../schemas.ts';

/**
 * A flat row: one key per export column. Every value is text, except `redcap_repeat_instance`, which
 * REDCap writes as a number, or "" on a row that is not a repeat instance (reference §1.5).
 */
export type FlatRow = Record<string, string | number>;

/** Why a value of a flat row is not what REDCap sends, or null when it is. */
function flatValueIssue(key: string, value: unknown): string | null {
  if (key === 'redcap_repeat_instance') {
    return value === '' || (typeof value === 'number' && Number.isInteger(value) && value > 0) ? null : 'expected an instance number or ""';
  }
  return typeof value === 'string' ? null : 'expected text';
}

/** Every row of a records or report export, checked value by value. */
export const flatRowsSchema = checkedRowsSchema(flatValueIssue);

/**
 * An EAV row: one value of one field. The reference documents the key names but not the JSON type of
 * `redcap_repeat_instance` here; it is taken as number or text, like flat rows' and CSV's.
 */
export const eavRowSchema = z.looseObject({
  record: z.union([z.string(), z.number()]).transform(String),
  redcap_event_name: z.string().optional(),
  redcap_repeat_instrument: z.string().optional(),
  redcap_repeat_instance: z.union([z.number(), z.string()]).optional(),
  field_name: z.string().min(1),
  value: z.string(),
});
export type EavRow = z.infer<typeof eavRowSchema>;
export const eavRowsSchema = z.array(eavRowSchema);
