import type { Job } from '../../../shared/contract/jobs.ts';
import { runBrainstemSync } from '../brainstem/sync-job.ts';
import { modelsToSync } from '../brainstem/sync.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { DatasetViews } from '../cache/dataset-views.ts';
import { fillDeferredSearch } from '../cache/search-fill.ts';
import { toRemoteProject, type ConnectionService } from '../connections/connection-service.ts';
import type { RedcapClient } from '../connectors/redcap/client.ts';
import { syncRedcapProject } from '../connectors/redcap/sync-project.ts';
import type { RedcapSyncSource } from '../connectors/redcap/sync-source.ts';
import type { RecordRowsTap } from '../connectors/redcap/sync-records.ts';
import type { EventSink } from '../events.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { Settings } from '../settings/settings.ts';
import { clearSyncMark, interruptedSyncSince, markSyncRunning } from './sync-marker.ts';

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
    /** The command line never uses the filter box: its syncs leave the search text to be folded when read. */
    deferSearch?: boolean;
  };

  private startupNotice: string | null = null;

  constructor(deps: SyncService['deps']) {
    this.deps = deps;
  }

  /**
   * At startup: syncs that were running when Carrel was killed (their mark is still in the cache). The
   * cache holds the copy from before each of them; the first window is told once, then the marks go.
   */
  findInterrupted(): void {
    const names: string[] = [];
    for (const connection of this.deps.settings.connections().filter((c) => c.kind === 'redcap' || c.kind === 'brainstem')) {
      if (!this.deps.cache.has(connection.id)) continue;
      const db = this.deps.cache.db(connection.id);
      if (interruptedSyncSince(db) === null) continue;
      names.push(connection.name);
      clearSyncMark(db);
    }
    if (names.length === 0) return;
    this.startupNotice = names.length === 1
      ? `The last sync of ${names[0]} was interrupted when Carrel closed; the cached copy is the one from before it. Sync again to bring it up to date.`
      : `The last syncs of ${names.join(', ')} were interrupted when Carrel closed; their cached copies are from before. Sync them again to bring them up to date.`;
  }

  /** Emits the startup notice once, when the first window is listening. */
  deliverStartupNotice(): void {
    if (this.startupNotice === null) return;
    const message = this.startupNotice;
    this.startupNotice = null;
    this.deps.emit('app.notice', { level: 'warning', message });
  }

  /**
   * `models`: BrainSTEM only, the models to sync (default: every model the connection's portal offers).
   * `onRecordRows`: REDCap only, told the rows of a full records sync as they are written; not told
   * anything when this joins a sync already running, or when the sync is incremental.
   */
  start(connectionId: string, mode: 'auto' | 'full' = 'auto', models?: readonly string[], options: { onRecordRows?: RecordRowsTap } = {}): Job {
    const { connections, cache, views, jobs, settings, emit } = this.deps;
    const connection = connections.get(connectionId);
    const running = jobs.running('sync', connectionId);
    if (running) return running;
    // Marked before the job starts and cleared when it ends: a mark found at startup is a sync a crash cut off.
    const untilDone = async <T>(body: () => Promise<T>): Promise<T> => {
      try {
        return await body();
      } finally {
        // A connection removed meanwhile has no cache to clear (and must not get a new one).
        if (cache.has(connectionId)) clearSyncMark(cache.db(connectionId));
      }
    };
    if (connection.kind === 'brainstem') {
      // Unknown model names are refused now, not as a failed job.
      modelsToSync(connections.brainstemPortal(connectionId), models);
      const deps = { cache, views, emit, client: (id: string) => connections.brainstemClient(id), portal: (id: string) => connections.brainstemPortal(id) };
      markSyncRunning(cache.db(connectionId));
      return jobs.start({ kind: 'sync', title: `Sync ${connection.name}`, connectionId, unit: 'records' }, (context) => untilDone(() => runBrainstemSync(deps, connectionId, models, context)));
    }
    markSyncRunning(cache.db(connectionId));
    return jobs.start({ kind: 'sync', title: `Sync ${connection.name}`, connectionId, unit: 'records' }, (context) => untilDone(async () => {
      const client = await connections.redcapClient(connectionId);
      const db = cache.db(connectionId);
      const result = await syncRedcapProject({
        source: this.deps.source(client),
        db,
        context,
        mode,
        batchSize: settings.preferences().redcapBatchSize,
        reports: connections.get(connectionId).reports,
        ...(this.deps.deferSearch ? { deferSearch: true } : {}),
        ...(options.onRecordRows ? { onRecordRows: options.onRecordRows } : {}),
      });
      // Records the command line synced without their search text get it now, once.
      if (!this.deps.deferSearch) {
        context.progress(result.records.fetched, result.records.fetched, 'Preparing the records for the filter box…');
        fillDeferredSearch(db, 'records', { throwIfCancelled: () => context.throwIfCancelled() });
      }
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
    }));
  }
}
