import { createContext, useContext, useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../shared/contract/index.ts';
import type { ApiClient } from './client.ts';
import { reconnectedEvent } from './transport.ts';

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}

/** Subscribes to a main-process event for the lifetime of the component; the latest handler is used. */
export function useEvent<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): void {
  const api = useApi();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [api, event]);
}

/** Runs after the web shell's event stream came back (events may have been missed meanwhile). */
export function useReconnect(handler: () => void): void {
  const api = useApi();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => api.transport.subscribe((name) => name === reconnectedEvent && latest.current()), [api]);
}
