// rows() of a view: one range query for consecutive rows, the view's order otherwise, across pages and deletions.
import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, vi } from 'vitest';
import { patchDataset } from '../../../main/services/cache/dataset-patch.ts';
import { DatasetViews } from '../../../main/services/cache/dataset-views.ts';
import { columns, display, oracleMatches, generatedRows, seed } from './cache-search-support.ts';

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
