import { describe, expect, it } from 'vitest';
import { exportRecords } from '../../../main/services/connectors/redcap/methods/records.ts';
import { isAppError } from '../../../shared/contract/errors.ts';
import { createImport, readBatches, readImport } from '../../../main/services/imports/import-journal.ts';
import { resumeImport, runImport } from '../../../main/services/imports/import-run.ts';
import { prepareUndo, previewUndo, undoImport } from '../../../main/services/imports/import-undo.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { ID_FIELD, importBench, seededPlan, serverSnapshot } from './redcap-import-journal-support.ts';

const tempDir = useTempDirs();
const limits = { records: 100, bytes: 1_000_000 };

describe('undoing a REDCap import', () => {
  it('restores REDCap exactly to its state before the import: new records deleted, changed values (blanks included) restored', async () => {
    const bench = await importBench(tempDir(), 300);
    const before = await serverSnapshot(bench.api);
    const plan = await seededPlan(bench.api, 21, 250);
    // Blanks that overwrite stored values, and values that fill fields that were blank before.
    for (const row of plan.rows.slice(0, 40)) row.values = { ...row.values, phone: '' };
    expect(plan.rows.some((row) => row.previous?.phone === '')).toBe(true);
    const id = createImport(bench.db, plan, { recordIdField: ID_FIELD, overwriteBehavior: 'overwrite' }, limits);
    await runImport(bench.db, bench.api, id);
    expect(await serverSnapshot(bench.api)).not.toBe(before);

    expect(previewUndo(bench.db, id)).toMatchObject({ restoreRows: 300, restoreValues: 900, deleteRecords: 250, blankRows: 0, batches: 6, importedBatches: 6, uncertainBatches: 0 });
    const undoId = prepareUndo(bench.db, id, limits);
    expect(readBatches(bench.db, undoId).map((batch) => batch.action)).toEqual(['import', 'import', 'import', 'delete', 'delete', 'delete']);
    const outcome = await undoImport(bench.db, bench.api, id, {}, limits);
    expect(outcome.undoId).toBe(undoId);
    expect(await serverSnapshot(bench.api)).toBe(before);
    expect(readImport(bench.db, id).state).toBe('undone');
    expect(readImport(bench.db, undoId)).toMatchObject({ kind: 'undo', state: 'done', undoOf: id });
    const again = await undoImport(bench.db, bench.api, id).then(() => null, (caught: unknown) => caught);
    expect(isAppError(again) && again.code).toBe('CONFLICT');
  });

  it('after a refused batch, undo reverts only what REDCap saved', async () => {
    const bench = await importBench(tempDir(), 200);
    const before = await serverSnapshot(bench.api);
    const plan = await seededPlan(bench.api, 22, 100);
    const bad = plan.rows[150]!;
    bad.values = { ...bad.values, sex: '7' };
    const id = createImport(bench.db, plan, { recordIdField: ID_FIELD, overwriteBehavior: 'normal' }, limits);
    await runImport(bench.db, bench.api, id).catch(() => undefined);
    expect(readImport(bench.db, id).state).toBe('failed');
    expect(previewUndo(bench.db, id)).toMatchObject({ restoreRows: 100, deleteRecords: 0, batches: 3, importedBatches: 1, uncertainBatches: 0 });
    await undoImport(bench.db, bench.api, id, {}, limits);
    expect(await serverSnapshot(bench.api)).toBe(before);
    expect((await exportRecords(bench.api, { fields: [ID_FIELD] })).length).toBe(200);
  });

  it('an undo cut off by the network resumes without deleting twice', async () => {
    const bench = await importBench(tempDir(), 100);
    const before = await serverSnapshot(bench.api);
    const id = createImport(bench.db, await seededPlan(bench.api, 23, 150), { recordIdField: ID_FIELD, overwriteBehavior: 'normal' }, limits);
    await runImport(bench.db, bench.api, id);
    // REDCap deletes the first batch of new records but the answer never arrives.
    bench.sandbox.faults.add({ kind: 'reset', afterBytes: 1, match: { content: 'record', action: 'delete' }, times: 1 });
    const error = await undoImport(bench.db, bench.fragileApi, id, {}, limits).then(() => null, (caught: unknown) => caught);
    expect(isAppError(error) && error.retryable).toBe(true);
    expect(readImport(bench.db, id).state).toBe('done');
    await undoImport(bench.db, bench.api, id, {}, limits);
    expect(await serverSnapshot(bench.api)).toBe(before);
  });
  it('an interrupted import can be undone: the confirmed batches and the uncertain one are reverted, and it can no longer be resumed', async () => {
    const bench = await importBench(tempDir(), 200);
    const before = await serverSnapshot(bench.api);
    const id = createImport(bench.db, await seededPlan(bench.api, 24, 200), { recordIdField: ID_FIELD, overwriteBehavior: 'normal' }, limits);
    // Batches 1 and 2 go through; REDCap saves batch 3 but its answer is cut off; the network is then gone.
    bench.sandbox.faults.add({ kind: 'reset', afterBytes: 1, match: { content: 'record', action: 'import' }, afterRequests: 2, times: 1 });
    const error = await runImport(bench.db, bench.fragileApi, id).then(() => null, (caught: unknown) => caught);
    expect(isAppError(error) && error.retryable).toBe(true);
    expect(readImport(bench.db, id).state).toBe('interrupted');
    expect(readBatches(bench.db, id).map((batch) => batch.state)).toEqual(['confirmed', 'confirmed', 'sending', 'pending']);
    expect(await serverSnapshot(bench.api)).not.toBe(before);

    expect(previewUndo(bench.db, id)).toMatchObject({ batches: 4, importedBatches: 2, uncertainBatches: 1, restoreRows: 200, deleteRecords: 100 });
    await undoImport(bench.db, bench.api, id, {}, limits);
    expect(await serverSnapshot(bench.api)).toBe(before);
    expect(readImport(bench.db, id).state).toBe('undone');
    const resumed = await resumeImport(bench.db, bench.api, id).then(() => null, (caught: unknown) => caught);
    expect(isAppError(resumed) && resumed.code).toBe('CONFLICT');
    expect(isAppError(resumed) && resumed.message).toMatch(/was undone, so it cannot be resumed/);
    expect(await serverSnapshot(bench.api)).toBe(before);
  });

  it('while an undo of an interrupted import is unfinished, resuming the import is refused', async () => {
    const bench = await importBench(tempDir(), 100);
    const id = createImport(bench.db, await seededPlan(bench.api, 25, 200), { recordIdField: ID_FIELD, overwriteBehavior: 'normal' }, limits);
    bench.sandbox.faults.add({ kind: 'status', status: 503, match: { content: 'record', action: 'import' }, afterRequests: 1, times: 0 });
    await runImport(bench.db, bench.fragileApi, id).catch(() => undefined);
    expect(readImport(bench.db, id).state).toBe('interrupted');
    prepareUndo(bench.db, id, limits);
    const resumed = await resumeImport(bench.db, bench.api, id).then(() => null, (caught: unknown) => caught);
    expect(isAppError(resumed) && resumed.message).toMatch(/is being undone, so it cannot be resumed/);
  });

  it('an import REDCap never received has nothing to undo, and says so', async () => {
    const bench = await importBench(tempDir(), 50);
    const id = createImport(bench.db, await seededPlan(bench.api, 26, 10), { recordIdField: ID_FIELD, overwriteBehavior: 'normal' }, limits);
    const caught = (() => {
      try {
        previewUndo(bench.db, id);
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(isAppError(caught) && caught.message).toMatch(/has not received any batch of this import/);
  });
});
