import { useEffect, useRef } from 'react';
import type { Job } from '../../shared/contract/jobs.ts';
import { finishedLongJobs } from './job-notices.ts';

/**
 * A system notification when a long job ends while Carrel is in the background; clicking it brings the
 * window forward with the jobs panel open. Permission is asked the first time a job runs, not at start.
 */
export function useJobNotifications(jobs: readonly Job[], openJobs: () => void): void {
  const seen = useRef(new Map<string, Job['state']>());
  const latestOpen = useRef(openJobs);
  latestOpen.current = openJobs;

  useEffect(() => {
    const supported = typeof Notification !== 'undefined';
    if (supported && Notification.permission === 'default' && jobs.some((job) => job.state === 'running')) {
      void Notification.requestPermission().catch(() => undefined);
    }
    const notices = finishedLongJobs(seen.current, jobs);
    for (const job of jobs) seen.current.set(job.id, job.state);
    if (!supported || Notification.permission !== 'granted' || document.hasFocus()) return;
    for (const notice of notices) {
      const shown = new Notification(notice.title, { body: notice.body, tag: `carrel-job-${notice.jobId}` });
      shown.onclick = () => {
        window.focus();
        latestOpen.current();
        shown.close();
      };
    }
  }, [jobs]);
}
