import { describe, expect, it } from 'vitest';
import { cachedStructure } from '../../../main/services/connectors/redcap/overview.ts';
import { mapHeader } from '../../../main/services/imports/redcap-map.ts';
import { importProject } from '../../../main/services/imports/redcap-map-project.ts';
import { planRedcapImport } from '../../../main/services/imports/redcap-plan.ts';
import { useSyncedProject } from './redcap-import-map-support.ts';

describe('mapping a file header to the classic project', () => {
  const synced = useSyncedProject('classic', 10);
  const project = () => importProject(cachedStructure(synced().db)!);

  it('maps every column of a REDCap export by name, with nothing left over', () => {
    const header = Object.keys(synced().truth[0]!);
    const mapped = mapHeader(project(), header);
    expect(mapped.unmapped).toEqual([]);
    expect(mapped.problems).toEqual([]);
    expect(Object.entries(mapped.mapping).every(([column, target]) => column === target)).toBe(true);
  });

  it('recognises labels typed with other case and spacing, checkbox choices by label, and reports what it cannot place', () => {
    const header = ['Record ID', 'medical RECORD number  (mrn)', 'FIRST_NAME', 'race___asian', 'Race (check all that apply) (choice=White)', 'conditions___3', 'Shoe size', 'diabetes_complete'];
    const mapped = mapHeader(project(), header);
    expect(mapped.mapping).toEqual({
      'Record ID': 'record_id',
      'medical RECORD number  (mrn)': 'mrn',
      FIRST_NAME: 'first_name',
      race___asian: 'race___2',
      'Race (check all that apply) (choice=White)': 'race___4',
      conditions___3: 'conditions___3',
      'Shoe size': null,
      diabetes_complete: null,
    });
    expect(mapped.unmapped).toEqual(['Shoe size', 'diabetes_complete']);
    expect(mapped.problems).toEqual([]);
  });

  it('lets an explicit mapping skip a column, place an unknown one, and refuses fields that do not exist', () => {
    const mapped = mapHeader(project(), ['id', 'MRN', 'Given name', 'notes'], { id: 'record_id', MRN: null, 'Given name': 'first_name', notes: 'no_such_field' });
    expect(mapped.mapping).toEqual({ id: 'record_id', MRN: null, 'Given name': 'first_name', notes: null });
    expect(mapped.unmapped).toEqual([]);
    expect(mapped.problems).toEqual([expect.objectContaining({ row: 0, column: 'notes', severity: 'error', code: 'unknown-field' })]);
  });

  it('says when the record ID is missing, when two columns feed one field, and when a column is a descriptive text', () => {
    const mapped = mapHeader(project(), ['first_name', 'First name', 'bp_instructions']);
    expect(mapped.problems.map((p) => [p.code, p.column])).toEqual([
      ['duplicate-column', 'First name'],
      ['not-importable', 'bp_instructions'],
      ['no-record-id', null],
    ]);
  });

  it('a plan without a record ID column checks no rows and says why', async () => {
    const plan = await planRedcapImport(synced().db, { header: ['first_name'], rows: [['Ann'], ['Bob']] });
    expect(plan.rowsRead).toBe(2);
    expect(plan.rows).toEqual([]);
    expect(plan.problems).toEqual([expect.objectContaining({ code: 'no-record-id', field: 'record_id', severity: 'error' })]);
  });
});

describe('mapping a file header to the longitudinal project', () => {
  const synced = useSyncedProject('longitudinal', 5);

  it('maps the event, repeat and DAG columns by name or label and asks for the event when it is missing', () => {
    const project = importProject(cachedStructure(synced().db)!);
    const mapped = mapHeader(project, ['study_id', 'Event Name', 'repeat instrument', 'redcap_repeat_instance', 'redcap_data_access_group', 'sbp']);
    expect(Object.values(mapped.mapping)).toEqual(['study_id', 'redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance', 'redcap_data_access_group', 'sbp']);
    expect(mapHeader(project, ['study_id', 'sbp']).problems).toEqual([expect.objectContaining({ code: 'no-event', severity: 'error' })]);
  });
});
