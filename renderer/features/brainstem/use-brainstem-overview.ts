import { useCallback, useEffect, useRef, useState } from 'react';
import type { BrainstemOverview } from '../../../shared/contract/brainstem.ts';
import type { ConnectionStatus } from '../../../shared/contract/connections.ts';
import { useApi, useEvent, useReconnect } from '../../api/api-context.ts';

export interface BrainstemOverviewState {
  overview: BrainstemOverview | null;
  error: unknown;
  status: ConnectionStatus | null;
  /** Bumped whenever cached data may have changed: open tables reopen their views. */
  version: number;
  reload(): void;
}

/**
 * A BrainSTEM connection's apps and models in the current portal with what the cache holds, and
 * whether the server answers. Kept current: a sync (or a saved record) announces each dataset it
 * changed, a portal switch or sign-in changes the connection; bursts of those refresh once.
 */
export function useBrainstemOverview(connectionId: string): BrainstemOverviewState {
  const api = useApi();
  const [overview, setOverview] = useState<BrainstemOverview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [version, setVersion] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(0);

  const load = useCallback(() => {
    const request = ++latest.current;
    api.call('brainstem.overview', { connectionId }).then(
      (result) => {
        if (request !== latest.current) return;
        setOverview(result);
        setError(null);
      },
      (e: unknown) => request === latest.current && setError(e),
    );
  }, [api, connectionId]);
  useEffect(load, [load]);

  const ping = useCallback(() => {
    api.call('connections.ping', { connectionId }).then(setStatus, () => undefined);
  }, [api, connectionId]);
  useEffect(ping, [ping]);

  const reload = useCallback(() => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(() => {
      pending.current = null;
      load();
      setVersion((v) => v + 1);
    }, 120);
  }, [load]);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  useEvent('connection.status', (next) => next.connectionId === connectionId && setStatus(next));
  useEvent('dataset.changed', (change) => change.connectionId === connectionId && reload());
  // Portal switches and sign-ins change the connection summary, and with the portal every model's dataset.
  useEvent('connections.changed', reload);
  useReconnect(() => {
    reload();
    ping();
  });

  return { overview, error, status, version, reload };
}
