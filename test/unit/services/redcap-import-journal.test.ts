import { describe, expect, it } from 'vitest';
import { readMeta } from '../../../main/services/cache/cache-db.ts';
import { exportRecords } from '../../../main/services/connectors/redcap/methods/records.ts';
import { isAppError, type AppError } from '../../../shared/contract/errors.ts';
import { batchCounts, createImport, readBatches, readImport, unfinishedImports } from '../../../main/services/imports/import-journal.ts';
import { resumeImport, runImport, SYNC_NEEDED_META } from '../../../main/services/imports/import-run.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { ID_FIELD, importBench, seededPlan } from './redcap-import-journal-support.ts';

const tempDir = useTempDirs();
const options = { recordIdField: ID_FIELD, overwriteBehavior: 'normal' as const };

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('journaled REDCap import', () => {
  it('journals every record in one batch within the limits, then sends them all and REDCap holds the new values', async () => {
    const bench = await importBench(tempDir(), 300);
    const plan = await seededPlan(bench.api, 11, 300);
    const id = createImport(bench.db, plan, options, { records: 50, bytes: 3_000 });
    const batches = readBatches(bench.db, id);
    expect(batches.every((batch) => batch.state === 'pending' && batch.attempts === 0)).toBe(true);
    expect(batches.every((batch) => batch.recordIds.length <= 50)).toBe(true);
    // The byte cap splits batches below the record limit.
    expect(batches.some((batch) => batch.recordIds.length < 50 && batch.batchNo < batches.length)).toBe(true);
    expect(batches.every((batch) => JSON.stringify(batch.payload).length <= 3_000)).toBe(true);
    const allIds = batches.flatMap((batch) => batch.recordIds);
    expect(new Set(allIds).size).toBe(allIds.length);
    expect(allIds).toHaveLength(600);

    const seen: number[] = [];
    const outcome = await runImport(bench.db, bench.api, id, { onProgress: (p) => seen.push(p.batchesDone) });
    expect(outcome).toMatchObject({ batches: batches.length, rows: 600, verifiedWithoutResend: 0, syncNeeded: true });
    expect(seen.at(-1)).toBe(batches.length);
    expect(readImport(bench.db, id).state).toBe('done');
    expect(readMeta(bench.db, SYNC_NEEDED_META)).not.toBeNull();

    const server = new Map((await exportRecords(bench.api, { fields: [ID_FIELD, 'first_name', 'last_name', 'phone', 'dob', 'sex'] })).map((row) => [String(row[ID_FIELD]), row]));
    expect(server.size).toBe(600);
    for (const row of plan.rows) expect(server.get(row.key.record)).toMatchObject(row.values);
  });

  it('commits a batch as "sending" before its request leaves, so a crash at that moment is known to be uncertain', async () => {
    const bench = await importBench(tempDir(), 40);
    const plan = await seededPlan(bench.api, 12, 40);
    const id = createImport(bench.db, plan, options, { records: 20, bytes: 1_000_000 });
    bench.sandbox.faults.add({ kind: 'latency', latencyMs: 400, match: { content: 'record', action: 'import' }, times: 1 });
    const running = runImport(bench.db, bench.api, id);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(readBatches(bench.db, id).map((batch) => [batch.state, batch.attempts])).toEqual([['sending', 1], ['pending', 0], ['pending', 0], ['pending', 0]]);
    expect(unfinishedImports(bench.db).map((entry) => entry.id)).toEqual([id]);
    await running;
    expect(batchCounts(bench.db, id)).toMatchObject({ batches: 4, confirmedBatches: 4 });
    expect(unfinishedImports(bench.db)).toEqual([]);
  });

  it('stops at a batch REDCap refuses, with its per-row errors, and sends nothing after it', async () => {
    const bench = await importBench(tempDir(), 90);
    const plan = await seededPlan(bench.api, 13, 0);
    const bad = plan.rows[45]!;
    bad.values = { ...bad.values, dob: '1970-13-45' };
    const id = createImport(bench.db, plan, options, { records: 30, bytes: 1_000_000 });
    const before = await exportRecords(bench.api, { records: plan.rows.slice(60).map((row) => row.key.record), fields: [ID_FIELD, 'first_name'] });

    const error = await failure(runImport(bench.db, bench.api, id));
    expect(error.code).toBe('SERVICE_ERROR');
    expect(error.message).toContain('Batch 2 of 3');
    expect(error.message).not.toContain('1970-13-45');
    expect(error.details?.rowErrors).toEqual([expect.objectContaining({ record: bad.key.record, field: 'dob', value: '1970-13-45' })]);
    expect(readBatches(bench.db, id).map((batch) => batch.state)).toEqual(['confirmed', 'failed', 'pending']);
    expect(readImport(bench.db, id)).toMatchObject({ state: 'failed', error: { code: 'SERVICE_ERROR' } });
    // Batch 3 never reached REDCap.
    expect(await exportRecords(bench.api, { records: plan.rows.slice(60).map((row) => row.key.record), fields: [ID_FIELD, 'first_name'] })).toEqual(before);
    // A refused import is not resumed blindly.
    expect((await failure(resumeImport(bench.db, bench.api, id))).code).toBe('CONFLICT');
  });
});
