import { useCallback, useEffect, useRef, useState } from 'react';
import type { BrainstemModelSummary, BrainstemRecordView } from '../../../shared/contract/brainstem.ts';
import { useApi, useEvent } from '../../api/api-context.ts';
import { ApiError } from '../../api/client.ts';

export interface BrainstemRecordState {
  record: BrainstemRecordView | null;
  error: unknown;
  loading: boolean;
  /** Reads the record (from the server with `refresh`); returns it, or null when that failed. */
  load(refresh: boolean): Promise<BrainstemRecordView | null>;
  /** A write answered with the record as the server now has it: show that copy. */
  replace(record: BrainstemRecordView): void;
}

/** The cache does not hold it (a related record outside the synced set, or a model not synced yet). */
function notCached(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'NOT_SYNCED');
}

/**
 * One BrainSTEM record: from the offline copy first, from the server when the copy does not have it or
 * the user asks for a refresh; read again when a sync or a write changed the model's cached table.
 */
export function useBrainstemRecord(connectionId: string, model: BrainstemModelSummary, id: string | undefined): BrainstemRecordState {
  const api = useApi();
  const [record, setRecord] = useState<BrainstemRecordView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(id !== undefined);
  const latest = useRef(0);

  const load = useCallback(
    async (refresh: boolean): Promise<BrainstemRecordView | null> => {
      if (id === undefined) return null;
      const request = ++latest.current;
      setLoading(true);
      const read = (fromServer: boolean) => api.call('brainstem.record', { connectionId, model: model.model, id, refresh: fromServer });
      try {
        let next: BrainstemRecordView;
        try {
          next = await read(refresh);
        } catch (e) {
          if (refresh || !notCached(e)) throw e;
          next = await read(true);
        }
        if (request === latest.current) {
          setRecord(next);
          setError(null);
        }
        return next;
      } catch (e) {
        if (request === latest.current) setError(e);
        return null;
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [api, connectionId, model.model, id],
  );

  useEffect(() => {
    setRecord(null);
    setError(null);
    void load(false);
  }, [load]);

  useEvent('dataset.changed', (change) => {
    if (change.connectionId === connectionId && change.dataset === model.dataset) void load(false);
  });

  const replace = useCallback((next: BrainstemRecordView) => {
    latest.current++;
    setRecord(next);
    setError(null);
    setLoading(false);
  }, []);

  return { record: record && record.id === id ? record : null, error, loading, load, replace };
}
