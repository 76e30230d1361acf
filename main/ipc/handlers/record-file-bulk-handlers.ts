import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

/** Many files into one file field of many records. */
export function recordFileBulkHandlers(_s: Services): Pick<Handlers, never> {
  return {};
}
