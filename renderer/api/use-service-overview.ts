import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionStatus } from '../../shared/contract/connections.ts';
import type { MethodOutput } from '../../shared/contract/index.ts';
import { useApi, useEvent, useReconnect } from './api-context.ts';

type OverviewMethod = 'brainstem.overview' | 'brim.overview';

export interface ServiceOverviewState<M extends OverviewMethod> {
  overview: MethodOutput<M> | null;
  error: unknown;
  status: ConnectionStatus | null;
  /** Bumped whenever cached data may have changed: open tables reopen their views. */
  version: number;
  /** Reads the overview again soon; `datasets` also bumps `version`. Bursts of calls refresh once. */
  reload(datasets: boolean): void;
  ping(): void;
}

/** How long a burst of events may last before the overview is read again. */
const settleMs = 150;

/**
 * A BrainSTEM or Brim connection's overview, kept current: the latest answer wins, the server's
 * reachability is asked once and then followed through `connection.status`, and a reconnect of the
 * transport reads both again. The screens' own hooks add the events that mean "reload".
 */
export function useServiceOverview<M extends OverviewMethod>(method: M, connectionId: string): ServiceOverviewState<M> {
  const api = useApi();
  const [overview, setOverview] = useState<MethodOutput<M> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [version, setVersion] = useState(0);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; datasets: boolean } | null>(null);
  const latest = useRef(0);

  const load = useCallback(() => {
    const request = ++latest.current;
    // Both overview methods take { connectionId }; TypeScript cannot see that through the generic name.
    const read = api.call.bind(api) as (name: M, input: { connectionId: string }) => Promise<MethodOutput<M>>;
    read(method, { connectionId }).then(
      (result) => {
        if (request !== latest.current) return;
        setOverview(result);
        setError(null);
      },
      (e: unknown) => request === latest.current && setError(e),
    );
  }, [api, method, connectionId]);
  useEffect(load, [load]);

  const ping = useCallback(() => {
    api.call('connections.ping', { connectionId }).then(setStatus, () => undefined);
  }, [api, connectionId]);
  useEffect(ping, [ping]);

  const reload = useCallback(
    (datasets: boolean) => {
      const wasDatasets = pending.current?.datasets ?? false;
      if (pending.current) clearTimeout(pending.current.timer);
      const timer = setTimeout(() => {
        const bump = pending.current?.datasets ?? false;
        pending.current = null;
        load();
        if (bump) setVersion((v) => v + 1);
      }, settleMs);
      pending.current = { timer, datasets: datasets || wasDatasets };
    },
    [load],
  );
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current.timer);
    },
    [],
  );

  useEvent('connection.status', (next) => next.connectionId === connectionId && setStatus(next));
  useReconnect(() => {
    reload(true);
    ping();
  });

  return { overview, error, status, version, reload, ping };
}
