import { useCallback, useEffect, useRef, useState } from 'react';
import type { RecordDetail } from '../../../shared/contract/datasets.ts';
import { useApi } from '../../api/api-context.ts';

export interface RecordDetailState {
  detail: RecordDetail | null;
  error: unknown;
  loading: boolean;
  /** Reads the record again from the cache and returns it (null when it failed). */
  refresh(): Promise<RecordDetail | null>;
}

/** One record from the offline cache, read again whenever the cache changed (`version`). */
export function useRecordDetail(connectionId: string, recordId: string, version: number): RecordDetailState {
  const api = useApi();
  const [detail, setDetail] = useState<RecordDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);

  const refresh = useCallback(async (): Promise<RecordDetail | null> => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const next = await api.call('records.detail', { connectionId, recordId });
      if (request === latest.current) {
        setDetail(next);
        setError(null);
      }
      return next;
    } catch (e) {
      if (request === latest.current) setError(e);
      return null;
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [api, connectionId, recordId]);

  useEffect(() => {
    void refresh();
  }, [refresh, version]);

  return { detail: detail?.recordId === recordId ? detail : null, error, loading, refresh };
}
