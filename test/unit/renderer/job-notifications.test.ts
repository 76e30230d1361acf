import { describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/contract/jobs.ts';
import { finishedLongJobs } from '../../../renderer/app/job-notices.ts';

function job(id: string, state: Job['state'], seconds: number | null, extra: Partial<Job> = {}): Job {
  const start = Date.parse('2026-03-01T10:00:00.000Z');
  return {
    id,
    kind: 'export',
    title: `Export ${id}`,
    connectionId: null,
    state,
    progress: { done: 1, total: 1, unit: 'rows' },
    message: 'Wrote 120,000 rows',
    startedAt: new Date(start).toISOString(),
    finishedAt: seconds === null ? null : new Date(start + seconds * 1000).toISOString(),
    error: null,
    result: null,
    ...extra,
  };
}

describe('notifications for long jobs', () => {
  it('announce a job seen running that finished after more than 10 seconds', () => {
    const previous = new Map<string, Job['state']>([['a', 'running']]);
    expect(finishedLongJobs(previous, [job('a', 'succeeded', 42)])).toEqual([{ jobId: 'a', title: 'Finished: Export a', body: 'Wrote 120,000 rows' }]);
  });

  it('say when it failed, with the error the user must act on', () => {
    const previous = new Map<string, Job['state']>([['a', 'running']]);
    const failed = job('a', 'failed', 30, { error: { code: 'UNREACHABLE', message: 'The server did not answer. Check the connection and try again.', retryable: true } });
    expect(finishedLongJobs(previous, [failed])[0]).toMatchObject({ title: 'Failed: Export a', body: 'The server did not answer. Check the connection and try again.' });
  });

  it('stay quiet for short jobs, running jobs, and jobs that were already over when the window opened', () => {
    const previous = new Map<string, Job['state']>([
      ['short', 'running'],
      ['still', 'running'],
    ]);
    expect(finishedLongJobs(previous, [job('short', 'succeeded', 4), job('still', 'running', null), job('old', 'succeeded', 600)])).toEqual([]);
  });
});
