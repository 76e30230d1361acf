// Issue 9, part 2: Carrel killed with SIGKILL at seeded random moments of a sync, an import, an export and
// settings writes, then started again on the same folder. Nothing may be corrupted or lost: caches pass
// integrity_check, settings.json holds the old or the new value, an interrupted sync is reported and a new
// one equals the server, an interrupted import is offered for resume and resuming equals a clean import,
// an export leaves no half file under its name. CI: 3 kill points per operation; test:long: 12.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redcapDelete, redcapImport, redcapRecords } from '../helpers/redcap-truth.ts';
import { cachedRecordRows, syncAndWait } from '../helpers/test-core.ts';
import { seeded } from '../unit/services/redcap-import-journal-support.ts';
import { corruptCaches } from './cache-integrity.ts';
import { call, killPoints, restartCore, runChild, syncedWorld, TOKEN, type ChildRun, type World } from './crash-support.ts';
import { expectCleanImport, importCsv } from './redcap-operations.ts';

const LONG = process.env.CARREL_TEST_LONG === '1';
const KILLS = LONG ? 12 : 3;
const tally = { runs: 0, killed: 0, finishedFirst: 0, cachesChecked: 0, syncsReported: 0, importsResumed: 0, settingsChecked: 0, leftoverPartials: 0, failures: 0 };

afterAll(() => {
  process.stdout.write(`\ncrash recovery (${LONG ? 'long' : 'CI subset'}): runs ${tally.runs}, killed mid-work ${tally.killed}, finished before the kill ${tally.finishedFirst}, cache files integrity-checked ${tally.cachesChecked}, interrupted syncs reported ${tally.syncsReported}, interrupted imports resumed ${tally.importsResumed}, settings files checked ${tally.settingsChecked}, hidden .partial files left by killed exports ${tally.leftoverPartials}, failures ${tally.failures}\n`);
});

/** Runs the child, counts it, and checks every cache before Carrel opens it again. */
async function crash(world: World, extra: Parameters<typeof runChild>[1], killAfterMs: number | null): Promise<ChildRun> {
  const run = await runChild(world, extra, killAfterMs);
  tally.runs++;
  if (run.killed) tally.killed++;
  else tally.finishedFirst++;
  const { count, corrupt } = corruptCaches(world.dir);
  tally.cachesChecked += count;
  expect(corrupt).toEqual([]);
  return run;
}

async function guarded(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    tally.failures++;
    throw error;
  }
}

describe('SIGKILL during a REDCap sync', () => {
  it(`leaves the old or the new copy, reports the interrupted sync, and a new sync equals the server (${KILLS} kill points)`, () => guarded(async () => {
    const random = seeded(9001);
    const world = await syncedWorld(2500);
    try {
      const calibration = await crash(world, { op: 'sync' }, null);
      const points = killPoints(random, calibration.workMs ?? 1000, KILLS);
      for (const [n, delay] of points.entries()) {
        // The server moves on between syncs, so a sync always has something to change.
        const { core: before } = await restartCore(world);
        const oldRows = await cachedRecordRows(before, world.connectionId);
        await before.shutdown();
        await redcapImport(world.sandbox.url, TOKEN, Array.from({ length: 30 }, (_, i) => ({ record_id: String(1 + n * 40 + i), first_name: `Moved${n}` })));
        await redcapDelete(world.sandbox.url, TOKEN, [String(2000 + n)]);
        const truth = (await redcapRecords(world.sandbox.url, TOKEN)).map((record) => Object.values(record));

        const run = await crash(world, { op: 'sync' }, delay);
        const { core, notices } = await restartCore(world);
        try {
          const rows = await cachedRecordRows(core, world.connectionId);
          const finished = run.lines.some((line) => line.done === 'succeeded');
          // Never half a truth: the whole old copy, or the whole new one once the swap committed.
          expect(JSON.stringify(rows) === JSON.stringify(oldRows) || JSON.stringify(rows) === JSON.stringify(truth)).toBe(true);
          const reported = notices.some((text) => /sync of .* was interrupted when Carrel closed/.test(text));
          if (!finished) expect(reported).toBe(true);
          if (reported) tally.syncsReported++;
          expect((await syncAndWait(core, world.connectionId, 'full')).state).toBe('succeeded');
          expect(await cachedRecordRows(core, world.connectionId)).toEqual(truth);
        } finally {
          await core.shutdown();
        }
      }
    } finally {
      await world.close();
    }
  }), 300_000);
});

describe('a sync that ended before Carrel closed', () => {
  it('is not reported as interrupted, whether it failed or succeeded', () => guarded(async () => {
    const world = await syncedWorld(10);
    try {
      world.sandbox.faults.add({ kind: 'status', status: 500, times: 0 });
      const { core, notices } = await restartCore(world);
      expect((await syncAndWait(core, world.connectionId, 'full')).state).toBe('failed');
      world.sandbox.faults.clear();
      await core.shutdown();
      const again = await restartCore(world);
      expect(again.notices).toEqual([]);
      expect(notices).toEqual([]);
      await again.core.shutdown();
    } finally {
      await world.close();
    }
  }), 60_000);
});

