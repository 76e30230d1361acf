import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, vi } from 'vitest';
import type { SortKey, ValueMode } from '../../../shared/contract/datasets.ts';
import { CacheDirectory } from '../../../main/services/cache/cache-db.ts';
import type { DatasetColumn } from '../../../main/services/cache/dataset-columns.ts';
import { patchDataset } from '../../../main/services/cache/dataset-patch.ts';
import { rowValues } from '../../../main/services/cache/dataset-rows.ts';
import { DatasetViews, type ViewQuery } from '../../../main/services/cache/dataset-views.ts';
import { DatasetWriter } from '../../../main/services/cache/dataset-writer.ts';
import { cellSeparator, fold } from '../../../main/services/cache/fold.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

const tempDir = useTempDirs();

/** fold() as it was defined before it learnt to normalise only the non-ASCII runs: the oracle. */
const oldFold = (text: string): string => text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();


function picker(random: () => number) {
  return <T>(items: ReadonlyArray<T>): T => items[Math.floor(random() * items.length)]!;
}

describe('fold', () => {
  const pieces = [
    'a', 'Z', 'Hello', ' ', '  ', '-', "'", '0', '42', 'x',
    // accented Latin, precomposed and decomposed
    'é', 'É', 'e\u0301', 'E\u0301', 'ü', 'u\u0308', 'Müller', 'Mu\u0308ller', 'ñ', 'n\u0303', 'Å', 'A\u030a', 'Ø', 'ß', 'ẞ', 'Ǆ', 'ǅ', 'ı',
    // Greek, with final sigma in and out of context
    'ΟΔΟΣ', 'Σ', 'ς', 'σ', 'ΑΣ\u0301', 'ΐ', 'Ϊ́', 'Ω', 'Ω',
    // Turkish dotted capital I, ligatures, full width, compatibility forms
    'İ', 'İstanbul', 'ﬁ', 'ﬃ', 'ﬁona', 'Ａ', 'ｂ', 'ＡＢＣ１２', '①', '㎏', 'Ⅻ', 'ﾊﾟ', '\u00a0', '\u2126',
    // CJK, Hangul, emoji (astral, joined, with a variation selector)
    '中文', '日本語', '한국어', '😀', '👩‍👩‍👧', '❤️', '🇸🇪',
    // combining marks standing after ASCII letters (two of them, out of canonical order too)
    '\u0301', '\u0308\u0301', 'a\u0301\u0316', 'x\u0323\u0307', 'q\u0307\u0323', '\u0345', '\u20dd',
    // the cell separator and other controls
    cellSeparator, `${cellSeparator}${cellSeparator}`, '\t', '\n', '\u0000',
  ];

  it('agrees with the old definition on known tricky strings', () => {
    const cases = ['Zoë Müller', 'Zoe\u0308 Mu\u0308ller', 'ΟΔΟΣ', 'ΟΔΟΣ\u001fΑ', 'İ', 'ﬁ', 'Ａ', 'e\u0301', 'plain ascii', '', 'ΑΣ\u0301b', 'a\u0301\u0316b', '中文😀'];
    for (const text of cases) expect(fold(text), JSON.stringify(text)).toBe(oldFold(text));
    expect(fold('Zoë Müller')).toBe('zoe muller');
    expect(fold('Zoe\u0308 Mu\u0308ller')).toBe('zoe muller');
    expect(fold('e\u0301')).toBe('e');
    expect(fold('ΟΔΟΣ')).toBe('οδος');
    expect(fold('İ')).toBe('i');
    expect(fold('ﬁ')).toBe('fi');
    expect(fold('Ａ')).toBe('a');
    expect(fold(`A${cellSeparator}B`)).toBe(`a${cellSeparator}b`);
  });

  it('agrees with the old definition on 600 generated strings mixing ASCII and everything else', () => {
    const random = seededRandom(20261122);
    const pick = picker(random);
    for (let n = 0; n < 600; n++) {
      const length = 1 + Math.floor(random() * 14);
      let text = '';
      for (let i = 0; i < length; i++) text += pick(pieces);
      expect(fold(text), JSON.stringify(text)).toBe(oldFold(text));
    }
  });

  it('agrees with the old definition for every code point set between ASCII letters and before a combining mark', () => {
    const ranges: Array<[number, number]> = [[0x80, 0x2ffff], [0xe0000, 0xe01ef]];
    const differing: string[] = [];
    for (const [from, to] of ranges) {
      for (let cp = from; cp <= to; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        const ch = String.fromCodePoint(cp);
        const text = `A${ch}b${ch}\u0301Z${cellSeparator}${ch}`;
        if (fold(text) !== oldFold(text)) differing.push(cp.toString(16));
      }
    }
    expect(differing).toEqual([]);
  });
});

