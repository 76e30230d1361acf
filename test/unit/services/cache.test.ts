import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CacheDirectory } from '../../../main/services/cache/cache-db.ts';
import type { DatasetColumn } from '../../../main/services/cache/dataset-columns.ts';
import { DatasetViews } from '../../../main/services/cache/dataset-views.ts';
import { DatasetWriter } from '../../../main/services/cache/dataset-writer.ts';
import { patchDataset } from '../../../main/services/cache/dataset-patch.ts';
import { markDataset } from '../../../main/services/cache/dataset-state.ts';
import { latestSchemaVersion } from '../../../main/services/cache/migrations.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

const columns: DatasetColumn[] = [
  { name: 'record_id', label: 'Record ID', fieldType: 'text', form: 'demo', numeric: true, isKey: true },
  { name: 'name', label: 'Name', fieldType: 'text', form: 'demo', numeric: false, isKey: false },
  { name: 'sex', label: 'Sex', fieldType: 'radio', form: 'demo', numeric: false, isKey: false, valueLabels: { '0': 'Female', '1': 'Male' } },
  { name: 'weight', label: 'Weight', fieldType: 'text', form: 'demo', numeric: true, isKey: false },
];
const rows = [
  ['1', 'Zoë Müller', '0', '70.5'],
  ['2', 'adam smith', '1', '9'],
  ['10', "O'Brien, Pat", '1', ''],
  ['3', 'Chen Wei', '0', '100'],
];

function seeded() {
  const cache = new CacheDirectory(tempDir());
  const db = cache.db('conn1');
  const writer = DatasetWriter.begin(db, 'records', columns, { title: 'Records', group: 'records', keyColumn: 0 });
  writer.append(rows);
  writer.commit({ syncedAt: '2026-11-22T10:00:00.000Z', meta: { 'redcap.version': '14.1.5' } });
  return { cache, db, views: new DatasetViews() };
}

function all(views: DatasetViews, db: ReturnType<typeof seeded>['db'], query: Parameters<DatasetViews['open']>[2]) {
  const view = views.open(db, 'conn1', query);
  return views.rows(db, view, 0, 100);
}

