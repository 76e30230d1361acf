import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { DatasetColumn } from '../../../main/services/cache/dataset-columns.ts';
import { writeWholeDataset } from '../../../main/services/cache/dataset-writer.ts';
import { migrate } from '../../../main/services/cache/migrations.ts';
import { exportColumns } from '../../../main/services/export/export-columns.ts';
import { redcapRecords } from '../../helpers/redcap-truth.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { exportAndWait, exportSetup, TOKEN } from './export-service-support.ts';

const tempDir = useTempDirs();

function kinds(result: ReturnType<typeof exportColumns>): Record<string, string> {
  return Object.fromEntries(result.columns.map((c) => [c.name, c.kind]));
}

describe('export column kinds: numbers stay numbers, dates stay dates, IDs keep their zeros', () => {
  it('REDCap records take their kinds from the cached data dictionary; labelled columns are text in label mode', async () => {
    const { core, connectionId } = await exportSetup(tempDir(), tempDir());
    const db = core.services.cache.db(connectionId);
    const view = core.services.views.open(db, connectionId, { dataset: 'records', mode: 'raw', sort: [], filter: '' });
    const source = { db, service: 'redcap' as const, dataset: 'records', table: view.table, columns: view.columns, columnIndexes: view.columnIndexes, scanValues: true };
    const raw = exportColumns({ ...source, mode: 'raw' });
    expect(kinds(raw)).toMatchObject({
      record_id: 'id', mrn: 'text', first_name: 'text', dob: 'date', sex: 'integer', race___2: 'integer', zip: 'text',
      visit_datetime: 'datetime', height_cm: 'number', weight_kg: 'number', bmi: 'number', sbp: 'integer', hba1c: 'number',
      enrollment_complete: 'integer', medications: 'text',
    });
    const sex = raw.dictionary.find((e) => e.field === 'sex')!;
    expect(sex).toMatchObject({ label: 'Sex assigned at birth', type: 'radio', form: 'enrollment', choices: [{ code: '1', label: 'Female' }, { code: '2', label: 'Male' }, { code: '3', label: 'Intersex' }] });
    expect(raw.dictionary.find((e) => e.field === 'dob')).toMatchObject({ validation: 'date_ymd', choices: [] });
    expect(raw.dictionary.find((e) => e.field === 'race___2')).toMatchObject({ type: 'checkbox', choices: [{ code: '0', label: 'Unchecked' }, { code: '1', label: 'Checked' }] });

    const labels = kinds(exportColumns({ ...source, mode: 'label' }));
    expect(labels).toMatchObject({ sex: 'text', race___2: 'text', enrollment_complete: 'text', sbp: 'integer', dob: 'date', record_id: 'id' });
  });

  it('a numeric column with a leading zero or more than 15 digits anywhere in the cache becomes text; date-named columns only when every value is a date', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db);
    const column = (name: string, extra: Partial<DatasetColumn> = {}): DatasetColumn => ({ name, label: name, fieldType: 'text', form: null, numeric: false, isKey: false, ...extra });
    const columns = [
      column('id', { isKey: true }), column('count', { numeric: true }), column('code', { numeric: true }), column('big', { numeric: true }),
      column('start_date'), column('end_date'), column('timestamp'), column('comment'),
    ];
    const rows = [
      ['a', '-3', '12', '123456789012345', '2024-01-02', '2024-01-02', '2024-01-02 10:30', '=1'],
      ['b', '4.5', '007', '1234567890123456', '', 'unknown', '2024-01-02 10:30:15', ''],
    ];
    writeWholeDataset(db, 'bs_private_session', columns, rows, { title: 'Sessions', group: 'records' }, '2026-01-01T00:00:00Z');
    const result = exportColumns({ db, service: 'brainstem', dataset: 'bs_private_session', table: 'ds_bs_private_session', columns, columnIndexes: columns.map((_, i) => i), mode: 'raw', scanValues: true });
    expect(kinds(result)).toEqual({ id: 'id', count: 'number', code: 'id', big: 'id', start_date: 'date', end_date: 'text', timestamp: 'datetime', comment: 'text' });
    expect(result.dictionary[1]).toEqual({ field: 'count', label: 'count', type: 'text', validation: '', choices: [], form: null });
  });

  it('XLSX through the service: typed cells, text IDs with their zeros, a Dictionary and an About sheet without secrets', async () => {
    const { core, out, sandbox, connectionId } = await exportSetup(tempDir(), tempDir());
    const truth = await redcapRecords(sandbox.url, TOKEN);
    const job = await exportAndWait(core, { view: { connectionId, dataset: 'records', mode: 'raw', sort: [], filter: '' }, format: 'xlsx', header: 'names', bom: false });
    expect(job.error).toBeNull();
    const result = job.result as { fileName: string; rows: number };
    expect(result.fileName).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, result.fileName));
    const data = book.worksheets[0]!;
    const header = (data.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(Object.keys(truth[0]!));
    const cell = (row: number, field: string): unknown => data.getRow(row + 2).getCell(header.indexOf(field) + 1).value;
    const first = truth[0]!;
    expect(cell(0, 'mrn')).toBe(first.mrn);
    expect(first.mrn!.startsWith('0')).toBe(true);
    expect(cell(0, 'record_id')).toBe(first.record_id);
    expect(cell(0, 'sex')).toBe(Number(first.sex));
    expect(cell(0, 'dob')).toBeInstanceOf(Date);
    expect((cell(0, 'dob') as Date).toISOString().slice(0, 10)).toBe(first.dob);
    const withSbp = truth.findIndex((r) => r.sbp !== '');
    expect(cell(withSbp, 'sbp')).toBe(Number(truth[withSbp]!.sbp));

    const names = book.worksheets.map((s) => s.name);
    expect(names).toEqual(['Data', 'Dictionary', 'About']);
    const about = new Map<string, string>();
    book.getWorksheet('About')!.eachRow((row) => about.set(String(row.getCell(1).value), String(row.getCell(2).value)));
    expect(about.get('Server')).toBe(sandbox.url);
    expect(about.get('Project')).toMatch(/Cardiometabolic Cohort \(demo\) \(project ID \d+\)/);
    expect(about.get('Rows')).toBe(String(truth.length));
    expect(about.get('Exported at')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect([...about.values()].join(' ')).not.toContain(TOKEN);
    const dictionary = book.getWorksheet('Dictionary')!;
    const sexRow = dictionary.getRows(2, dictionary.rowCount - 1)!.find((row) => row.getCell(1).value === 'sex')!;
    expect(sexRow.getCell(5).value).toBe('1, Female | 2, Male | 3, Intersex');
  });
});