const sexLabels = { '0': 'Female', '1': 'Male' };
const columns: DatasetColumn[] = [
  { name: 'record_id', label: 'Record ID', fieldType: 'text', form: 'demo', numeric: true, isKey: true },
  { name: 'name', label: 'Name', fieldType: 'text', form: 'demo', numeric: false, isKey: false },
  { name: 'sex', label: 'Sex', fieldType: 'radio', form: 'demo', numeric: false, isKey: false, valueLabels: sexLabels },
  { name: 'site', label: 'Site', fieldType: 'dropdown', form: 'demo', numeric: false, isKey: false, valueLabels: { '1': 'Zürich', '2': 'Malmö', '3': 'São Paulo', '4': 'ΟΔΟΣ Αθηνας' } },
  // value labels that read the same as their codes: a row with only these is not "labelled"
  { name: 'same', label: 'Same', fieldType: 'radio', form: 'demo', numeric: false, isKey: false, valueLabels: { a: 'a', b: 'b' } },
  { name: 'score', label: 'Score', fieldType: 'text', form: 'demo', numeric: true, isKey: false },
  { name: 'demo_complete', label: 'Complete?', fieldType: 'form_status', form: 'demo', numeric: false, isKey: false, valueLabels: { '0': 'Incomplete', '1': 'Unverified', '2': 'Complete' } },
];

/** What a cell shows in a mode: its own value label only (never something inherited from Object.prototype). */
function shown(column: DatasetColumn, value: string, mode: ValueMode): string {
  if (mode === 'raw' || !column.valueLabels || !Object.hasOwn(column.valueLabels, value)) return value;
  return column.valueLabels[value]!;
}

function display(row: ReadonlyArray<string>, mode: ValueMode): string[] {
  return row.map((value, i) => shown(columns[i]!, value, mode));
}

/** The filter box's rule, with the old fold: every word occurs in the row's cells joined by the separator. */
function oracleMatches(row: ReadonlyArray<string>, filter: string, mode: ValueMode): boolean {
  const words = oldFold(filter).split(/\s+/).filter((word) => word.length > 0).slice(0, 16);
  const haystack = oldFold(display(row, mode).join(cellSeparator));
  return words.every((word) => haystack.includes(word));
}

const names = [
  'Zoë Müller', 'Hans Muller', 'Ángela Núñez', 'E\u0301mile Example', 'Émile Sample', "O'Brien, Pat", 'Ｆｕｌｌ Ｗｉｄｔｈ', 'ΟΔΟΣ Σοφια',
  'İlker Örnek', 'ﬁona Sample', '中文 测试', 'row with 😀', 'constructor', '__proto__', 'plain ascii', 'Chen Wei', '',
];

function generatedRows(count: number, seed: number): string[][] {
  const random = seededRandom(seed);
  const pick = picker(random);
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    rows.push([
      String(i + 1),
      pick(names),
      pick(['0', '1', '', '2', 'constructor', '__proto__', 'toString']),
      pick(['1', '2', '3', '4', '', '9', 'valueOf']),
      pick(['a', 'b', '', 'c']),
      pick(['', '0', '1', '10', '70.5', '-3', '9']),
      pick(['', '', '', '0', '1', '2', 'hasOwnProperty']),
    ]);
  }
  return rows;
}

const filters = [
  '', '1', '10', '70.5', 'muller', 'Müller', 'MULLER', 'Mu\u0308ller', 'zoe', 'female', 'male', 'fem', 'incomplete', 'complete', 'unverified',
  'zurich', 'ZÜRICH', 'malmo', 'sao paulo', 'são', 'αθηνας', 'οδος', 'ΟΔΟΣ', 'emile', 'émile', 'E\u0301MILE', 'ilker', 'örnek', 'fiona', 'ﬁ',
  'full width', 'ｗｉｄｔｈ', "o'brien", 'o’brien', 'chen wei', 'wei chen', 'wei0', '中文', '😀', 'constructor', '__proto__', 'proto',
  'tostring', 'valueof', 'hasownproperty', 'function', 'native code', 'object', 'a', 'c', 'sample female', 'male 1 zurich', 'nothing-matches-this',
  cellSeparator,
];

