import type { BrainstemLink, BrainstemOverview, BrainstemRecordView, BrainstemWriteResult } from '../../../shared/contract/brainstem.ts';
import type { BrainstemPortalName, ConnectionSummary } from '../../../shared/contract/connections.ts';
import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { DatasetViews } from '../cache/dataset-views.ts';
import { brainstemModel } from '../connectors/brainstem/catalogue.ts';
import type { BrainstemClient } from '../connectors/brainstem/client.ts';
import type { EventSink } from '../events.ts';
import { cacheRecord, touchedStates, uncacheRecord, type Touched } from './cache-patch.ts';
import { brainstemOverview } from './overview.ts';
import { readObject } from './objects.ts';
import { recordView, searchLinks } from './record-view.ts';
import { changeLogEntries, createRecord, deleteRecord, notCachedMessage, runAction, updateRecord, type WriteContext } from './writes.ts';

export interface BrainstemDataDeps {
  cache: CacheDirectory;
  views: DatasetViews;
  emit: EventSink;
  /** A client for the connection's current portal (NO_TOKEN with `details.signIn` when a sign-in is needed). */
  client: (connectionId: string) => Promise<BrainstemClient>;
  portal: (connectionId: string) => BrainstemPortalName;
}

/**
 * BrainSTEM records for the UI: the overview, one record, relation search (all from the cache, so they
 * work offline), and writes through the server that patch the cache at once.
 */
export class BrainstemData {
  private readonly deps: BrainstemDataDeps;

  constructor(deps: BrainstemDataDeps) {
    this.deps = deps;
  }

  overview(connection: ConnectionSummary): BrainstemOverview {
    const portal = this.deps.portal(connection.id);
    return brainstemOverview(this.deps.cache.db(connection.id), connection, portal);
  }

  /** From the cache, or (with `refresh`) from the server with the model's default includes, updating the cache. */
  async record(connectionId: string, modelName: string, id: string, refresh: boolean): Promise<BrainstemRecordView> {
    const model = brainstemModel(modelName).name;
    // The portal first: it checks the connection exists before a cache file is opened for it.
    const portal = this.deps.portal(connectionId);
    const db = this.deps.cache.db(connectionId);
    if (!refresh) {
      const stored = readObject(db, portal, model, id);
      if (!stored) throw new AppError('NOT_FOUND', notCachedMessage(model));
      return recordView(db, portal, model, stored.record, stored.label, 'cache', stored.syncedAt);
    }
    const client = await this.deps.client(connectionId);
    const touched: Touched = new Set();
    try {
      const raw = await client.get(model, id, { include: brainstemModel(model).defaultIncludes });
      const cached = cacheRecord(db, portal, model, raw, touched);
      return recordView(db, portal, model, cached.record, cached.label, 'server', new Date().toISOString(), cached.lookup);
    } catch (error) {
      // Gone on the server (or no longer visible): it goes from the cache too.
      if (isAppError(error) && error.code === 'NOT_FOUND') uncacheRecord(db, portal, model, id, touched);
      throw error;
    } finally {
      this.changed(connectionId, touched);
    }
  }

  search(connectionId: string, modelName: string, text: string, limit: number): BrainstemLink[] {
    const model = brainstemModel(modelName).name;
    const portal = this.deps.portal(connectionId);
    return searchLinks(this.deps.cache.db(connectionId), portal, model, text, limit);
  }

  create(connectionId: string, model: string, values: Record<string, unknown>): Promise<BrainstemWriteResult> {
    return this.write(connectionId, (context) => createRecord(context, model, values));
  }

  update(connectionId: string, model: string, id: string, values: Record<string, unknown>, replace: boolean): Promise<BrainstemWriteResult> {
    return this.write(connectionId, (context) => updateRecord(context, model, id, values, replace));
  }

  delete(connectionId: string, model: string, id: string): Promise<{ deleted: boolean }> {
    return this.write(connectionId, (context) => deleteRecord(context, model, id));
  }

  logEntry(connectionId: string, model: string, id: string, change: 'add' | 'change' | 'remove', entry: Record<string, unknown>): Promise<BrainstemWriteResult> {
    return this.write(connectionId, (context) => changeLogEntries(context, model, id, change, entry));
  }

  action(connectionId: string, model: string, id: string, action: string): Promise<{ done: boolean }> {
    return this.write(connectionId, (context) => runAction(context, model, id, action));
  }

  private async write<T>(connectionId: string, run: (context: WriteContext) => Promise<T>): Promise<T> {
    const portal = this.deps.portal(connectionId);
    if (portal !== 'private') {
      throw new AppError('VALIDATION', 'Changes to BrainSTEM go through the private portal. Switch this connection to the private portal (signed in) to change records.');
    }
    const client = await this.deps.client(connectionId);
    const context: WriteContext = { client, db: this.deps.cache.db(connectionId), portal, touched: new Set() };
    try {
      return await run(context);
    } finally {
      this.changed(connectionId, context.touched);
    }
  }

  /** Open views over changed tables are dropped and the UI is told, so the grid shows the change at once. */
  private changed(connectionId: string, touched: Touched): void {
    if (touched.size === 0) return;
    const db = this.deps.cache.db(connectionId);
    for (const state of touchedStates(db, touched)) {
      this.deps.views.invalidate(connectionId, state.dataset);
      this.deps.emit('dataset.changed', { connectionId, ...state });
    }
  }
}
