import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionStatus } from '../../../shared/contract/connections.ts';
import type { ProjectOverview } from '../../../shared/contract/datasets.ts';
import { useApi, useEvent, useReconnect } from '../../api/api-context.ts';

export interface ProjectState {
  overview: ProjectOverview | null;
  overviewError: unknown;
  status: ConnectionStatus | null;
  /** Bumped whenever cached data may have changed: open views reopen, read-once tables reread. */
  version: number;
  reload(): void;
}

/**
 * A connection's overview (datasets, presets, sync times) and online state, kept current: a sync
 * announces each dataset it replaced, and those announcements are coalesced into one refresh.
 */
export function useProject(connectionId: string): ProjectState {
  const api = useApi();
  const [overview, setOverview] = useState<ProjectOverview | null>(null);
  const [overviewError, setOverviewError] = useState<unknown>(null);
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [version, setVersion] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const loadOverview = useCallback(() => {
    api.call('project.overview', { connectionId }).then(
      (result) => {
        setOverview(result);
        setOverviewError(null);
      },
      setOverviewError,
    );
  }, [api, connectionId]);
  useEffect(loadOverview, [loadOverview]);
  useEffect(() => {
    api.call('connections.ping', { connectionId }).then(setStatus, () => undefined);
  }, [api, connectionId]);

  const reload = useCallback(() => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(() => {
      pending.current = null;
      loadOverview();
      setVersion((v) => v + 1);
    }, 120);
  }, [loadOverview]);
  useEffect(() => () => {
    if (pending.current) clearTimeout(pending.current);
  }, []);

  useEvent('connection.status', (next) => next.connectionId === connectionId && setStatus(next));
  useEvent('dataset.changed', (change) => change.connectionId === connectionId && reload());
  useReconnect(reload);

  return { overview, overviewError, status, version, reload };
}
