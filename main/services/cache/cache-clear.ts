import { AppError } from '../../../shared/contract/errors.ts';
import type { CacheCleared } from '../../../shared/contract/cache.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import { unfinishedImports } from '../imports/import-journal.ts';
import type { Logger } from '../log/logger.ts';
import type { CacheDirectory } from './cache-db.ts';
import type { DatasetViews } from './dataset-views.ts';

export interface CacheClearDeps {
  cache: CacheDirectory;
  views: DatasetViews;
  jobs: { list(): Job[] };
  connections: () => ReadonlyArray<{ id: string; name: string }>;
  log: Logger;
}

/**
 * "Clear cache": deletes a connection's offline copy (database, WAL and shared-memory files) so that
 * nothing of its records stays on this computer until the next sync. Refused while a job of the
 * connection runs (it holds the database open) and while an interrupted import still needs its journal
 * to be resumed or undone.
 */
export class CacheClearing {
  private readonly deps: CacheClearDeps;

  constructor(deps: CacheClearDeps) {
    this.deps = deps;
  }

  clear(connectionId: string): CacheCleared {
    const connection = this.deps.connections().find((c) => c.id === connectionId);
    if (!connection) throw new AppError('NOT_FOUND', 'This connection does not exist any more. It may have been removed in another window.');
    this.refuseIfBusy([connection]);
    return this.clearUnchecked([connection]);
  }

  clearAll(): CacheCleared {
    const connections = this.deps.connections();
    this.refuseIfBusy(connections);
    return this.clearUnchecked(connections);
  }

  private refuseIfBusy(connections: ReadonlyArray<{ id: string; name: string }>): void {
    const running = this.deps.jobs.list().filter((job) => job.state === 'running');
    for (const connection of connections) {
      const job = running.find((candidate) => candidate.connectionId === connection.id);
      if (job) {
        throw new AppError('CONFLICT', `"${connection.name}" is busy (${job.title}). Wait for it to finish or cancel it in the jobs panel, then clear the cache.`, {
          details: { connectionId: connection.id, jobId: job.id },
        });
      }
      if (!this.deps.cache.has(connection.id)) continue;
      if (unfinishedImports(this.deps.cache.db(connection.id)).length > 0) {
        throw new AppError('CONFLICT', `"${connection.name}" has an interrupted import whose journal is in the cache. Resume or undo it in Imports first, then clear the cache.`, {
          details: { connectionId: connection.id },
        });
      }
    }
  }

  private clearUnchecked(connections: ReadonlyArray<{ id: string }>): CacheCleared {
    let bytesFreed = 0;
    let cleared = 0;
    for (const connection of connections) {
      // Open views point into the database that is about to go; the UI reopens them and finds nothing synced.
      this.deps.views.dropOwner(connection.id);
      const freed = this.deps.cache.remove(connection.id);
      if (freed > 0) cleared++;
      bytesFreed += freed;
    }
    this.deps.log.info('cache cleared', { connections: cleared, bytesFreed });
    return { connections: cleared, bytesFreed };
  }
}
