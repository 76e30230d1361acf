import { useCallback, useEffect, useRef } from 'react';
import type { Job } from '../../../shared/contract/jobs.ts';
import { useJobs } from '../jobs/jobs-context.tsx';

interface Waiter {
  resolve: (job: Job) => void;
  progress: (job: Job) => void;
}

/**
 * Turns a job the queue started into a promise that settles when the job ends, following it through the
 * jobs context (which hears every `job.updated`). A short job may end before its waiter is registered,
 * so registration looks at the jobs already known first.
 */
export function useJobWaiter(): (jobId: string, progress: (job: Job) => void) => Promise<Job> {
  const { jobs } = useJobs();
  const known = useRef(jobs);
  known.current = jobs;
  const waiters = useRef(new Map<string, Waiter>());

  useEffect(() => {
    for (const job of jobs) {
      const waiter = waiters.current.get(job.id);
      if (!waiter) continue;
      if (job.state === 'running') waiter.progress(job);
      else {
        waiters.current.delete(job.id);
        waiter.resolve(job);
      }
    }
  }, [jobs]);

  return useCallback((jobId, progress) => {
    const finished = known.current.find((job) => job.id === jobId && job.state !== 'running');
    if (finished) return Promise.resolve(finished);
    return new Promise<Job>((resolve) => waiters.current.set(jobId, { resolve, progress }));
  }, []);
}
