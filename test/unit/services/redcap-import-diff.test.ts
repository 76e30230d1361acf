import { describe, expect, it } from 'vitest';
import { planRedcapImport } from '../../../main/services/imports/redcap-plan.ts';
import { redcapDelete, redcapRecords } from '../../helpers/redcap-truth.ts';
import { sandboxImport, useSyncedProject } from './redcap-import-map-support.ts';

const notImportable = { bmi: null, non_hdl: null, consent_form: null };

describe('comparing a file with the cached classic project', () => {
  const synced = useSyncedProject('classic', 30);

  it('finds nothing to do in a file that repeats what REDCap holds', async () => {
    const { db, truth } = synced();
    const header = Object.keys(truth[0]!);
    const plan = await planRedcapImport(db, { header, rows: truth.map((r) => Object.values(r)) }, { mapping: notImportable, overwrite: true });
    expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(plan).toMatchObject({ rows: [], newRecords: [], changedRows: 0, unchangedRows: 30, blanked: 0, rowsRead: 30 });
  });

  it('sends only changed values, erases blanks only under overwrite, and its old values undo the import on REDCap', async () => {
    const { db, truth, sandbox, token } = synced();
    const header = ['record_id', 'first_name', 'sbp', 'email', 'race___1', 'hypertension'];
    const cells = (r: Record<string, string>): string[] => header.map((h) => r[h]!);
    const withEmail = truth.slice(2).find((r) => r.email !== '')!;
    const rows = [
      [...cells(truth[0]!).slice(0, 1), 'Changed', ...cells(truth[0]!).slice(2)],
      cells(truth[1]!),
      [withEmail.record_id!, withEmail.first_name!, withEmail.sbp!, '', withEmail.race___1!, withEmail.hypertension!],
      ['new-1', 'Nia', '118', 'nia@example.org', '1', '0'],
      ['new-2', 'Oto', '', '', '0', ''],
    ];
    const normal = await planRedcapImport(db, { header, rows });
    expect(normal).toMatchObject({ changedRows: 1, unchangedRows: 2, blanked: 0, newRecords: ['new-1', 'new-2'] });
    expect(normal.rows[0]).toEqual({ key: { record: truth[0]!.record_id, event: '', repeatInstrument: '', repeatInstance: '' }, values: { first_name: 'Changed' }, previous: { first_name: truth[0]!.first_name } });
    expect(normal.rows.slice(1).map((r) => [r.key.record, r.values, r.previous])).toEqual([
      ['new-1', { first_name: 'Nia', sbp: '118', email: 'nia@example.org', race___1: '1', hypertension: '0' }, null],
      ['new-2', { first_name: 'Oto', race___1: '0' }, null],
    ]);

    const overwrite = await planRedcapImport(db, { header, rows }, { overwrite: true });
    expect(overwrite).toMatchObject({ changedRows: 2, unchangedRows: 1, blanked: 1 });
    const blanking = overwrite.rows.find((r) => r.key.record === withEmail.record_id)!;
    expect(blanking).toMatchObject({ values: { email: '' }, previous: { email: withEmail.email } });

    // Apply the plan to REDCap, as the import will, then undo it from `previous`.
    const flat = (record: string, values: Record<string, string>): Record<string, string> => ({ record_id: record, ...values });
    expect((await sandboxImport(sandbox.url, token, overwrite.rows.map((r) => flat(r.key.record, r.values)), { overwrite: true })).ok).toBe(true);
    const after = new Map((await redcapRecords(sandbox.url, token)).map((r) => [r.record_id!, r]));
    expect(after.get(truth[0]!.record_id!)).toEqual({ ...truth[0], first_name: 'Changed' });
    expect(after.get(withEmail.record_id!)).toEqual({ ...withEmail, email: '' });
    expect(after.get('new-1')).toMatchObject({ first_name: 'Nia', sbp: '118' });

    const undo = overwrite.rows.filter((r) => r.previous !== null).map((r) => flat(r.key.record, r.previous!));
    expect((await sandboxImport(sandbox.url, token, undo, { overwrite: true })).ok).toBe(true);
    await redcapDelete(sandbox.url, token, overwrite.newRecords);
    expect(await redcapRecords(sandbox.url, token)).toEqual(truth);
  });

  it('reports progress and reads large files in batches without losing rows', async () => {
    const { db, truth } = synced();
    const rows = Array.from({ length: 2500 }, (_, i) => [String(i < 30 ? truth[i]!.record_id : `n${i}`), i % 2 ? 'A' : 'B']);
    const seen: number[] = [];
    const plan = await planRedcapImport(db, { header: ['record_id', 'first_name'], rows: (async function* () { yield* rows; })() }, { onProgress: (n) => seen.push(n) });
    expect(plan.rowsRead).toBe(2500);
    expect(plan.newRecords).toHaveLength(2470);
    expect(plan.changedRows + plan.unchangedRows + plan.newRecords.length).toBe(2500);
    expect(seen.at(-1)).toBe(2500);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('stops when cancelled', async () => {
    const { db } = synced();
    const controller = new AbortController();
    controller.abort();
    await expect(planRedcapImport(db, { header: ['record_id'], rows: [['1']] }, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('comparing a file with the cached longitudinal project', () => {
  const synced = useSyncedProject('longitudinal', 5);

  it('matches rows by record, event and repeat instance: a changed instance, an unchanged one and a new one', async () => {
    const { db, truth } = synced();
    const instances = truth.filter((r) => r.redcap_repeat_instrument === 'adverse_events');
    const [first, second] = [instances[0]!, instances[1]!];
    const header = ['study_id', 'redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance', 'ae_term'];
    const plan = await planRedcapImport(db, {
      header,
      rows: [
        [first.study_id!, first.redcap_event_name!, 'adverse_events', first.redcap_repeat_instance!, 'Nausea'],
        [second.study_id!, second.redcap_event_name!, 'adverse_events', second.redcap_repeat_instance!, second.ae_term!],
        [first.study_id!, first.redcap_event_name!, 'adverse_events', '99', 'Rash'],
      ],
    });
    expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(plan).toMatchObject({ changedRows: 1, unchangedRows: 1, newRecords: [] });
    expect(plan.rows).toEqual([
      { key: { record: first.study_id, event: first.redcap_event_name, repeatInstrument: 'adverse_events', repeatInstance: first.redcap_repeat_instance }, values: { ae_term: 'Nausea' }, previous: { ae_term: first.ae_term } },
      { key: { record: first.study_id, event: first.redcap_event_name, repeatInstrument: 'adverse_events', repeatInstance: '99' }, values: { ae_term: 'Rash' }, previous: null },
    ]);
  });
});
