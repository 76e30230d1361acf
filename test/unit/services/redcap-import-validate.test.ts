import { describe, expect, it } from 'vitest';
import type { CellProblem } from '../../../main/services/imports/import-types.ts';
import { planRedcapImport } from '../../../main/services/imports/redcap-plan.ts';
import { sandboxImport, useSyncedProject } from './redcap-import-map-support.ts';

const errors = (problems: CellProblem[]): Array<[number, string | null, string]> => problems.filter((p) => p.severity === 'error').map((p) => [p.row, p.column, p.code]);

describe('checking values against the classic project data dictionary', () => {
  const synced = useSyncedProject('classic', 10);

  it('refuses the values REDCap refuses, with its messages, cell by cell', async () => {
    const { db, sandbox, token } = synced();
    const header = ['record_id', 'sbp', 'sex', 'email', 'dob', 'bmi', 'race___2', 'enrollment_complete', 'zip'];
    const bad = [
      ['1', 'high', '1', 'a@example.org', '1980-01-01', '', '1', '2', '80203'],
      ['2', '120', '9', 'not-an-email', '1980-02-30', '', '1', '2', '80203'],
      ['3', '120', '1', 'b@example.org', '1980-01-01', '24.1', 'yes', '7', '802'],
    ];
    const plan = await planRedcapImport(db, { header, rows: bad });
    expect(errors(plan.problems)).toEqual([
      [1, 'sbp', 'invalid-format'],
      [2, 'sex', 'invalid-category'],
      [2, 'email', 'invalid-format'],
      [2, 'dob', 'invalid-format'],
      [3, 'bmi', 'not-importable'],
      [3, 'race___2', 'invalid-category'],
      [3, 'enrollment_complete', 'invalid-category'],
      [3, 'zip', 'invalid-format'],
    ]);
    expect(plan.rows).toEqual([]);
    // The same rows sent to REDCap: refused, and for each cell REDCap names, our message is its message.
    const answer = await sandboxImport(sandbox.url, token, bad.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]!]))));
    expect(answer.ok).toBe(false);
    for (const p of plan.problems.filter((x) => x.code === 'invalid-format' || x.code === 'invalid-category')) {
      expect(answer.text).toContain(p.message);
    }
  });

  it('accepts what REDCap accepts: converted dates, labels as codes, and stores them as REDCap does', async () => {
    const { db, sandbox, token } = synced();
    const header = ['record_id', 'dob', 'visit_datetime', 'sex', 'diabetes', 'race___3', 'laboratory_complete', 'phone', 'sbp'];
    const rows = [['new-1', '3/7/1980', '12/31/2023 9:05', 'Female', 'yes', 'Checked', 'Unverified', '(919) 555-0195', '121']];
    const plan = await planRedcapImport(db, { header, rows }, { dateFormat: 'MDY', labelsToCodes: true });
    expect(errors(plan.problems)).toEqual([]);
    expect(plan.rows).toEqual([{ key: { record: 'new-1', event: '', repeatInstrument: '', repeatInstance: '' }, previous: null, values: { dob: '1980-03-07', visit_datetime: '2023-12-31 09:05', sex: '1', diabetes: '1', race___3: '1', laboratory_complete: '1', phone: '(919) 555-0195', sbp: '121' } }]);
    const answer = await sandboxImport(sandbox.url, token, [{ record_id: 'new-1', ...plan.rows[0]!.values }]);
    expect(answer.ok).toBe(true);
    expect(JSON.parse(answer.text)).toEqual({ count: 1 });
    // Without labelsToCodes a label is what REDCap calls it: not a valid category.
    const strict = await planRedcapImport(db, { header, rows }, { dateFormat: 'MDY' });
    expect(errors(strict.problems).map((e) => e[1])).toEqual(['sex', 'diabetes', 'race___3', 'laboratory_complete']);
  });

  it('warns, without refusing, about values out of range and required fields left blank on a new record', async () => {
    const { db } = synced();
    const plan = await planRedcapImport(db, { header: ['record_id', 'sbp', 'dbp', 'first_name', 'mrn'], rows: [['n-9', '300', '80', 'Ann', '']] });
    expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(plan.problems.map((p) => [p.code, p.field])).toEqual([
      ['out-of-range', 'sbp'],
      ['required', 'visit_datetime'],
      ['required', 'mrn'],
      ['required', 'last_name'],
      ['required', 'dob'],
      ['required', 'sex'],
    ]);
    expect(plan.rows).toHaveLength(1);
  });

  it('reads day-first dates, warns about a birth date in the future, and lists the first 1,000 of many problems', async () => {
    const { db } = synced();
    const plan = await planRedcapImport(db, { header: ['record_id', 'dob', 'lab_date'], rows: [['1', '31/12/1970', '01.02.2020'], ['2', '1/1/2099', '']] }, { dateFormat: 'DMY', now: new Date('2026-01-01T00:00:00Z') });
    expect(plan.problems.map((p) => [p.row, p.column, p.severity, p.code])).toEqual([[2, 'dob', 'warning', 'out-of-range']]);
    expect(plan.rows.map((r) => r.values)).toEqual([{ dob: '1970-12-31', lab_date: '2020-02-01' }, { dob: '2099-01-01' }]);
    const many = await planRedcapImport(db, { header: ['record_id', 'sbp'], rows: Array.from({ length: 1500 }, (_, i) => [`x${i}`, 'high']) });
    expect(many.problemCount).toBe(1500);
    expect(many.problems).toHaveLength(1000);
    expect(many.rows).toEqual([]);
  });

  it('refuses a blank record ID and the same record twice', async () => {
    const { db } = synced();
    const plan = await planRedcapImport(db, { header: ['record_id', 'first_name'], rows: [['', 'Ann'], ['1', 'Bob'], ['1', 'Bo']] });
    expect(errors(plan.problems)).toEqual([[1, 'record_id', 'blank-record-id'], [3, null, 'duplicate-row']]);
  });
});

