import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createLogger } from '../../../main/services/log/logger.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

it('rolls carrel.log at the size limit, keeps the set number of files and drops the oldest', () => {
  const dir = tempDir();
  const log = createLogger({ dir, rotation: { maxBytes: 2000, files: 3 } });
  for (let i = 1; i <= 200; i++) log.info(`event ${String(i).padStart(3, '0')}`, { n: i });

  const current = join(dir, 'carrel.log');
  expect(existsSync(current)).toBe(true);
  expect(existsSync(join(dir, 'carrel.log.1'))).toBe(true);
  expect(existsSync(join(dir, 'carrel.log.2'))).toBe(true);
  expect(existsSync(join(dir, 'carrel.log.3'))).toBe(false);
  for (const name of ['carrel.log', 'carrel.log.1', 'carrel.log.2']) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(2000);
  // The newest line is in carrel.log, older ones in .1 then .2, and the very first fell off.
  expect(readFileSync(current, 'utf8')).toContain("event 200");
  const previous = readFileSync(join(dir, 'carrel.log.1'), 'utf8');
  const oldest = readFileSync(join(dir, 'carrel.log.2'), 'utf8');
  expect(Number(/event (\d+)/.exec(previous)![1])).toBeGreaterThan(Number(/event (\d+)/.exec(oldest)![1]));
  expect([readFileSync(current, 'utf8'), previous, oldest].join('')).not.toContain('event 001');
});

it('finds the newest error and warning lines across rolled files, redacted, one line per entry', () => {
  const dir = tempDir();
  const log = createLogger({ dir, rotation: { maxBytes: 1500, files: 4 } });
  log.error('sync failed', { url: 'https://redcap.example.edu/api/?token=0123456789ABCDEF0123456789ABCDEF', user: 'ada@example.edu' });
  for (let i = 0; i < 60; i++) log.info(`filler ${i}`);
  log.warn('job failed', { kind: 'sync', code: 'NETWORK' });
  log.error('handler failed', { error: 'Error: boom\n    at somewhere (file.ts:1:1)' });

  const all = log.recentErrors!(20);
  expect(all).toHaveLength(3);
  expect(all[1]).toMatch(/ WARN job failed .*NETWORK/);
  const errors = all.filter((line) => line.includes(' ERROR '));
  expect(errors[0]).toContain('sync failed');
  expect(errors[0]).not.toContain('0123456789ABCDEF0123456789ABCDEF');
  expect(errors[0]).not.toContain('ada@example.edu');
  expect(errors[1]).toContain('handler failed');
  expect(errors[1]).toContain('at somewhere');
  expect(log.recentErrors!(1)).toEqual([errors[1]]);
  expect(readdirSync(dir).filter((name) => name.startsWith('carrel.log')).length).toBeGreaterThan(1);
});

it('remembers this run\'s errors when it writes no files', () => {
  const log = createLogger({});
  log.error('could not reach the server', { host: 'redcap.example.edu' });
  expect(log.dir).toBeNull();
  expect(log.recentErrors!(20)).toEqual([expect.stringContaining('could not reach the server')]);
});
