import { datasetNames, type DatasetSummary } from '../../../shared/contract/datasets.ts';
import { toColumnInfo } from '../../services/cache/dataset-columns.ts';
import type { Handlers } from '../handler-types.ts';
import type { Services } from '../services.ts';

const titles: Record<(typeof datasetNames)[number], string> = { records: 'Records' };

export function datasetHandlers(
  s: Services,
): Pick<Handlers, 'project.overview' | 'sync.start' | 'records.openView' | 'records.rows' | 'records.closeView'> {
  return {
    'project.overview': async ({ connectionId }) => {
      const connection = s.connections.get(connectionId);
      const db = s.cache.db(connectionId);
      const datasets: DatasetSummary[] = datasetNames.map((name) => {
        const state = s.views.state(db, name);
        return {
          name,
          title: titles[name],
          rowCount: state?.rowCount ?? 0,
          columnCount: state?.columns.length ?? 0,
          lastSyncedAt: state?.lastSyncedAt ?? null,
        };
      });
      return { connection: await s.connections.summary(connection), datasets };
    },
    'sync.start': async ({ connectionId, dataset }) => ({ jobId: s.sync.start(connectionId, dataset).id }),
    'records.openView': async (spec) => {
      s.connections.get(spec.connectionId);
      const view = s.views.open(s.cache.db(spec.connectionId), spec.connectionId, spec);
      return {
        viewId: view.id,
        total: view.rowids.length,
        unfilteredTotal: view.unfilteredTotal,
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
  };
}
