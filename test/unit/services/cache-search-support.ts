// Shared by the deferred-search and view-rows tests: a small labelled dataset, generated rows, a filter
// oracle written from the filter box's rule, and a cache seeded with rows (search text stored or deferred).
import type { DatabaseSync } from 'node:sqlite';
import type { ValueMode } from '../../../shared/contract/datasets.ts';
import { CacheDirectory } from '../../../main/services/cache/cache-db.ts';
import type { DatasetColumn } from '../../../main/services/cache/dataset-columns.ts';
import { DatasetViews, type ViewQuery } from '../../../main/services/cache/dataset-views.ts';
import { DatasetWriter } from '../../../main/services/cache/dataset-writer.ts';
import { cellSeparator, fold } from '../../../main/services/cache/fold.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

/** fold() as it was defined before it learnt to normalise only the non-ASCII runs: the oracle. */
export const oldFold = (text: string): string => text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();


export function picker(random: () => number) {
  return <T>(items: ReadonlyArray<T>): T => items[Math.floor(random() * items.length)]!;
}

export const sexLabels = { '0': 'Female', '1': 'Male' };
export const columns: DatasetColumn[] = [
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
export function shown(column: DatasetColumn, value: string, mode: ValueMode): string {
  if (mode === 'raw' || !column.valueLabels || !Object.hasOwn(column.valueLabels, value)) return value;
  return column.valueLabels[value]!;
}

export function display(row: ReadonlyArray<string>, mode: ValueMode): string[] {
  return row.map((value, i) => shown(columns[i]!, value, mode));
}

/** The filter box's rule, with the old fold: every word occurs in the row's cells joined by the separator. */
export function oracleMatches(row: ReadonlyArray<string>, filter: string, mode: ValueMode): boolean {
  const words = oldFold(filter).split(/\s+/).filter((word) => word.length > 0).slice(0, 16);
  const haystack = oldFold(display(row, mode).join(cellSeparator));
  return words.every((word) => haystack.includes(word));
}

export const names = [
  'Zoë Müller', 'Hans Muller', 'Ángela Núñez', 'E\u0301mile Example', 'Émile Sample', "O'Brien, Pat", 'Ｆｕｌｌ Ｗｉｄｔｈ', 'ΟΔΟΣ Σοφια',
  'İlker Örnek', 'ﬁona Sample', '中文 测试', 'row with 😀', 'constructor', '__proto__', 'plain ascii', 'Chen Wei', '',
];

export function generatedRows(count: number, seed: number): string[][] {
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

export const filters = [
  '', '1', '10', '70.5', 'muller', 'Müller', 'MULLER', 'Mu\u0308ller', 'zoe', 'female', 'male', 'fem', 'incomplete', 'complete', 'unverified',
  'zurich', 'ZÜRICH', 'malmo', 'sao paulo', 'são', 'αθηνας', 'οδος', 'ΟΔΟΣ', 'emile', 'émile', 'E\u0301MILE', 'ilker', 'örnek', 'fiona', 'ﬁ',
  'full width', 'ｗｉｄｔｈ', "o'brien", 'o’brien', 'chen wei', 'wei chen', 'wei0', '中文', '😀', 'constructor', '__proto__', 'proto',
  'tostring', 'valueof', 'hasownproperty', 'function', 'native code', 'object', 'a', 'c', 'sample female', 'male 1 zurich', 'nothing-matches-this',
  cellSeparator,
];

export function seed(rows: ReadonlyArray<ReadonlyArray<string>>, options: { deferSearch?: boolean; ords?: number[]; connection?: string } = {}) {
  const cache = new CacheDirectory(tempDir());
  const db = cache.db(options.connection ?? 'conn1');
  const writer = DatasetWriter.begin(db, 'records', columns, { title: 'Records', group: 'records', keyColumn: 0, ...(options.deferSearch ? { deferSearch: true } : {}) });
  writer.append(rows, options.ords);
  writer.commit({ syncedAt: '2026-11-22T10:00:00.000Z' });
  return { cache, db };
}

export function readAll(views: DatasetViews, db: DatabaseSync, query: Omit<ViewQuery, 'dataset'>): string[][] {
  const view = views.open(db, 'conn1', { dataset: 'records', ...query });
  return views.rows(db, view, 0, 100_000);
}

export function searchCounts(db: DatabaseSync): { rows: number; rawNull: number; labelNull: number } {
  return db.prepare('SELECT count(*) AS rows, sum(search_raw IS NULL) AS rawNull, sum(search_label IS NULL) AS labelNull FROM ds_records').get() as {
    rows: number;
    rawNull: number;
    labelNull: number;
  };
}
