import type { RowCache } from '../../components/DataGrid/row-cache.ts';

export interface RecordCursor {
  row: number;
  recordId: string;
}

const chunk = 50;

/**
 * The next (or previous) record in the table's order, from a row of the current one. A record may
 * span several rows (events, repeat instances), so rows are skipped until the record ID changes.
 */
export async function neighbourRecord(cache: RowCache, total: number, keyIndex: number, from: RecordCursor, direction: 1 | -1): Promise<RecordCursor | null> {
  let row = from.row + direction;
  while (row >= 0 && row < total) {
    const start = direction === 1 ? row : Math.max(0, row - chunk + 1);
    const end = direction === 1 ? Math.min(total - 1, row + chunk - 1) : row;
    const rows = await cache.range(start, end);
    const order = direction === 1 ? rows.map((_, i) => i) : rows.map((_, i) => rows.length - 1 - i);
    for (const i of order) {
      const id = rows[i]?.[keyIndex] ?? '';
      if (id !== '' && id !== from.recordId) return { row: start + i, recordId: id };
    }
    row = direction === 1 ? end + 1 : start - 1;
  }
  return null;
}

export async function recordAt(cache: RowCache, keyIndex: number, row: number): Promise<RecordCursor | null> {
  const [values] = await cache.range(row, row);
  const id = values?.[keyIndex] ?? '';
  return id === '' ? null : { row, recordId: id };
}
