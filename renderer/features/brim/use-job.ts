import type { Job } from '../../../shared/contract/jobs.ts';
import { useJobs } from '../jobs/jobs-context.tsx';

/** The live state of one job this screen started (the jobs context follows every job's events). */
export function useJob(jobId: string | null): Job | null {
  const { jobs } = useJobs();
  if (jobId === null) return null;
  return jobs.find((job) => job.id === jobId) ?? null;
}