describe('checking rows against the longitudinal project events and repeating forms', () => {
  const synced = useSyncedProject('longitudinal', 5);

  it('refuses fields on events that do not hold their form and repeating data without its instance, as REDCap does', async () => {
    const { db, sandbox, token } = synced();
    const header = ['study_id', 'redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance', 'screen_date', 'ae_term', 'sbp'];
    const rows = [
      ['1', 'baseline_arm_1', '', '', '2022-10-31', '', ''],
      ['1', 'month_6_arm_1', '', '', '', 'Cough', ''],
      ['1', 'nowhere_arm_9', '', '', '', '', '120'],
      ['1', 'screening_arm_1', '', '2', '', '', ''],
    ];
    const plan = await planRedcapImport(db, { header, rows });
    expect(errors(plan.problems)).toEqual([
      [1, 'screen_date', 'not-designated'],
      [2, 'ae_term', 'repeat-columns-missing'],
      [3, 'redcap_event_name', 'invalid-event'],
      [4, 'redcap_repeat_instance', 'instance-not-allowed'],
    ]);
    const answer = await sandboxImport(sandbox.url, token, rows.slice(0, 2).map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]!]).filter(([, v]) => v !== ''))));
    expect(answer.ok).toBe(false);
    expect(answer.text).toContain(plan.problems[0]!.message);
    expect(plan.problems[0]!.message).toContain("'Baseline (Arm 1: Intervention)'");
  });

  it('accepts an event by its label and a new instance of a repeating instrument by its label', async () => {
    const { db } = synced();
    const header = ['study_id', 'redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance', 'ae_term'];
    const plan = await planRedcapImport(db, { header, rows: [['1', 'Month 6 (Arm 1)', 'Adverse events', '', 'Cough']] });
    expect(errors(plan.problems)).toEqual([]);
    expect(plan.rows.map((r) => r.key)).toEqual([{ record: '1', event: 'month_6_arm_1', repeatInstrument: 'adverse_events', repeatInstance: '1' }]);
  });
});
