import { useCallback } from 'react';
import type { BrainstemOverview } from '../../../shared/contract/brainstem.ts';
import type { ConnectionStatus } from '../../../shared/contract/connections.ts';
import { useEvent } from '../../api/api-context.ts';
import { useServiceOverview } from '../../api/use-service-overview.ts';

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
  const { overview, error, status, version, reload } = useServiceOverview('brainstem.overview', connectionId);
  // Any change may concern a model's dataset (a portal switch changes them all): tables reopen too.
  const reloadAll = useCallback(() => reload(true), [reload]);
  useEvent('dataset.changed', (change) => change.connectionId === connectionId && reloadAll());
  // Portal switches and sign-ins change the connection summary, and with the portal every model's dataset.
  useEvent('connections.changed', reloadAll);
  return { overview, error, status, version, reload: reloadAll };
}
