import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { SortKey, ValueMode } from '../../../shared/contract/datasets.ts';
import { CacheDirectory } from '../../../main/services/cache/cache-db.ts';
import { patchDataset } from '../../../main/services/cache/dataset-patch.ts';
import { rowValues } from '../../../main/services/cache/dataset-rows.ts';
import { DatasetViews } from '../../../main/services/cache/dataset-views.ts';
import { cellSeparator } from '../../../main/services/cache/fold.ts';
import { columns, oldFold, shown, display, oracleMatches, generatedRows, filters, seed, readAll, searchCounts } from './cache-search-support.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

describe('rowValues', () => {
  it('stores the raw text as the label text when no cell shows a label different from its value', () => {
    const values = rowValues(columns, ['7', 'Zoë Müller', '', '9', 'a', '70.5', ''], 3);
    const folded = ['7', 'zoe muller', '', '9', 'a', '70.5', ''].join(cellSeparator);
    expect(values).toEqual(['7', 'Zoë Müller', '', '9', 'a', '70.5', '', 3, folded, folded]);
  });

  it('stores the folded label text when one cell shows a different label', () => {
    const values = rowValues(columns, ['7', 'Zoë Müller', '0', '1', 'b', '', '2'], 11);
    expect(values.slice(0, 8)).toEqual(['7', 'Zoë Müller', '0', '1', 'b', '', '2', 11]);
    expect(values[8]).toBe(['7', 'zoe muller', '0', '1', 'b', '', '2'].join(cellSeparator));
    expect(values[9]).toBe(['7', 'zoe muller', 'female', 'zurich', 'b', '', 'complete'].join(cellSeparator));
    // one labelled cell is enough, wherever it is
    expect(rowValues(columns, ['7', '', '', '', '', '', '1'], 0)[9]).toBe(['7', '', '', '', '', '', 'unverified'].join(cellSeparator));
    expect(rowValues(columns, ['7', '', '', '4', '', '', ''], 0)[9]).toBe(['7', '', '', 'οδος αθηνας', '', '', ''].join(cellSeparator));
  });

  it('leaves both search texts out when asked to defer them', () => {
    expect(rowValues(columns, ['7', 'Zoë Müller', '0', '1', 'b', '', '2'], 5, true)).toEqual(['7', 'Zoë Müller', '0', '1', 'b', '', '2', 5, null, null]);
    expect(rowValues(columns, ['7', '', '', '', '', '', ''], 6, true)).toEqual(['7', '', '', '', '', '', '', 6, null, null]);
  });

  it('treats values named like Object.prototype members as having no label', () => {
    for (const value of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf']) {
      const values = rowValues(columns, ['7', 'x', value, value, value, '', value], 0);
      expect(values[8], value).toBe(['7', 'x', value, value, value, '', value].map((v) => v.toLowerCase()).join(cellSeparator));
      expect(values[9], value).toBe(values[8]);
    }
    // beside a real label, such a value is shown as itself
    const mixed = rowValues(columns, ['7', 'x', '1', 'constructor', '', '', '__proto__'], 0);
    expect(mixed[9]).toBe(['7', 'x', 'male', 'constructor', '', '', '__proto__'].join(cellSeparator));
    expect(String(mixed[9])).not.toMatch(/function|native|object/);
  });

  it('does not change the row it is given and refuses a row of the wrong width', () => {
    const row = ['7', 'Zoë', '0', '1', 'a', '', '2'];
    const copy = [...row];
    rowValues(columns, row, 0);
    rowValues(columns, row, 0, true);
    expect(row).toEqual(copy);
    expect(() => rowValues(columns, ['1', '2'], 0)).toThrow(/2 values/);
    expect(() => rowValues(columns, ['1', '2'], 0, true)).toThrow(/2 values/);
  });
});

