import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

/** Brim results into a REDCap project through the import plan. */
export function brimRedcapHandlers(_s: Services): Pick<Handlers, never> {
  return {};
}
