import { z } from 'zod';
import { emptyInput, idSchema } from './common.ts';

/** What clearing freed: the cache files deleted (database, its WAL and shared-memory files). */
export const cacheClearedSchema = z.object({
  /** Connections whose cache was cleared (0 when there was nothing to clear). */
  connections: z.number().int().nonnegative(),
  bytesFreed: z.number().int().nonnegative(),
});
export type CacheCleared = z.infer<typeof cacheClearedSchema>;

/**
 * The offline cache on this computer. Clearing deletes the synced data (records, metadata, Brim task
 * history, import journals of finished imports); the next sync downloads it again. Refused while a job of
 * the connection runs, or while an interrupted import still needs its journal.
 */
export const cacheMethods = {
  'cache.clear': {
    input: z.object({ connectionId: idSchema }),
    output: cacheClearedSchema,
    summary: "Delete one connection's offline cache; the next sync downloads it again.",
  },
  'cache.clearAll': {
    input: emptyInput,
    output: cacheClearedSchema,
    summary: "Delete every connection's offline cache.",
  },
} as const;
