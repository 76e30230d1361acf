import { useEffect, useState } from 'react';
import type { RecordPreset } from '../../../shared/contract/datasets.ts';
import { useApi } from '../../api/api-context.ts';

const maxCounted = 80;

/**
 * Row counts of the record presets for the sidebar. Main knows them only by running each preset's
 * conditions, so they are counted one after another in the background (a short-lived view each),
 * after the table on screen has had its turn, and again after every sync.
 */
export function usePresetCounts(connectionId: string, presets: RecordPreset[] | undefined, version: number, enabled: boolean): ReadonlyMap<string, number> {
  const api = useApi();
  const [counts, setCounts] = useState<ReadonlyMap<string, number>>(new Map());
  const presetKey = JSON.stringify((presets ?? []).filter((p) => p.where.length > 0).map((p) => [p.id, p.where]));

  useEffect(() => {
    if (!enabled) return;
    const todo = (JSON.parse(presetKey) as Array<[string, RecordPreset['where']]>).slice(0, maxCounted);
    let live = true;
    const timer = setTimeout(() => {
      void (async () => {
        for (const [id, where] of todo) {
          if (!live) return;
          try {
            const view = await api.call('records.openView', { connectionId, dataset: 'records', mode: 'raw', sort: [], filter: '', where });
            void api.call('records.closeView', { viewId: view.viewId }).catch(() => undefined);
            if (live) setCounts((current) => new Map(current).set(id, view.total));
          } catch {
            // A count is a nicety; the entry shows none.
          }
        }
      })();
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, connectionId, presetKey, version, enabled]);

  return counts;
}
