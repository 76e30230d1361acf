import type { Job } from '../../shared/contract/jobs.ts';

/** Jobs shorter than this finish while the person is still looking; no notification for them. */
export const longJobMs = 10_000;

export interface JobNotice {
  jobId: string;
  title: string;
  body: string;
}

/**
 * The jobs that have just finished after running a long time: seen running before (`previous`), not
 * running now. A job that was already over when the window opened is not news.
 */
export function finishedLongJobs(previous: ReadonlyMap<string, Job['state']>, jobs: readonly Job[], minMs = longJobMs): JobNotice[] {
  const notices: JobNotice[] = [];
  for (const job of jobs) {
    if (previous.get(job.id) !== 'running' || job.state === 'running' || !job.finishedAt) continue;
    const took = Date.parse(job.finishedAt) - Date.parse(job.startedAt);
    if (!(took >= minMs)) continue;
    const outcome = job.state === 'succeeded' ? 'Finished' : job.state === 'failed' ? 'Failed' : 'Cancelled';
    const body = job.state === 'failed' && job.error ? job.error.message : job.message;
    notices.push({ jobId: job.id, title: `${outcome}: ${job.title}`, body });
  }
  return notices;
}
