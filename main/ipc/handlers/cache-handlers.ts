import { CacheClearing } from '../../services/cache/cache-clear.ts';
import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

/** "Clear cache" for one connection and for all; the connection cards then show "Not synced yet". */
export function cacheHandlers(s: Services): Pick<Handlers, 'cache.clear' | 'cache.clearAll'> {
  const clearing = new CacheClearing({ cache: s.cache, views: s.views, jobs: s.jobs, connections: () => s.settings.connections(), log: s.log });
  const changed = (): void => s.emit('connections.changed', { at: new Date().toISOString() });
  return {
    'cache.clear': async ({ connectionId }) => {
      const cleared = clearing.clear(connectionId);
      changed();
      return cleared;
    },
    'cache.clearAll': async () => {
      const cleared = clearing.clearAll();
      changed();
      return cleared;
    },
  };
}
