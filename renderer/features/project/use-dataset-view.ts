import { useEffect, useRef, useState } from 'react';
import type { OpenViewResult, ViewSpec } from '../../../shared/contract/datasets.ts';
import { ApiError, type ApiClient } from '../../api/client.ts';
import { RowCache } from '../../components/DataGrid/row-cache.ts';

export interface DatasetViewState {
  view: OpenViewResult | null;
  cache: RowCache | null;
  error: unknown;
  loading: boolean;
  /** Milliseconds from asking main for the view to having it, as the user waited. */
  elapsedMs: number | null;
}

/**
 * Keeps one view open in main for a dataset with the current sort, filter, mode, columns and
 * conditions, and a row cache over it. A newer request wins over a slower older one; a view that main
 * expired (a sync finished) is reopened.
 */
export function useDatasetView(api: ApiClient, spec: ViewSpec, version: number, enabled: boolean): DatasetViewState {
  const [state, setState] = useState<DatasetViewState>({ view: null, cache: null, error: null, loading: enabled, elapsedMs: null });
  const [expired, setExpired] = useState(0);
  const latest = useRef(0);
  // One string stands for the whole spec: its arrays are new on every render.
  const specKey = JSON.stringify(spec);

  useEffect(() => {
    if (!enabled) {
      setState({ view: null, cache: null, error: null, loading: false, elapsedMs: null });
      return;
    }
    const request = ++latest.current;
    const started = performance.now();
    let openedId: string | null = null;
    setState((current) => ({ ...current, loading: true }));
    api.call('records.openView', JSON.parse(specKey) as ViewSpec).then(
      (view) => {
        openedId = view.viewId;
        if (request !== latest.current) {
          void api.call('records.closeView', { viewId: view.viewId }).catch(() => undefined);
          return;
        }
        const cache = new RowCache(async (offset, limit) => {
          try {
            return (await api.call('records.rows', { viewId: view.viewId, offset, limit })).rows;
          } catch (error) {
            if (error instanceof ApiError && error.code === 'VIEW_EXPIRED') setExpired((n) => n + 1);
            throw error;
          }
        }, view.total);
        setState({ view, cache, error: null, loading: false, elapsedMs: Math.round(performance.now() - started) });
      },
      (error: unknown) => {
        if (request === latest.current) setState({ view: null, cache: null, error, loading: false, elapsedMs: null });
      },
    );
    return () => {
      if (openedId) void api.call('records.closeView', { viewId: openedId }).catch(() => undefined);
    };
  }, [api, specKey, version, expired, enabled]);

  return state;
}
