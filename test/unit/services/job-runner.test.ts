import { describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/contract/jobs.ts';
import { JobRunner } from '../../../main/services/jobs/job-runner.ts';
import { silentLogger } from '../../../main/services/log/logger.ts';
import { AppError } from '../../../shared/contract/errors.ts';

function runner() {
  const updates: Job[] = [];
  return { jobs: new JobRunner({ onUpdate: (job) => updates.push(job), log: silentLogger, progressIntervalMs: 50 }), updates };
}

describe('JobRunner', () => {
  it('returns at once with a running job and reports the result when it finishes', async () => {
    const { jobs, updates } = runner();
    const job = jobs.start({ kind: 'sync', title: 'Sync', connectionId: 'c', unit: 'records' }, async (ctx) => {
      ctx.progress(5, 10, 'half');
      return { kind: 'sync', mode: 'full', records: 10, rows: 10, columns: 3, fetched: 10, deleted: 0, skipped: [] };
    });
    expect(job.state).toBe('running');
    const done = await jobs.settled(job.id);
    expect(done).toMatchObject({ state: 'succeeded', result: { records: 10 } });
    expect(updates.at(-1)?.state).toBe('succeeded');
  });

  it('sends progress at a bounded rate however often the work reports it', async () => {
    const { jobs, updates } = runner();
    const job = jobs.start({ kind: 'export', title: 'Export', connectionId: null, unit: 'rows' }, async (ctx) => {
      for (let i = 0; i < 10_000; i++) ctx.progress(i, 10_000);
      await new Promise((r) => setTimeout(r, 120));
      return { kind: 'file', fileName: 'x.csv', path: null, bytes: 1, rows: 1, companions: [], notes: [] };
    });
    await jobs.settled(job.id);
    expect(updates.length).toBeLessThan(10);
  });

  it('cancels through the signal and runs the cleanup', async () => {
    const { jobs } = runner();
    let cleaned = false;
    const job = jobs.start({ kind: 'export', title: 'Export', connectionId: null, unit: 'rows', cleanup: () => void (cleaned = true) }, async (ctx) => {
      await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new AppError('CANCELLED', 'Cancelled.'))));
      return { kind: 'file', fileName: 'x', path: null, bytes: 0, rows: 0, companions: [], notes: [] };
    });
    expect(jobs.cancel(job.id)).toBe(true);
    expect(await jobs.settled(job.id)).toMatchObject({ state: 'cancelled' });
    expect(cleaned).toBe(true);
    expect(jobs.cancel(job.id)).toBe(false);
  });

  it('keeps the error of a failed job, redacted, and hides internal details behind a plain sentence', async () => {
    const { jobs } = runner();
    const failed = jobs.start({ kind: 'sync', title: 'Sync', connectionId: 'c', unit: 'records' }, async () => {
      throw new Error('boom token=0123456789ABCDEF0123456789ABCDEF');
    });
    const done = await jobs.settled(failed.id);
    expect(done?.state).toBe('failed');
    expect(done?.error?.code).toBe('INTERNAL');
    expect(done?.error?.message).not.toContain('0123456789ABCDEF');
  });

  it('finds the running job of a kind for a connection, and dismisses only finished ones', async () => {
    const { jobs } = runner();
    let release!: () => void;
    const job = jobs.start({ kind: 'sync', title: 'Sync', connectionId: 'c', unit: 'records' }, () => new Promise((resolve) => (release = () => resolve({ kind: 'sync', mode: 'full', records: 0, rows: 0, columns: 0, fetched: 0, deleted: 0, skipped: [] }))));
    expect(jobs.running('sync', 'c')?.id).toBe(job.id);
    expect(jobs.dismiss(job.id)).toBe(false);
    release();
    await jobs.settled(job.id);
    expect(jobs.running('sync', 'c')).toBeNull();
    expect(jobs.dismiss(job.id)).toBe(true);
    expect(jobs.list()).toEqual([]);
  });
});
