import { AppError } from '../../../shared/contract/errors.ts';
import { toColumnInfo } from '../../services/cache/dataset-columns.ts';
import { redcapOverview } from '../../services/connectors/redcap/overview.ts';
import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

export function datasetHandlers(
  s: Services,
): Pick<Handlers, 'project.overview' | 'sync.start' | 'records.openView' | 'records.rows' | 'records.closeView' | 'records.detail'> {
  return {
    'project.overview': async ({ connectionId }) => {
      const connection = s.connections.get(connectionId);
      const overview = redcapOverview(s.cache.db(connectionId), connection.reports);
      return { connection: await s.connections.summary(connection), ...overview };
    },
    'sync.start': async ({ connectionId, mode, models }) => ({ jobId: s.sync.start(connectionId, mode, models).id }),
    'records.openView': async (spec) => {
      s.connections.get(spec.connectionId);
      const view = s.views.open(s.cache.db(spec.connectionId), spec.connectionId, spec);
      return {
        viewId: view.id,
        total: view.rowids.length,
        unfilteredTotal: view.unfilteredTotal,
        scopeTotal: view.scopeTotal,
        columns: view.columns.map(toColumnInfo),
        lastSyncedAt: view.lastSyncedAt,
        queryMs: view.queryMs,
      };
    },
    'records.rows': async ({ viewId, offset, limit }) => {
      const view = s.views.get(viewId);
      return { offset, rows: s.views.rows(s.cache.db(view.owner), view, offset, limit) };
    },
    'records.closeView': async ({ viewId }) => ({ closed: s.views.close(viewId) }),
    'records.detail': async ({ connectionId, recordId }) => {
      s.connections.get(connectionId);
      const found = s.views.rowsByKey(s.cache.db(connectionId), 'records', 0, recordId);
      if (!found) throw new AppError('NOT_SYNCED', 'The records have not been synced yet.');
      if (found.rows.length === 0) throw new AppError('NOT_FOUND', 'This record is not in the offline cache (it may have been deleted, or created after the last sync).');
      return { recordId, columns: found.state.columns.map(toColumnInfo), rows: found.rows, lastSyncedAt: found.state.lastSyncedAt };
    },
  };
}
