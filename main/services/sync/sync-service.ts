import type { DatasetName } from '../../../shared/contract/datasets.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { DatasetViews } from '../cache/dataset-views.ts';
import { toRemoteProject, type ConnectionService } from '../connections/connection-service.ts';
import { syncRedcapRecords } from '../connectors/redcap/sync-records.ts';
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
  };

  constructor(deps: SyncService['deps']) {
    this.deps = deps;
  }

  start(connectionId: string, dataset: DatasetName = 'records'): Job {
    const { connections, cache, views, jobs, settings, emit } = this.deps;
    const connection = connections.get(connectionId);
    const running = jobs.running('sync', connectionId);
    if (running) return running;
    return jobs.start(
      { kind: 'sync', title: `Sync ${connection.name}`, connectionId, unit: 'records' },
      async (context) => {
        const client = await connections.redcapClient(connectionId);
        const result = await syncRedcapRecords({
          client,
          db: cache.db(connectionId),
          batchSize: settings.preferences().redcapBatchSize,
          context,
        });
        views.invalidate(connectionId, dataset);
        connections.noteProject(connectionId, toRemoteProject(result.project), result.serverVersion);
        emit('dataset.changed', { connectionId, dataset, rowCount: result.rows, lastSyncedAt: result.syncedAt });
        return { kind: 'sync', records: result.records, rows: result.rows, columns: result.columns };
      },
    );
  }
}
