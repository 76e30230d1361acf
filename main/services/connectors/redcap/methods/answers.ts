// What REDCap's write methods answer, shared by every area: a count of what they changed.

import { z } from 'zod';
import type { RedcapApi, RedcapParams } from '../api.ts';

/** Every area function takes these, so any call can be cancelled. */
export interface SignalOption {
  signal?: AbortSignal | undefined;
}

/**
 * A JSON write answers with a bare number (`3`); with CSV the same number arrives as text, and a few
 * methods have been seen to quote it in JSON too (`"1"` for a DAG import), so both spellings count.
 */
export const countSchema = z.union([
  z.number().int().nonnegative(),
  z.string().trim().regex(/^\d+$/, 'a count of changed items').transform(Number),
]);

/** Text in REDCap JSON that is sometimes sent as a number (IDs, codes). */
export const textOrNumber = z.union([z.string(), z.number()]).transform((value) => String(value));

/** A write that answers with how many items it changed. */
export function sendCountingWrite(api: RedcapApi, params: RedcapParams, what: string, options: SignalOption & { idempotent?: boolean }): Promise<number> {
  return api.json({ format: 'json', ...params }, countSchema, what, { signal: options.signal, idempotent: options.idempotent ?? false });
}
