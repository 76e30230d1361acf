// The rows REDCap exports as JSON (records and reports), checked value by value.

import { z } from 'zod';

/**
 * A flat row: one key per export column. Every value is text, except `redcap_repeat_instance`, which
 * REDCap writes as a number, or "" on a row that is not a repeat instance (reference §1.5).
 */
export type FlatRow = Record<string, string | number>;

export const flatRowSchema = z.record(z.string(), z.union([z.string(), z.number()])).superRefine((row, context) => {
  for (const [key, value] of Object.entries(row)) {
    if (key === 'redcap_repeat_instance') {
      if (value !== '' && !(typeof value === 'number' && Number.isInteger(value) && value > 0)) {
        context.addIssue({ code: 'custom', path: [key], message: 'expected an instance number or ""' });
      }
    } else if (typeof value !== 'string') {
      context.addIssue({ code: 'custom', path: [key], message: 'expected text' });
    }
  }
});
export const flatRowsSchema = z.array(flatRowSchema);

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