describe('SIGKILL during a REDCap import', () => {
  it(`offers the interrupted import for resume after a restart; resuming equals a clean import (${KILLS} kill points)`, () => guarded(async () => {
    const random = seeded(9002);
    let points: number[] = [];
    for (let n = 0; n <= KILLS; n++) {
      // Every run imports into a fresh project: an import changes the server.
      const world = await syncedWorld(40);
      try {
        const before = await redcapRecords(world.sandbox.url, TOKEN);
        const run = await crash(world, { op: 'import', csv: importCsv() }, n === 0 ? null : points[n - 1]!);
        if (n === 0) points = killPoints(random, run.workMs ?? 1000, KILLS);
        const { core, notices } = await restartCore(world);
        try {
          const entries = await call<Array<{ importId: string; state: string }>>(core, 'imports.list', { connectionId: world.connectionId });
          const unfinished = entries.filter((entry) => entry.state !== 'done');
          for (const entry of unfinished) expect(entry.state).toBe('interrupted');
          if (unfinished.length > 0) expect(notices.some((text) => /import into .* was interrupted; open the project to resume it/.test(text))).toBe(true);
          for (const entry of unfinished) {
            const { jobId } = await call<{ jobId: string }>(core, 'imports.resume', { connectionId: world.connectionId, importId: entry.importId });
            expect((await core.services.jobs.settled(jobId))?.state).toBe('succeeded');
            tally.importsResumed++;
          }
          if (entries.length > 0) await expectCleanImport(world.sandbox.url, TOKEN, before);
          // Killed before the journal had the import: nothing may have reached REDCap.
          else expect(await redcapRecords(world.sandbox.url, TOKEN)).toEqual(before);
        } finally {
          await core.shutdown();
        }
      } finally {
        await world.close();
      }
    }
  }), 300_000);
});

describe('SIGKILL during an export', () => {
  it(`never leaves a half file under the target name; exporting again after a restart gives the whole file (${KILLS} kill points)`, () => guarded(async () => {
    const random = seeded(9003);
    const world = await syncedWorld(3000);
    try {
      const cleanTarget = join(world.dir, 'clean.csv');
      const calibration = await crash(world, { op: 'export', target: cleanTarget, format: 'csv' }, null);
      const clean = readFileSync(cleanTarget);
      for (const [n, delay] of killPoints(random, calibration.workMs ?? 1000, KILLS).entries()) {
        const folder = join(world.dir, `out-${n}`);
        const target = join(folder, 'records.csv');
        mkdirSync(folder);
        const run = await crash(world, { op: 'export', target, format: 'csv' }, delay);
        const left = readdirSync(folder);
        const partials = left.filter((name) => name.startsWith('.records.csv.') && name.endsWith('.partial'));
        tally.leftoverPartials += partials.length;
        expect(left.filter((name) => !partials.includes(name))).toEqual(run.killed && !existsSync(target) ? [] : ['records.csv']);
        // A file under the target name is always the complete export.
        if (existsSync(target)) expect(readFileSync(target).equals(clean)).toBe(true);
        const { core } = await restartCore(world);
        try {
          rmSync(target, { force: true });
          world.ports.nextSavePath = target;
          const view = { connectionId: world.connectionId, dataset: 'records', mode: 'raw', sort: [], filter: '' };
          const { jobId } = await call<{ jobId: string }>(core, 'export.start', { view, format: 'csv', header: 'names', bom: false });
          expect((await core.services.jobs.settled(jobId))?.state).toBe('succeeded');
          expect(readFileSync(target).equals(clean)).toBe(true);
        } finally {
          await core.shutdown();
        }
      }
    } finally {
      await world.close();
    }
  }), 300_000);
});

describe('SIGKILL during settings writes', () => {
  it(`settings.json always parses and holds the last committed or the next value (${KILLS * 2} kill points)`, () => guarded(async () => {
    const random = seeded(9004);
    const world = await syncedWorld(10);
    try {
      const settingsFile = join(world.dir, 'settings.json');
      const calibration = await crash(world, { op: 'settings' }, null);
      for (const delay of killPoints(random, calibration.workMs ?? 1000, KILLS * 2)) {
        const before = JSON.parse(readFileSync(settingsFile, 'utf8')) as { preferences: { redcapBatchSize: number } };
        const start = before.preferences.redcapBatchSize - 100;
        const run = await crash(world, { op: 'settings' }, delay);
        const committed = run.lines.filter((line) => typeof line.set === 'number').map((line) => line.set as number);
        const last = committed.at(-1) ?? 0;
        const saved = JSON.parse(readFileSync(settingsFile, 'utf8')) as { preferences: { redcapBatchSize: number }; connections: Array<{ id: string; name: string }> };
        // The child starts again from 1 each run: "old" is the last committed write, or the previous run's value.
        const allowed = last === 0 ? [100 + start, 101] : [100 + last, 100 + last + 1];
        expect(allowed).toContain(saved.preferences.redcapBatchSize);
        expect(saved.connections.map((connection) => connection.id)).toEqual([world.connectionId]);
        tally.settingsChecked++;
        const { core } = await restartCore(world);
        try {
          expect((await call<{ redcapBatchSize: number }>(core, 'settings.get', {})).redcapBatchSize).toBe(saved.preferences.redcapBatchSize);
          expect((await call<Array<{ id: string }>>(core, 'connections.list', {})).map((c) => c.id)).toEqual([world.connectionId]);
        } finally {
          await core.shutdown();
        }
      }
    } finally {
      await world.close();
    }
  }), 300_000);
});
