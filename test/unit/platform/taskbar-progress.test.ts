import { describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/contract/jobs.ts';
import { TaskbarProgress, taskbarState } from '../../../main/platform/taskbar-progress.ts';

function job(id: string, state: Job['state'], done: number, total: number | null): Job {
  return { id, kind: 'sync', title: 'Sync', connectionId: null, state, progress: { done, total, unit: 'records' }, message: '', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: null, error: null, result: null };
}

describe('dock and taskbar progress', () => {
  it('hides the bar when nothing runs, shows the mean fraction otherwise', () => {
    expect(taskbarState([])).toEqual({ progress: -1, running: 0 });
    expect(taskbarState([job('a', 'running', 50, 100), job('b', 'running', 1000, 4000), job('c', 'succeeded', 1, 1)])).toEqual({ progress: 0.375, running: 2 });
  });

  it('is indeterminate while a running job does not know its total', () => {
    expect(taskbarState([job('a', 'running', 50, 100), job('b', 'running', 3, null)]).progress).toBe(2);
  });

  it('updates the system only when a whole percent or the count changes, and clears at the end', () => {
    const calls: Array<[string, number]> = [];
    const taskbar = new TaskbarProgress({ setProgress: (v) => calls.push(['progress', v]), setBadge: (n) => calls.push(['badge', n]) });
    taskbar.update(job('a', 'running', 0, 1000));
    taskbar.update(job('a', 'running', 3, 1000));
    taskbar.update(job('a', 'running', 500, 1000));
    taskbar.update(job('b', 'running', 0, null));
    taskbar.update(job('b', 'succeeded', 10, 10));
    taskbar.update(job('a', 'failed', 600, 1000));
    expect(calls).toEqual([
      ['progress', 0],
      ['badge', 1],
      ['progress', 0.5],
      ['progress', 2],
      ['badge', 2],
      ['progress', 0.5],
      ['badge', 1],
      ['progress', -1],
      ['badge', 0],
    ]);
  });
});
