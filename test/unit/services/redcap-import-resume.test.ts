// Issue 6's promise: killing Carrel at any point of an import and resuming leaves REDCap exactly as a
// clean import would, with nothing lost or doubled.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/contract/errors.ts';
import { createImport, readBatches, readImport, unfinishedImports } from '../../../main/services/imports/import-journal.ts';
import { resumeImport, runImport } from '../../../main/services/imports/import-run.ts';
import type { ImportPlan } from '../../../main/services/imports/import-types.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { CONNECTION, ID_FIELD, importBench, seeded, seededPlan, serverSnapshot } from './redcap-import-journal-support.ts';

const tempDir = useTempDirs();
const options = { recordIdField: ID_FIELD, overwriteBehavior: 'normal' as const };
const limits = { records: 100, bytes: 1_000_000 };
const PLAN_SEED = 6;

/** What REDCap holds after the plan is imported in one go into a fresh sandbox. */
async function cleanImport(): Promise<{ plan: ImportPlan; expected: string }> {
  const bench = await importBench(tempDir());
  const plan = await seededPlan(bench.api, PLAN_SEED);
  await runImport(bench.db, bench.api, createImport(bench.db, plan, options, limits));
  return { plan, expected: await serverSnapshot(bench.api) };
}

/** Runs the import in a child process and SIGKILLs it `delayMs` after its `afterBatches`-th confirmed batch. */
function importUntilKilled(args: string[], afterBatches: number, delayMs: number): Promise<{ killed: boolean; confirmedLines: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'redcap-import-resume-child.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let buffered = '';
    let stderr = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      // The first line is the report before any batch is sent.
      lines += parts.filter((line) => line.startsWith('{')).length;
      if (!armed && lines - 1 >= afterBatches) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`the import child failed: ${stderr.slice(0, 2000)}`));
      else resolve({ killed: signal === 'SIGKILL', confirmedLines: lines - 1 });
    });
  });
}

describe('resuming a REDCap import', () => {
  it('after SIGKILL at seeded random points, resuming leaves REDCap exactly as a clean import of ~2,000 rows', async () => {
    const { plan, expected } = await cleanImport();
    expect(plan.rows).toHaveLength(2000);
    const random = seeded(2026);
    let uncertainSeen = 0;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const userData = tempDir();
      const bench = await importBench(userData);
      const before = await serverSnapshot(bench.api);
      const id = createImport(bench.db, await seededPlan(bench.api, PLAN_SEED), options, limits);
      const batches = readBatches(bench.db, id).length;
      const afterBatches = 1 + Math.floor(random() * (batches - 3));
      // Odd attempts: slow answers, so the process mostly dies with a request REDCap will still carry
      // out. Even attempts: REDCap never gets to the next batch, so the request in flight is lost.
      const lost = attempt % 2 === 0;
      bench.sandbox.faults.add(lost
        ? { kind: 'hang', match: { content: 'record', action: 'import' }, afterRequests: afterBatches, times: 1 }
        : { kind: 'latency', latencyMs: 40 + Math.floor(random() * 60), match: { content: 'record', action: 'import' }, times: 0 });
      const { killed } = await importUntilKilled([userData, CONNECTION, bench.sandbox.url, bench.token, id], afterBatches, Math.floor(random() * 80));
      expect(killed).toBe(true);
      bench.sandbox.faults.clear();

      const states = readBatches(bench.db, id).map((batch) => batch.state);
      expect(states.filter((state) => state === 'confirmed').length).toBeLessThan(batches);
      if (lost) expect(states[afterBatches]).toBe('sending');
      uncertainSeen += states.filter((state) => state === 'sending').length;
      expect(unfinishedImports(bench.db).map((entry) => entry.id)).toEqual([id]);
      expect(await serverSnapshot(bench.api)).not.toBe(before);

      await resumeImport(bench.db, bench.api, id);
      expect(readImport(bench.db, id).state).toBe('done');
      expect(await serverSnapshot(bench.api)).toBe(expected);
    }
    // At least one kill landed with a batch on the wire, so the server check was exercised.
    expect(uncertainSeen).toBeGreaterThan(0);
  }, 120_000);

  it('a connection reset after REDCap saved a batch pauses the import; resuming finds it saved and does not send it again', async () => {
    const { expected } = await cleanImport();
    const bench = await importBench(tempDir());
    const id = createImport(bench.db, await seededPlan(bench.api, PLAN_SEED), options, limits);
    // The third import request is carried out, then the connection drops mid-answer.
    bench.sandbox.faults.add({ kind: 'reset', afterBytes: 1, match: { content: 'record', action: 'import' }, afterRequests: 2, times: 1 });
    const error = await runImport(bench.db, bench.fragileApi, id).then(() => null, (caught: unknown) => caught);
    expect(isAppError(error) && error.retryable).toBe(true);
    expect(isAppError(error) && error.message).toContain('Resume');
    expect(readImport(bench.db, id).state).toBe('interrupted');
    expect(readBatches(bench.db, id).slice(0, 4).map((batch) => batch.state)).toEqual(['confirmed', 'confirmed', 'sending', 'pending']);
    const importsBefore = bench.sandbox.stats().record ?? 0;

    const outcome = await resumeImport(bench.db, bench.api, id);
    expect(outcome.verifiedWithoutResend).toBe(1);
    const third = readBatches(bench.db, id)[2]!;
    expect(third).toMatchObject({ state: 'confirmed', attempts: 1 });
    // 20 batches: 17 imports for batches 4–20 plus one export to check batch 3.
    expect((bench.sandbox.stats().record ?? 0) - importsBefore).toBe(18);
    expect(await serverSnapshot(bench.api)).toBe(expected);
  }, 60_000);

  it('a connection reset before REDCap read the batch pauses the import; resuming sends that batch again', async () => {
    const { expected } = await cleanImport();
    const bench = await importBench(tempDir());
    const id = createImport(bench.db, await seededPlan(bench.api, PLAN_SEED), options, limits);
    bench.sandbox.faults.add({ kind: 'reset', match: { content: 'record', action: 'import' }, afterRequests: 5, times: 0 });
    const error = await runImport(bench.db, bench.api, id).then(() => null, (caught: unknown) => caught);
    expect(isAppError(error) && error.code).toBe('UNREACHABLE');
    expect(readBatches(bench.db, id)[5]).toMatchObject({ state: 'sending' });
    bench.sandbox.faults.clear();

    const outcome = await resumeImport(bench.db, bench.api, id);
    expect(outcome.verifiedWithoutResend).toBe(0);
    expect(readBatches(bench.db, id)[5]).toMatchObject({ state: 'confirmed', attempts: 2 });
    expect(await serverSnapshot(bench.api)).toBe(expected);
  }, 60_000);
});