function seed(rows: ReadonlyArray<ReadonlyArray<string>>, options: { deferSearch?: boolean; ords?: number[]; connection?: string } = {}) {
  const cache = new CacheDirectory(tempDir());
  const db = cache.db(options.connection ?? 'conn1');
  const writer = DatasetWriter.begin(db, 'records', columns, { title: 'Records', group: 'records', keyColumn: 0, ...(options.deferSearch ? { deferSearch: true } : {}) });
  writer.append(rows, options.ords);
  writer.commit({ syncedAt: '2026-11-22T10:00:00.000Z' });
  return { cache, db };
}

function readAll(views: DatasetViews, db: DatabaseSync, query: Omit<ViewQuery, 'dataset'>): string[][] {
  const view = views.open(db, 'conn1', { dataset: 'records', ...query });
  return views.rows(db, view, 0, 100_000);
}

function searchCounts(db: DatabaseSync): { rows: number; rawNull: number; labelNull: number } {
  return db.prepare('SELECT count(*) AS rows, sum(search_raw IS NULL) AS rawNull, sum(search_label IS NULL) AS labelNull FROM ds_records').get() as {
    rows: number;
    rawNull: number;
    labelNull: number;
  };
}

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

describe('rows() of a view', () => {
  const rows = generatedRows(200, 23);

  /** Every row of a view read in pages of `size`. */
  function paged(views: DatasetViews, db: DatabaseSync, view: ReturnType<DatasetViews['open']>, size: number): string[][] {
    const out: string[][] = [];
    for (let offset = 0; offset < view.rowids.length + size; offset += size) out.push(...views.rows(db, view, offset, size));
    return out;
  }

  /** The SQL rows() prepares while `read` runs. */
  function preparedDuring(db: DatabaseSync, read: () => void): string[] {
    const spy = vi.spyOn(db, 'prepare');
    try {
      read();
      return spy.mock.calls.map((call) => String(call[0]));
    } finally {
      spy.mockRestore();
    }
  }

  it('reads an unfiltered view in stored order with one range query, whole or in pages', () => {
    const { db } = seed(rows);
    const views = new DatasetViews();
    const view = views.open(db, 'conn1', { dataset: 'records', mode: 'raw', sort: [], filter: '' });
    let all: string[][] = [];
    const sql = preparedDuring(db, () => {
      all = views.rows(db, view, 0, 500);
    });
    expect(sql.filter((text) => text.includes('BETWEEN'))).toHaveLength(1);
    expect(sql.filter((text) => text.includes(' IN ('))).toHaveLength(0);
    expect(all).toEqual(rows);
    for (const size of [1, 7, 13, 50, 199, 200, 201]) expect(paged(views, db, view, size), `pages of ${size}`).toEqual(rows);
    expect(views.rows(db, view, 195, 10)).toEqual(rows.slice(195));
    expect(views.rows(db, view, 200, 10)).toEqual([]);
    expect(views.rows(db, view, 5000, 10)).toEqual([]);
    expect(views.rows(db, view, 0, 0)).toEqual([]);
    // label mode through the range path shows labels
    const labelled = views.open(db, 'conn1', { dataset: 'records', mode: 'label', sort: [], filter: '' });
    expect(views.rows(db, labelled, 10, 30)).toEqual(rows.slice(10, 40).map((row) => display(row, 'label')));
    // a subset of columns in another order
    const subset = views.open(db, 'conn1', { dataset: 'records', mode: 'label', sort: [], filter: '', columns: ['sex', 'record_id'] });
    expect(views.rows(db, subset, 0, 200)).toEqual(rows.map((row) => [display(row, 'label')[2]!, row[0]!]));
  });

  it('reads sorted and filtered views in the view order', () => {
    const { db } = seed(rows);
    const views = new DatasetViews();
    const descending = views.open(db, 'conn1', { dataset: 'records', mode: 'raw', sort: [{ column: 'record_id', direction: 'desc' }], filter: '' });
    let read: string[][] = [];
    const sql = preparedDuring(db, () => {
      read = views.rows(db, descending, 0, 500);
    });
    expect(read).toEqual([...rows].reverse());
    expect(sql.some((text) => text.includes(' IN ('))).toBe(true);
    expect(paged(views, db, descending, 9)).toEqual([...rows].reverse());

    // sorted by record ID ascending is the stored order again: the same rows as the unsorted view
    const ascending = views.open(db, 'conn1', { dataset: 'records', mode: 'raw', sort: [{ column: 'record_id', direction: 'asc' }], filter: '' });
    expect(paged(views, db, ascending, 11)).toEqual(rows);

    // sorted by name, then put back into stored order by record ID, is the unsorted view
    const byName = views.open(db, 'conn1', { dataset: 'records', mode: 'raw', sort: [{ column: 'name', direction: 'asc' }], filter: '' });
    const sortedByName = paged(views, db, byName, 23);
    expect(sortedByName).not.toEqual(rows);
    expect([...sortedByName].sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(rows);

    // a filter leaves gaps in the rowids: the matching rows in stored order, page by page
    for (const filter of ['muller', 'sample', '1', 'zoe']) {
      const view = views.open(db, 'conn1', { dataset: 'records', mode: 'raw', sort: [], filter });
      const expected = rows.filter((row) => oracleMatches(row, filter, 'raw'));
      expect(expected.length).toBeGreaterThan(3);
      expect(expected.length).toBeLessThan(200);
      expect(paged(views, db, view, 4), filter).toEqual(expected);
      expect(views.rows(db, view, 0, 1000), filter).toEqual(expected);
    }
    // filtered and sorted
    const filteredDesc = views.open(db, 'conn1', { dataset: 'records', mode: 'label', sort: [{ column: 'record_id', direction: 'desc' }], filter: 'female' });
    expect(paged(views, db, filteredDesc, 6)).toEqual(rows.filter((row) => oracleMatches(row, 'female', 'label')).reverse().map((row) => display(row, 'label')));
  });

  it('reads a filtered view whose matches are partly consecutive', () => {
    // rows 41…80 all match, the others only here and there
    const marked = rows.map((row, i) => (i >= 40 && i < 80 ? [row[0]!, `Marked ${row[1]}`, ...row.slice(2)] : i % 17 === 0 ? [row[0]!, 'Marked odd', ...row.slice(2)] : row));
    const { db } = seed(marked);
    const views = new DatasetViews();
    const view = views.open(db, 'conn1', { dataset: 'records', mode: 'raw', sort: [], filter: 'marked' });
    const expected = marked.filter((row) => row[1]!.startsWith('Marked'));
    for (const size of [1, 3, 10, 40, 1000]) expect(paged(views, db, view, size), `pages of ${size}`).toEqual(expected);
  });

  it('handles rows deleted and added in the middle, without missing or doubling any', () => {
    const ords = rows.map((_, i) => i * 10);
    const { db } = seed(rows, { ords });
    const views = new DatasetViews();
    const stale = views.open(db, 'conn1', { dataset: 'records', mode: 'raw', sort: [], filter: '' });
    // a changed record comes back with a new rowid at its old place; two go for good
    const changed = [...rows[99]!];
    changed[1] = 'Changed';
    patchDataset(db, 'records', 0, { removeKeys: ['50', '51', '100'], rows: [{ values: changed, ord: ords[99]! }], syncedAt: '2026-11-23T10:00:00.000Z' });
    const expected = rows.filter((row) => row[0] !== '50' && row[0] !== '51').map((row) => (row[0] === '100' ? changed : row));

    const fresh = views.open(db, 'conn1', { dataset: 'records', mode: 'raw', sort: [], filter: '' });
    expect(fresh.rowids.length).toBe(198);
    for (const size of [1, 5, 9, 48, 49, 50, 100, 198, 500]) expect(paged(views, db, fresh, size), `pages of ${size}`).toEqual(expected);
    // the page across the gap, and one just before it
    expect(views.rows(db, fresh, 45, 10)).toEqual(expected.slice(45, 55));
    expect(views.rows(db, fresh, 40, 9)).toEqual(expected.slice(40, 49));

    // a view opened before the change (not yet invalidated) skips the rows that went, and repeats none
    const fromStale = paged(views, db, stale, 20);
    expect(fromStale).toEqual(rows.filter((row) => !['50', '51', '100'].includes(row[0]!)));
    expect(views.rows(db, stale, 45, 10).map((row) => row[0])).toEqual(['46', '47', '48', '49', '52', '53', '54', '55']);
  });
});