describe('searching rows whose search text was deferred', () => {
  const rows = generatedRows(120, 7);

  it('writes NULL search text with deferSearch, and both search texts otherwise', () => {
    const normal = seed(rows);
    const deferred = seed(rows, { deferSearch: true });
    expect(searchCounts(normal.db)).toEqual({ rows: 120, rawNull: 0, labelNull: 0 });
    expect(searchCounts(deferred.db)).toEqual({ rows: 120, rawNull: 120, labelNull: 120 });
  });

  it('finds the same rows in both modes as a table with stored search text, and what the filter rule says', () => {
    const normal = seed(rows);
    const deferred = seed(rows, { deferSearch: true });
    const views = new DatasetViews();
    let matched = 0;
    for (const mode of ['raw', 'label'] as const) {
      for (const filter of filters) {
        const expected = rows.filter((row) => oracleMatches(row, filter, mode)).map((row) => display(row, mode));
        const fromNormal = readAll(views, normal.db, { mode, sort: [], filter });
        const fromDeferred = readAll(views, deferred.db, { mode, sort: [], filter });
        expect(fromNormal, `${mode} ${JSON.stringify(filter)} (stored)`).toEqual(expected);
        expect(fromDeferred, `${mode} ${JSON.stringify(filter)} (deferred)`).toEqual(expected);
        if (filter !== '' && expected.length > 0 && expected.length < rows.length) matched++;
      }
    }
    // the filters are not all trivial: most pick out some rows and leave others
    expect(matched).toBeGreaterThan(40);
  });

  it('gives specific answers a reader would expect', () => {
    const few = [
      ['1', 'Zoë Müller', '0', '1', '', '', ''],
      ['2', 'Hans Muller', '1', '', '', '', ''],
      ['3', 'E\u0301mile Example', '', '3', '', '', '0'],
      ['4', 'constructor', 'constructor', '', '', '', ''],
    ];
    for (const deferSearch of [false, true]) {
      const { db } = seed(few, { deferSearch });
      const views = new DatasetViews();
      const ids = (mode: ValueMode, filter: string) => readAll(views, db, { mode, sort: [], filter }).map((row) => row[0]);
      expect(ids('raw', 'muller'), String(deferSearch)).toEqual(['1', '2']);
      expect(ids('label', 'MÜLLER female'), String(deferSearch)).toEqual(['1']);
      expect(ids('raw', 'female'), String(deferSearch)).toEqual([]);
      expect(ids('label', 'male'), String(deferSearch)).toEqual(['1', '2']);
      expect(ids('label', 'emile sao'), String(deferSearch)).toEqual(['3']);
      expect(ids('label', 'incomplete'), String(deferSearch)).toEqual(['3']);
      expect(ids('raw', 'émile'), String(deferSearch)).toEqual(['3']);
      expect(ids('label', 'constructor'), String(deferSearch)).toEqual(['4']);
      expect(ids('label', 'native'), String(deferSearch)).toEqual([]);
      expect(ids('label', 'function'), String(deferSearch)).toEqual([]);
    }
  });

  it('sorts and pages identically', () => {
    const normal = seed(rows);
    const deferred = seed(rows, { deferSearch: true });
    const views = new DatasetViews();
    const sorts: SortKey[][] = [
      [],
      [{ column: 'record_id', direction: 'asc' }],
      [{ column: 'record_id', direction: 'desc' }],
      [{ column: 'name', direction: 'asc' }],
      [{ column: 'sex', direction: 'asc' }, { column: 'score', direction: 'desc' }],
      [{ column: 'site', direction: 'desc' }, { column: 'name', direction: 'asc' }],
    ];
    for (const mode of ['raw', 'label'] as const) {
      for (const sort of sorts) {
        for (const filter of ['', 'muller', 'female', 'sample', 'zurich 1', 'nothing-matches-this']) {
          const a = views.open(normal.db, 'conn1', { dataset: 'records', mode, sort, filter });
          const b = views.open(deferred.db, 'conn1', { dataset: 'records', mode, sort, filter });
          expect(b.rowids.length).toBe(a.rowids.length);
          expect(views.rows(deferred.db, b, 0, 1000), `${mode} ${JSON.stringify(sort)} ${filter}`).toEqual(views.rows(normal.db, a, 0, 1000));
          expect(views.rows(deferred.db, b, 5, 17)).toEqual(views.rows(normal.db, a, 5, 17));
          expect({ scope: b.scopeTotal, total: b.unfilteredTotal }).toEqual({ scope: a.scopeTotal, total: a.unfilteredTotal });
        }
      }
    }
  });

  it('searches a subset of columns and meets conditions the same way', () => {
    const normal = seed(rows);
    const deferred = seed(rows, { deferSearch: true });
    const views = new DatasetViews();
    for (const mode of ['raw', 'label'] as const) {
      for (const filter of ['muller', 'female', 'zurich', '1']) {
        const query = { mode, sort: [], filter, columns: ['name', 'sex', 'site'], where: [{ column: 'same', values: ['a', 'b'] }] };
        expect(readAll(views, deferred.db, query)).toEqual(readAll(views, normal.db, query));
      }
    }
  });

  it('searches a table holding both kinds of rows (written deferred, then patched)', () => {
    const ords = rows.map((_, i) => i * 10);
    const mixed = seed(rows, { deferSearch: true, ords });
    // the changed records' new rows come in with their search text stored; one record goes, one is new
    const changed = ['3', '4', '20', '77'];
    const patchedRows = changed.map((id) => {
      const index = Number(id) - 1;
      const row = [...rows[index]!];
      row[1] = `Patched Müller ${id}`;
      row[2] = index % 2 === 0 ? '0' : '';
      return { values: row, ord: ords[index]! };
    });
    const added = { values: ['999', 'Ángela Added', '1', '2', '', '', ''], ord: 555 };
    patchDataset(mixed.db, 'records', 0, { removeKeys: [...changed, '50'], rows: [...patchedRows, added], syncedAt: '2026-11-23T10:00:00.000Z' });
    const counts = searchCounts(mixed.db);
    expect(counts.rows).toBe(120);
    expect(counts.rawNull).toBe(115);

    // the same final rows, in the same order, written with stored search text
    const final = rows.map((row, i) => ({ values: row, ord: ords[i]! })).filter((entry) => !changed.includes(entry.values[0]!) && entry.values[0] !== '50');
    final.push(...patchedRows, added);
    final.sort((a, b) => a.ord - b.ord);
    const reference = seed(final.map((entry) => entry.values), { ords: final.map((entry) => entry.ord) });

    const views = new DatasetViews();
    for (const mode of ['raw', 'label'] as const) {
      for (const filter of [...filters, 'patched', 'patched muller female', 'added', 'angela male malmo']) {
        const expected = final.filter((entry) => oracleMatches(entry.values, filter, mode)).map((entry) => display(entry.values, mode));
        expect(readAll(views, mixed.db, { mode, sort: [], filter }), `${mode} ${JSON.stringify(filter)}`).toEqual(expected);
        expect(readAll(views, reference.db, { mode, sort: [], filter })).toEqual(expected);
      }
    }
    expect(readAll(views, mixed.db, { mode: 'label', sort: [], filter: 'patched female' }).map((row) => row[0])).toEqual(['3', '77']);
  });
});

