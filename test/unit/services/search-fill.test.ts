import { describe, expect, it } from 'vitest';
import { CacheDirectory, readMeta } from '../../../main/services/cache/cache-db.ts';
import type { DatasetColumn } from '../../../main/services/cache/dataset-columns.ts';
import { deferredSearchKey } from '../../../main/services/cache/dataset-rows.ts';
import { DatasetViews } from '../../../main/services/cache/dataset-views.ts';
import { DatasetWriter } from '../../../main/services/cache/dataset-writer.ts';
import { fillDeferredSearch } from '../../../main/services/cache/search-fill.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

const columns: DatasetColumn[] = [
  { name: 'record_id', label: 'Record ID', fieldType: 'text', form: 'demo', numeric: true, isKey: true },
  { name: 'name', label: 'Name', fieldType: 'text', form: 'demo', numeric: false, isKey: false },
  { name: 'sex', label: 'Sex', fieldType: 'radio', form: 'demo', numeric: false, isKey: false, valueLabels: { '0': 'Female', '1': 'Male' } },
];
// 4,500 rows: more than two of the fill's transactions.
const rows = Array.from({ length: 4500 }, (_, i) => [String(i + 1), i % 3 === 0 ? `Zoë Müller ${i}` : `Adam Smith ${i}`, String(i % 2)]);

function write(defer: boolean) {
  const cache = new CacheDirectory(tempDir());
  const db = cache.db('conn1');
  const writer = DatasetWriter.begin(db, 'records', columns, { title: 'Records', group: 'records', keyColumn: 0, ...(defer ? { deferSearch: true } : {}) });
  writer.append(rows);
  writer.commit({ syncedAt: '2026-12-04T10:00:00.000Z' });
  return db;
}

const stored = (db: ReturnType<typeof write>) => db.prepare('SELECT search_raw, search_label FROM ds_records ORDER BY rowid').all();
const matches = (db: ReturnType<typeof write>, filter: string, mode: 'raw' | 'label') => Array.from(new DatasetViews().open(db, 'conn1', { dataset: 'records', mode, sort: [], filter }).rowids);

describe('search text a command-line sync deferred', () => {
  it('is marked, searched correctly before the fill, and after the fill equals a normal write', () => {
    const deferred = write(true);
    const normal = write(false);
    expect(readMeta(deferred, deferredSearchKey('records'))).toBe('1');
    expect(readMeta(normal, deferredSearchKey('records'))).toBeNull();
    expect(deferred.prepare('SELECT count(search_raw) AS n FROM ds_records').get()).toMatchObject({ n: 0 });
    for (const [filter, mode] of [['muller', 'raw'], ['female', 'label'], ['smith 4', 'raw'], ['male 12', 'label'], ['nobody', 'raw']] as const) {
      expect(matches(deferred, filter, mode)).toEqual(matches(normal, filter, mode));
    }
    expect(fillDeferredSearch(deferred, 'records')).toBe(rows.length);
    expect(stored(deferred)).toEqual(stored(normal));
    expect(readMeta(deferred, deferredSearchKey('records'))).toBeNull();
    expect(matches(deferred, 'female muller', 'label')).toEqual(matches(normal, 'female muller', 'label'));
    // A second call has nothing to do.
    expect(fillDeferredSearch(deferred, 'records')).toBe(0);
  });

  it('stops between transactions when cancelled, leaving the mark for the next sync', () => {
    const db = write(true);
    let calls = 0;
    expect(() =>
      fillDeferredSearch(db, 'records', {
        throwIfCancelled: () => {
          if (++calls === 2) throw new Error('cancelled');
        },
      }),
    ).toThrow('cancelled');
    expect(readMeta(db, deferredSearchKey('records'))).toBe('1');
    expect(db.prepare('SELECT count(search_raw) AS n FROM ds_records').get()).toMatchObject({ n: 2000 });
    expect(fillDeferredSearch(db, 'records')).toBe(rows.length - 2000);
    expect(db.prepare('SELECT count(*) AS n FROM ds_records WHERE search_raw IS NULL').get()).toMatchObject({ n: 0 });
  });
});
