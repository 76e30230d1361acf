import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

export function connectionHandlers(
  s: Services,
): Pick<Handlers, 'connections.list' | 'connections.test' | 'connections.add' | 'connections.update' | 'connections.remove' | 'connections.ping'> {
  return {
    'connections.list': () => s.connections.list(),
    'connections.test': (draft) => s.connections.test(draft),
    'connections.add': (draft) => s.connections.add(draft),
    'connections.update': (change) => s.connections.update(change),
    'connections.remove': async ({ connectionId }) => {
      for (const job of s.jobs.list()) if (job.connectionId === connectionId && job.state === 'running') s.jobs.cancel(job.id);
      s.views.dropOwner(connectionId);
      return { removed: await s.connections.remove(connectionId) };
    },
    'connections.ping': ({ connectionId }) => s.connections.ping(connectionId),
  };
}
