// A column named after a checkbox field ("race", or its label) whose cells list the checked choices:
// mapped to every race___<code> column, the listed ones checked and the others unchecked.

import { describe, expect, it } from 'vitest';
import type { ImportPlanSummary } from '../../../shared/contract/imports.ts';
import { parseCheckboxSet } from '../../../main/services/imports/redcap-checkbox-set.ts';
import type { ImportField } from '../../../main/services/imports/redcap-map-project.ts';
import { planRedcapImport } from '../../../main/services/imports/redcap-plan.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { call, csv, importSetup, planFile, serverRecords, settled } from './import-service-support.ts';

const tempDir = useTempDirs();
const race = (values: string[]): Record<string, string> => Object.fromEntries(values.map((v, i) => [`race___${i + 1}`, v]));

describe('a checkbox field as one column of choices', () => {
  it('maps "race" and "Other diagnosed conditions…" to all their choices, imports the set, and unchecks the choices not listed', async () => {
    const s = await importSetup(tempDir(), 6);
    const before = await serverRecords(s);
    const [first, second] = [...before.values()];
    const text = csv([
      ['record_id', 'race', 'Other diagnosed conditions (check all that apply)'],
      [first!.record_id!, '2;4', 'Heart failure | 4'],
      [second!.record_id!, 'Asian, Other, not listed', ''],
      ['cb-new', '1', 'stroke or tia'],
    ]);
    const planned = await planFile(s, 'race.csv', text);
    expect(planned.errors).toBe(0);
    const summary = await call<ImportPlanSummary>(s.core, 'imports.planSummary', { planId: planned.planId });
    expect(summary.mapping).toEqual([
      { column: 'record_id', field: 'record_id', how: 'name' },
      { column: 'race', field: 'race', how: 'checkbox (all choices)' },
      { column: 'Other diagnosed conditions (check all that apply)', field: 'conditions', how: 'checkbox (all choices)' },
    ]);
    // The mapping screen offers the whole field as well as each choice.
    expect(summary.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['race', 'race___1', 'conditions', 'conditions___4']));

    const { jobId } = await call<{ jobId: string }>(s.core, 'imports.start', { planId: planned.planId });
    expect((await settled(s.core, jobId)).state).toBe('succeeded');
    const after = await serverRecords(s);
    expect(after.get(first!.record_id!)).toMatchObject({ ...race(['0', '1', '0', '1', '0']), conditions___1: '0', conditions___2: '1', conditions___3: '0', conditions___4: '1' });
    // A blank cell says nothing: the record's conditions are as they were.
    expect(after.get(second!.record_id!)).toMatchObject({ ...race(['0', '1', '0', '0', '1']), conditions___1: second!.conditions___1, conditions___4: second!.conditions___4 });
    expect(after.get('cb-new')).toMatchObject({ ...race(['1', '0', '0', '0', '0']), conditions___3: '1', conditions___1: '0' });
  });

  it('names the row and column of a choice the field does not have, and refuses a file that sets a choice twice', async () => {
    const s = await importSetup(tempDir(), 4);
    const db = s.core.services.cache.db(s.connectionId);
    const plan = await planRedcapImport(db, { header: ['record_id', 'race'], rows: [['1', '2'], ['2', 'Asian; Martian | 9']] });
    const errors = plan.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.row, p.column, p.field, p.code])).toEqual([[2, 'race', 'race', 'invalid-category']]);
    expect(errors[0]!.message).toMatch(/^"Martian", "9" are not choices of the checkbox field race \(1 = American Indian or Alaska Native, 2 = Asian, .*\)\. List its codes or labels separated by , ; or \|\.$/);

    const both = await planRedcapImport(db, { header: ['record_id', 'race', 'race___2'], rows: [['1', '1', '1']] });
    expect(both.problems.filter((p) => p.severity === 'error').map((p) => [p.row, p.column, p.code])).toEqual([[0, 'race___2', 'duplicate-column']]);
  });

  it('reads codes and labels with any of the separators, a label holding a separator included', () => {
    const field: ImportField = {
      name: 'race', form: 'enrollment', type: 'checkbox', label: 'Race', validation: '', min: '', max: '', required: false,
      choices: [['1', 'American Indian or Alaska Native'], ['2', 'Asian'], ['3', 'Black or African American'], ['4', 'White'], ['5', 'Other, not listed']],
    };
    const codes = (raw: string): string[] | string[][] => {
      const result = parseCheckboxSet(field, raw);
      return result.ok ? [...result.checked].sort() : [result.unknown];
    };
    expect(codes('1,3')).toEqual(['1', '3']);
    expect(codes(' white ; 2 ')).toEqual(['2', '4']);
    expect(codes('Other, not listed|Asian')).toEqual(['2', '5']);
    expect(codes('Other, not listed')).toEqual(['5']);
    expect(codes('4,,')).toEqual(['4']);
    expect(codes('Other')).toEqual([['Other']]);
    expect(codes('1;Fever')).toEqual([['Fever']]);
  });
});
