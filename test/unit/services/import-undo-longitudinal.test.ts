// Undo of an import that ADDED rows to records that already existed: a new event, a new instance of a
// repeating instrument, a new instance of a repeating event. REDCap's partial delete removes exactly
// those rows (the server is 14.1.5); where it may not be used, they are blanked and the preview says so.

import { describe, expect, it } from 'vitest';
import { createImport, readBatches, readImport } from '../../../main/services/imports/import-journal.ts';
import { supportsPartialDelete } from '../../../main/services/imports/import-journal-undo.ts';
import { runImport } from '../../../main/services/imports/import-run.ts';
import { prepareUndo, previewUndo, undoImport } from '../../../main/services/imports/import-undo.ts';
import { planRedcapImport } from '../../../main/services/imports/redcap-plan.ts';
import { redcapRecords } from '../../helpers/redcap-truth.ts';
import { apiFor } from './redcap-import-journal-support.ts';
import { useSyncedProject } from './redcap-import-map-support.ts';

type Row = Record<string, string>;
const rowKey = (row: Row): string => [row.study_id, row.redcap_event_name, row.redcap_repeat_instrument, row.redcap_repeat_instance].join('|');

/** Three rows the project does not have yet, each on a record it does have. */
function additions(truth: Row[]): { header: string[]; rows: string[][]; keys: string[] } {
  const has = (record: string, event: string, instrument = '', instance = ''): boolean => truth.some((r) => rowKey(r) === [record, event, instrument, instance].join('|'));
  const records = [...new Set(truth.map((r) => r.study_id!))];
  const newEvent = records.find((id) => has(id, 'screening_arm_1') && !has(id, 'month_3_arm_1'));
  const withBaseline = records.find((id) => has(id, 'baseline_arm_1') && id !== newEvent);
  expect(newEvent, 'a record of arm 1 without a Month 3 row').toBeDefined();
  expect(withBaseline, 'a record with a baseline row').toBeDefined();
  const nextInstance = (record: string, event: string, instrument: string): string => {
    const used = truth.filter((r) => r.study_id === record && r.redcap_event_name === event && r.redcap_repeat_instrument === instrument).map((r) => Number(r.redcap_repeat_instance || 0));
    return String(Math.max(0, ...used) + 1);
  };
  const aeInstance = nextInstance(withBaseline!, 'baseline_arm_1', 'adverse_events');
  const visitInstance = nextInstance(newEvent!, 'unscheduled_arm_1', '');
  const header = ['study_id', 'redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance', 'sbp', 'heart_rate', 'ae_term', 'ae_severity'];
  const rows = [
    [newEvent!, 'month_3_arm_1', '', '', '121', '71', '', ''],
    [withBaseline!, 'baseline_arm_1', 'adverse_events', aeInstance, '', '', 'Headache', '1'],
    [newEvent!, 'unscheduled_arm_1', '', visitInstance, '133', '', '', ''],
  ];
  const keys = [[newEvent!, 'month_3_arm_1', '', ''], [withBaseline!, 'baseline_arm_1', 'adverse_events', aeInstance], [newEvent!, 'unscheduled_arm_1', '', visitInstance]].map((k) => k.join('|'));
  return { header, rows, keys };
}

describe('undoing an import that added events and repeat instances to existing records', () => {
  const synced = useSyncedProject('longitudinal', 30);
  const options = { recordIdField: 'study_id', overwriteBehavior: 'normal' as const };

  it('removes exactly the added rows with REDCap partial deletes: the project is as it was, no blank rows left', async () => {
    const { db, sandbox, token, truth } = synced();
    const api = apiFor(sandbox, token);
    const before = await redcapRecords(sandbox.url, token);
    expect(before).toEqual(truth);
    const { header, rows, keys } = additions(before);
    const plan = await planRedcapImport(db, { header, rows });
    expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(plan.newRecords).toEqual([]);
    const id = createImport(db, plan, options);
    await runImport(db, api, id);
    const imported = await redcapRecords(sandbox.url, token);
    for (const key of keys) expect(imported.some((row) => rowKey(row) === key), key).toBe(true);

    expect(previewUndo(db, id)).toMatchObject({ removeRows: 3, blankRows: 0, blankReason: null, restoreRows: 0, deleteRecords: 0, importedBatches: 1 });
    const undoId = prepareUndo(db, id);
    const batches = readBatches(db, undoId);
    expect(batches.every((batch) => batch.action === 'delete-data')).toBe(true);
    // Arm, event and instrument always named (instance too on repeating rows): never a bare record delete.
    expect(batches.map((batch) => batch.payload[0])).toEqual(expect.arrayContaining([
      { arm: '1', event: 'month_3_arm_1', instrument: 'vitals', repeat_instance: '' },
      { arm: '1', event: 'baseline_arm_1', instrument: 'adverse_events', repeat_instance: rows[1]![3] },
      { arm: '1', event: 'unscheduled_arm_1', instrument: 'vitals', repeat_instance: rows[2]![3] },
    ]));
    await undoImport(db, api, id);
    expect(readImport(db, id).state).toBe('undone');
    expect(await redcapRecords(sandbox.url, token)).toEqual(before);
  });

  it('where a partial delete is not safe (an older REDCap), the added rows are blanked and the preview says so', async () => {
    const { db, sandbox, token } = synced();
    const api = apiFor(sandbox, token);
    const before = await redcapRecords(sandbox.url, token);
    const { header, rows, keys } = additions(before);
    const id = createImport(db, await planRedcapImport(db, { header, rows }), options);
    await runImport(db, api, id);

    const preview = previewUndo(db, id, { partialDeletes: false });
    expect(preview).toMatchObject({ removeRows: 0, blankRows: 3 });
    expect(preview.blankReason).toMatch(/cannot delete one event's data through its API \(that needs 14\.1\.3 or later\), so those rows are blanked instead of removed/);
    await undoImport(db, api, id, {}, undefined, { partialDeletes: false });
    const after = await redcapRecords(sandbox.url, token);
    for (const key of keys) {
      // The row stays, empty: what the import wrote is gone, but the row itself could not be removed.
      const row = after.find((r) => rowKey(r) === key);
      expect(row, key).toBeDefined();
      expect([row!.sbp, row!.heart_rate, row!.ae_term, row!.ae_severity]).toEqual(['', '', '', '']);
    }
  });

  it('partial deletes only on servers known to take their parameters', () => {
    expect(['14.1.3', '14.1.5', '15.0.1', '16.1.3'].map(supportsPartialDelete)).toEqual([true, true, true, true]);
    expect(['14.1.2', '14.0.9', '13.7.30', '', 'banana'].map(supportsPartialDelete)).toEqual([false, false, false, false, false]);
  });
});
