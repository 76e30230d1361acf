import type { Job } from '../../../shared/contract/jobs.ts';
import { runBrainstemSync } from '../brainstem/sync-job.ts';
import { modelsToSync } from '../brainstem/sync.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { DatasetViews } from '../cache/dataset-views.ts';
import { toRemoteProject, type ConnectionService } from '../connections/connection-service.ts';
import type { RedcapClient } from '../connectors/redcap/client.ts';
import { syncRedcapProject } from '../connectors/redcap/sync-project.ts';
import type { RedcapSyncSource } from '../connectors/redcap/sync-source.ts';
import type { EventSink } from '../events.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { Settings } from '../settings/settings.ts';

/** Starts sync jobs: one per connection at a time; a second request joins the running one. */
export class SyncService {
  private readonly deps: {
    connections: ConnectionService;
    cache: CacheDirectory;
    views: DatasetViews;
    jobs: JobRunner;
    settings: Settings;
    emit: EventSink;
    source: (client: RedcapClient) => RedcapSyncSource;
  };

  constructor(deps: SyncService['deps']) {
    this.deps = deps;
  }

  /** `models`: BrainSTEM only, the models to sync (default: every model the connection's portal offers). */
  start(connectionId: string, mode: 'auto' | 'full' = 'auto', models?: readonly string[]): Job {
    const { connections, cache, views, jobs, settings, emit } = this.deps;
    const connection = connections.get(connectionId);
    const running = jobs.running('sync', connectionId);
    if (running) return running;
    if (connection.kind === 'brainstem') {
      // Unknown model names are refused now, not as a failed job.
      modelsToSync(connections.brainstemPortal(connectionId), models);
      const deps = { cache, views, emit, client: (id: string) => connections.brainstemClient(id), portal: (id: string) => connections.brainstemPortal(id) };
      return jobs.start({ kind: 'sync', title: `Sync ${connection.name}`, connectionId, unit: 'records' }, (context) => runBrainstemSync(deps, connectionId, models, context));
    }
    return jobs.start({ kind: 'sync', title: `Sync ${connection.name}`, connectionId, unit: 'records' }, async (context) => {
      const client = await connections.redcapClient(connectionId);
      const db = cache.db(connectionId);
      const result = await syncRedcapProject({
        source: this.deps.source(client),
        db,
        context,
        mode,
        batchSize: settings.preferences().redcapBatchSize,
        reports: connections.get(connectionId).reports,
      });
      // Every view over this connection's datasets may show rows that changed.
      views.dropOwner(connectionId);
      connections.noteProject(connectionId, toRemoteProject(result.structure.project), result.structure.version);
      for (const state of views.allStates(db)) {
        emit('dataset.changed', { connectionId, dataset: state.name, rowCount: state.rowCount, lastSyncedAt: state.lastSyncedAt });
      }
      const records = result.records;
      return {
        kind: 'sync',
        mode: records.kind,
        records: records.records,
        rows: records.rows,
        columns: records.columns,
        fetched: records.fetched,
        deleted: records.deleted,
        skipped: result.skipped.map(({ name, note }) => ({ name, note })),
      };
    });
  }
}