describe('offline cache', () => {
  it('migrates a new database to the latest schema', () => {
    const { db } = seeded();
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(latestSchemaVersion);
  });

  it('keeps the previous copy intact when a sync is abandoned half-way', () => {
    const { db, views } = seeded();
    const writer = DatasetWriter.begin(db, 'records', columns, { title: 'Records', group: 'records', keyColumn: 0 });
    writer.append([['99', 'partial', '0', '1']]);
    writer.abort();
    const state = views.state(db, 'records');
    expect(state?.rowCount).toBe(4);
    expect(all(views, db, { dataset: 'records', mode: 'raw', sort: [], filter: '' }).map((r) => r[0])).toEqual(['1', '2', '10', '3']);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE '%staging%'").get()).toEqual({ n: 0 });
  });

  it('swaps in a new copy and its metadata in one step', () => {
    const { db, views } = seeded();
    const writer = DatasetWriter.begin(db, 'records', columns, { title: 'Records', group: 'records', keyColumn: 0 });
    writer.append([['5', 'New', '1', '60']]);
    writer.commit({ syncedAt: '2026-11-23T09:00:00.000Z', meta: { 'redcap.version': '15.0.0' } });
    expect(views.state(db, 'records')).toMatchObject({ rowCount: 1, lastSyncedAt: '2026-11-23T09:00:00.000Z' });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'redcap.version'").get()).toEqual({ value: '15.0.0' });
  });

  it('sorts numbers as numbers, text without case, blanks last in both directions', () => {
    const { db, views } = seeded();
    expect(all(views, db, { dataset: 'records', mode: 'raw', sort: [{ column: 'record_id', direction: 'asc' }], filter: '' }).map((r) => r[0])).toEqual(['1', '2', '3', '10']);
    expect(all(views, db, { dataset: 'records', mode: 'raw', sort: [{ column: 'weight', direction: 'desc' }], filter: '' }).map((r) => r[3])).toEqual(['100', '70.5', '9', '']);
    expect(all(views, db, { dataset: 'records', mode: 'raw', sort: [{ column: 'weight', direction: 'asc' }], filter: '' }).map((r) => r[3])).toEqual(['9', '70.5', '100', '']);
    expect(all(views, db, { dataset: 'records', mode: 'raw', sort: [{ column: 'name', direction: 'asc' }], filter: '' }).map((r) => r[1])).toEqual(['adam smith', 'Chen Wei', "O'Brien, Pat", 'Zoë Müller']);
  });

  it('shows labels in label mode and sorts by them', () => {
    const { db, views } = seeded();
    const labelled = all(views, db, { dataset: 'records', mode: 'label', sort: [{ column: 'sex', direction: 'desc' }, { column: 'record_id', direction: 'asc' }], filter: '' });
    expect(labelled.map((r) => [r[0], r[2]])).toEqual([['2', 'Male'], ['10', 'Male'], ['1', 'Female'], ['3', 'Female']]);
  });

  it('filters on every word, ignoring case and accents, in what the mode shows', () => {
    const { db, views } = seeded();
    expect(all(views, db, { dataset: 'records', mode: 'label', sort: [], filter: 'muller FEMALE' }).map((r) => r[0])).toEqual(['1']);
    expect(all(views, db, { dataset: 'records', mode: 'raw', sort: [], filter: 'female' })).toEqual([]);
    expect(all(views, db, { dataset: 'records', mode: 'label', sort: [], filter: "o'brien" }).map((r) => r[0])).toEqual(['10']);
    // a word never matches across two cells
    expect(all(views, db, { dataset: 'records', mode: 'raw', sort: [], filter: 'wei0' })).toEqual([]);
  });

  it('reads a view by offset and expires views when the table is replaced', () => {
    const { db, views } = seeded();
    const view = views.open(db, 'conn1', { dataset: 'records', mode: 'raw', sort: [{ column: 'record_id', direction: 'asc' }], filter: '' });
    expect(views.rows(db, view, 2, 5).map((r) => r[0])).toEqual(['3', '10']);
    views.invalidate('conn1', 'records');
    expect(() => views.get(view.id)).toThrow(/changed/);
  });

  it('shows a subset of columns in the given order, meets exact conditions, and filters only what it shows', () => {
    const { db, views } = seeded();
    const query = { dataset: 'records', mode: 'label' as const, sort: [], filter: '', columns: ['sex', 'record_id'], where: [{ column: 'sex', values: ['1'] }] };
    expect(all(views, db, query)).toEqual([['Male', '2'], ['Male', '10']]);
    expect(all(views, db, { ...query, filter: 'smith' })).toEqual([]);
    expect(all(views, db, { ...query, where: [], filter: 'female' })).toEqual([['Female', '1'], ['Female', '3']]);
    expect(all(views, db, { ...query, where: [{ column: 'no_such_column', values: ['x'] }] })).toEqual([]);
  });

  it('counts the rows meeting the conditions apart from the filter words', () => {
    const { db, views } = seeded();
    const query = { dataset: 'records', mode: 'label' as const, sort: [], filter: '', where: [{ column: 'sex', values: ['1'] }] };
    expect(views.open(db, 'conn1', query)).toMatchObject({ scopeTotal: 2, unfilteredTotal: 4 });
    expect(views.open(db, 'conn1', { ...query, filter: 'nobody-is-called-this' })).toMatchObject({ scopeTotal: 2, unfilteredTotal: 4 });
    expect(views.open(db, 'conn1', { ...query, where: [], filter: 'female' })).toMatchObject({ scopeTotal: 4, unfilteredTotal: 4 });
  });

  it('patches changed and deleted records in one step and keeps the record order', () => {
    const { db, views } = seeded();
    patchDataset(db, 'records', 0, {
      removeKeys: ['2', '3'],
      rows: [{ values: ['2', 'Adam Smith', '1', '80'], ord: 1.5 }],
      syncedAt: '2026-11-24T08:00:00.000Z',
    });
    expect(all(views, db, { dataset: 'records', mode: 'raw', sort: [], filter: '' }).map((r) => [r[0], r[1]])).toEqual([['1', 'Zoë Müller'], ['2', 'Adam Smith'], ['10', "O'Brien, Pat"]]);
    expect(views.state(db, 'records')).toMatchObject({ rowCount: 3, lastSyncedAt: '2026-11-24T08:00:00.000Z' });
    expect(all(views, db, { dataset: 'records', mode: 'raw', sort: [], filter: 'adam' }).map((r) => r[0])).toEqual(['2']);
  });

  it('reads all rows of one record, raw and labelled', () => {
    const { db, views } = seeded();
    expect(views.rowsByKey(db, 'records', 0, '10')?.rows).toEqual([{ raw: ['10', "O'Brien, Pat", '1', ''], label: ['10', "O'Brien, Pat", 'Male', ''] }]);
    expect(views.rowsByKey(db, 'records', 0, 'nope')?.rows).toEqual([]);
  });

  it('records a refused dataset without a table and says why', () => {
    const { db, views } = seeded();
    markDataset(db, 'users', { title: 'Users', group: 'people', availability: 'forbidden', note: 'Not allowed.', at: '2026-11-24T08:00:00.000Z' });
    expect(views.state(db, 'users')).toMatchObject({ availability: 'forbidden', table: '', note: 'Not allowed.' });
    expect(() => views.open(db, 'conn1', { dataset: 'users', mode: 'raw', sort: [], filter: '' })).toThrow('Not allowed.');
  });

  it('says a never-synced dataset needs a sync', () => {
    const cache = new CacheDirectory(tempDir());
    expect(() => new DatasetViews().open(cache.db('fresh'), 'fresh', { dataset: 'records', mode: 'raw', sort: [], filter: '' })).toThrow(/not been synced/);
  });

  it('deletes the database files of a removed connection', () => {
    const { cache } = seeded();
    const file = cache.fileFor('conn1');
    expect(existsSync(file)).toBe(true);
    cache.remove('conn1');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
