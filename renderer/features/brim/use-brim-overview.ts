import { useCallback, useRef } from 'react';
import type { BrimOverview } from '../../../shared/contract/brim.ts';
import type { ConnectionStatus } from '../../../shared/contract/connections.ts';
import { useEvent } from '../../api/api-context.ts';
import { useServiceOverview } from '../../api/use-service-overview.ts';

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
  const { overview, error, status, version, reload, ping } = useServiceOverview('brim.overview', connectionId);
  // What each job last said that matters to the history: byte counts during an upload do not.
  const seenJobs = useRef(new Map<string, string>());

  useEvent('dataset.changed', (change) => change.connectionId === connectionId && reload(true));
  // Capabilities found missing (a 404 on an inferred endpoint) arrive as a changed connection.
  useEvent('connections.changed', () => reload(false));
  useEvent('job.updated', (job) => {
    if (job.connectionId !== connectionId) return;
    const key = `${job.state}|${job.progress.unit === 'bytes' ? '' : job.message}`;
    if (seenJobs.current.get(job.id) === key) return;
    seenJobs.current.set(job.id, key);
    reload(job.kind === 'results' && job.state === 'succeeded');
  });

  const reloadAll = useCallback(() => reload(true), [reload]);
  return { overview, error, status, version, reload: reloadAll, ping };
}
