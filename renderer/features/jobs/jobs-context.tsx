import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Job } from '../../../shared/contract/jobs.ts';
import { useApi, useEvent, useReconnect } from '../../api/api-context.ts';
import { errorMessage } from '../../api/client.ts';
import { startBrowserDownload } from '../../app/browser-download.ts';

interface JobsState {
  jobs: Job[];
  cancel(jobId: string): void;
  dismiss(jobId: string): void;
  /** Web shell: when this export finishes, hand the file to the browser as a download. */
  downloadWhenDone(jobId: string): void;
  deliver(jobId: string, action: 'reveal' | 'open' | 'download'): Promise<void>;
  panelOpen: boolean;
  setPanelOpen(open: boolean): void;
  lastError: string | null;
}

const JobsContext = createContext<JobsState | null>(null);

export function useJobs(): JobsState {
  const state = useContext(JobsContext);
  if (!state) throw new Error('useJobs outside JobsProvider');
  return state;
}

export function JobsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [jobs, setJobs] = useState<Job[]>([]);
  const [panelOpen, setPanelOpen] = useState(false);
  const [lastError, setLastError] = useState<string | null>(null);
  const pendingDownloads = useRef(new Set<string>());
  // Updated synchronously by events: a short job can finish before its starter has re-rendered.
  const states = useRef(new Map<string, Job['state']>());

  const reload = useCallback(() => {
    api.call('jobs.list', {}).then(
      (list) => {
        for (const job of list) states.current.set(job.id, job.state);
        setJobs(list);
      },
      (error: unknown) => setLastError(errorMessage(error)),
    );
  }, [api]);
  useEffect(reload, [reload]);
  useReconnect(reload);

  const deliver = useCallback(
    async (jobId: string, action: 'reveal' | 'open' | 'download') => {
      try {
        const { url } = await api.call('export.deliver', { jobId, action });
        if (url) startBrowserDownload(url);
      } catch (error) {
        setLastError(errorMessage(error));
      }
    },
    [api],
  );

  useEvent('job.updated', (job) => {
    states.current.set(job.id, job.state);
    setJobs((current) => {
      const index = current.findIndex((j) => j.id === job.id);
      if (index < 0) return [job, ...current];
      const next = current.slice();
      next[index] = job;
      return next;
    });
    if (job.state === 'succeeded' && pendingDownloads.current.delete(job.id)) void deliver(job.id, 'download');
    if (job.state !== 'running') pendingDownloads.current.delete(job.id);
  });

  const value = useMemo<JobsState>(
    () => ({
      jobs,
      cancel: (jobId) => void api.call('jobs.cancel', { jobId }).catch((error: unknown) => setLastError(errorMessage(error))),
      dismiss: (jobId) => {
        setJobs((current) => current.filter((j) => j.id !== jobId));
        void api.call('jobs.dismiss', { jobId }).catch(() => undefined);
      },
      downloadWhenDone: (jobId) => {
        const state = states.current.get(jobId);
        if (state === 'succeeded') void deliver(jobId, 'download');
        else if (state === undefined || state === 'running') pendingDownloads.current.add(jobId);
      },
      deliver,
      panelOpen,
      setPanelOpen,
      lastError,
    }),
    [api, jobs, deliver, panelOpen, lastError],
  );
  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}
