import { useCallback, useEffect, useRef, useState } from 'react';
import type { BrimOverview } from '../../../shared/contract/brim.ts';
import type { ConnectionStatus } from '../../../shared/contract/connections.ts';
import { useApi, useEvent, useReconnect } from '../../api/api-context.ts';

export interface BrimOverviewState {
  overview: BrimOverview | null;
  error: unknown;
  status: ConnectionStatus | null;
  /** Bumped whenever cached result tables may have changed: open tables reopen their views. */
  version: number;
  reload(): void;
  ping(): void;
}

/**
 * A Brim connection's project, task history and cached result tables, and whether the server answers.
 * Kept current by events: a job of this connection that changes state (an upload that turned into a
 * generation, a task that finished) changes the history; a fetched export changes a dataset. Bursts of
 * events refresh once.
 */
export function useBrimOverview(connectionId: string): BrimOverviewState {
  const api = useApi();
  const [overview, setOverview] = useState<BrimOverview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [version, setVersion] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(0);
  // What each job last said that matters to the history: byte counts during an upload do not.
  const seenJobs = useRef(new Map<string, string>());

  const load = useCallback(() => {
    const request = ++latest.current;
    api.call('brim.overview', { connectionId }).then(
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

  const reload = useCallback(
    (datasets = false) => {
      if (datasets) setVersion((v) => v + 1);
      if (pending.current) clearTimeout(pending.current);
      pending.current = setTimeout(() => {
        pending.current = null;
        load();
      }, 150);
    },
    [load],
  );
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  useEvent('connection.status', (next) => next.connectionId === connectionId && setStatus(next));
  useEvent('dataset.changed', (change) => change.connectionId === connectionId && reload(true));
  // Capabilities found missing (a 404 on an inferred endpoint) arrive as a changed connection.
  useEvent('connections.changed', () => reload());
  useEvent('job.updated', (job) => {
    if (job.connectionId !== connectionId) return;
    const key = `${job.state}|${job.progress.unit === 'bytes' ? '' : job.message}`;
    if (seenJobs.current.get(job.id) === key) return;
    seenJobs.current.set(job.id, key);
    reload(job.kind === 'results' && job.state === 'succeeded');
  });
  useReconnect(() => {
    reload(true);
    ping();
  });

  const reloadAll = useCallback(() => reload(true), [reload]);
  return { overview, error, status, version, reload: reloadAll, ping };
}
