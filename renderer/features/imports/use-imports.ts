import { useCallback, useEffect, useState } from 'react';
import type { ImportEntryView } from '../../../shared/contract/imports.ts';
import { useApi } from '../../api/api-context.ts';
import { useJobs } from '../jobs/jobs-context.tsx';

/** The connection's imports and undos, read again whenever one of its import jobs starts or ends. */
export function useImports(connectionId: string): { imports: ImportEntryView[] | null; error: unknown; reload: () => void } {
  const api = useApi();
  const { jobs } = useJobs();
  const [imports, setImports] = useState<ImportEntryView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const importJobs = jobs
    .filter((job) => job.kind === 'import' && job.connectionId === connectionId)
    .map((job) => `${job.id}:${job.state}`)
    .join(',');

  useEffect(() => {
    let live = true;
    api.call('imports.list', { connectionId }).then(
      (list) => {
        if (!live) return;
        setImports(list);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api, connectionId, importJobs, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { imports, error, reload };
}
