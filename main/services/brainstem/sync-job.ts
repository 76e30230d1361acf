import type { JobResult } from '../../../shared/contract/jobs.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { DatasetViews } from '../cache/dataset-views.ts';
import type { BrainstemClient } from '../connectors/brainstem/client.ts';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import type { EventSink } from '../events.ts';
import type { JobContext } from '../jobs/job-runner.ts';
import { syncBrainstemPortal } from './sync.ts';

export interface BrainstemSyncDeps {
  cache: CacheDirectory;
  views: DatasetViews;
  emit: EventSink;
  client: (connectionId: string) => Promise<BrainstemClient>;
  portal: (connectionId: string) => BrainstemPortalName;
}

/**
 * The body of a BrainSTEM sync job: the connection's current portal into its cache, then every open view
 * over a changed dataset is dropped and the UI is told which datasets changed. The result uses the sync
 * result shape REDCap syncs use; `skipped` lists the models that could not be read, with why.
 */
export async function runBrainstemSync(deps: BrainstemSyncDeps, connectionId: string, models: readonly string[] | undefined, context: JobContext): Promise<JobResult> {
  const portal = deps.portal(connectionId);
  const client = await deps.client(connectionId);
  const db = deps.cache.db(connectionId);
  try {
    const result = await syncBrainstemPortal({ client, db, portal, models, context });
    return {
      kind: 'sync',
      mode: 'full',
      records: result.records,
      rows: result.records,
      columns: result.columns,
      fetched: result.fetched,
      deleted: result.deleted,
      skipped: result.outcomes.filter((outcome) => outcome.availability !== 'ok').map((outcome) => ({ name: outcome.dataset, note: outcome.note ?? '' })),
    };
  } finally {
    // Also after a failed sync: the models read before it stopped were written.
    for (const state of deps.views.allStates(db)) {
      if (!state.name.startsWith(`bs_${portal}_`)) continue;
      deps.views.invalidate(connectionId, state.name);
      deps.emit('dataset.changed', { connectionId, dataset: state.name, rowCount: state.rowCount, lastSyncedAt: state.lastSyncedAt });
    }
  }
}
