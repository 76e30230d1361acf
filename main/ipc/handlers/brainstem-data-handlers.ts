import { BrainstemData } from '../../services/brainstem/data-service.ts';
import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

/** BrainSTEM records: overview, record view, relation search and writes (sign-in lives in brainstem-auth-handlers). */
export function brainstemDataHandlers(
  s: Services,
): Pick<Handlers, 'brainstem.overview' | 'brainstem.record' | 'brainstem.search' | 'brainstem.create' | 'brainstem.update' | 'brainstem.delete' | 'brainstem.logEntry' | 'brainstem.action'> {
  const data = new BrainstemData({
    cache: s.cache,
    views: s.views,
    emit: s.emit,
    client: (connectionId) => s.connections.brainstemClient(connectionId),
    portal: (connectionId) => s.connections.brainstemPortal(connectionId),
  });
  return {
    'brainstem.overview': async ({ connectionId }) => data.overview(await s.connections.summary(s.connections.getBrainstem(connectionId))),
    'brainstem.record': ({ connectionId, model, id, refresh }) => data.record(connectionId, model, id, refresh),
    'brainstem.search': async ({ connectionId, model, text, limit }) => data.search(connectionId, model, text, limit),
    'brainstem.create': ({ connectionId, model, values }) => data.create(connectionId, model, values),
    'brainstem.update': ({ connectionId, model, id, values, replace }) => data.update(connectionId, model, id, values, replace),
    'brainstem.delete': ({ connectionId, model, id }) => data.delete(connectionId, model, id),
    'brainstem.logEntry': ({ connectionId, model, id, change, entry }) => data.logEntry(connectionId, model, id, change, entry),
    'brainstem.action': ({ connectionId, model, id, action }) => data.action(connectionId, model, id, action),
  };
}