/** A records table as Carrel wrote it before search text could be NULL: both texts NOT NULL, label text always stored. */
function seedOldFormat(rows: ReadonlyArray<ReadonlyArray<string>>): { db: DatabaseSync } {
  const cache = new CacheDirectory(tempDir());
  const db = cache.db('conn1');
  const definition = [...columns.map((_, i) => `c${i} TEXT NOT NULL`), 'ord INTEGER NOT NULL', 'search_raw TEXT NOT NULL', 'search_label TEXT NOT NULL'].join(', ');
  db.exec(`CREATE TABLE ds_records (${definition})`);
  db.exec('CREATE INDEX ds_records__key ON ds_records (c0)');
  const insert = db.prepare(`INSERT INTO ds_records VALUES (${Array.from({ length: columns.length + 3 }, () => '?').join(', ')})`);
  rows.forEach((row, i) => insert.run(...row, i, oldFold(row.join(cellSeparator)), oldFold(display(row, 'label').join(cellSeparator))));
  db.prepare(
    `INSERT INTO datasets (name, table_name, columns_json, row_count, last_synced_at, info_json, title, grp, availability, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ok', NULL)`,
  ).run('records', 'ds_records', JSON.stringify(columns), rows.length, '2026-11-01T10:00:00.000Z', '{}', 'Records', 'records');
  return { db };
}

describe('a table written before search text could be NULL', () => {
  const rows = generatedRows(80, 11);

  it('still searches right in both modes', () => {
    const { db } = seedOldFormat(rows);
    expect(searchCounts(db)).toEqual({ rows: 80, rawNull: 0, labelNull: 0 });
    const views = new DatasetViews();
    for (const mode of ['raw', 'label'] as const) {
      for (const filter of filters) {
        const expected = rows.filter((row) => oracleMatches(row, filter, mode)).map((row) => display(row, mode));
        expect(readAll(views, db, { mode, sort: [], filter }), `${mode} ${JSON.stringify(filter)}`).toEqual(expected);
      }
    }
  });

  it('takes patched rows that carry value labels', () => {
    const { db } = seedOldFormat(rows);
    patchDataset(db, 'records', 0, { removeKeys: ['5'], rows: [{ values: ['5', 'Patched Row', '0', '1', '', '', ''], ord: 4 }], syncedAt: '2026-11-23T10:00:00.000Z' });
    const views = new DatasetViews();
    expect(readAll(views, db, { mode: 'label', sort: [], filter: 'patched female zurich' }).map((row) => row[0])).toEqual(['5']);
  });

  // BUG (reported): rowValues now answers NULL label text for a row without value labels, but a table
  // written by the previous version declares search_label NOT NULL and nothing migrates it, so
  // patchDataset (incremental REDCap syncs of `logging` and `records`, BrainSTEM record saves) throws
  // "NOT NULL constraint failed: ds_records.search_label" on such a table. Flip to `it` once fixed.
  it('takes patched rows without value labels', () => {
    const { db } = seedOldFormat(rows);
    patchDataset(db, 'records', 0, { removeKeys: ['5'], rows: [{ values: ['5', 'Patched Row', '', '', '', '', ''], ord: 4 }], syncedAt: '2026-11-23T10:00:00.000Z' });
    const views = new DatasetViews();
    expect(readAll(views, db, { mode: 'label', sort: [], filter: 'patched' }).map((row) => row[0])).toEqual(['5']);
  });
});
