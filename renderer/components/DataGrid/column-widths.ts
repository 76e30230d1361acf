import type { ColumnInfo } from '../../../shared/contract/datasets.ts';

/** A first guess at a readable width; the user can drag any column wider or narrower. */
export function initialWidth(column: ColumnInfo): number {
  const text = Math.max(Math.min(column.label.length, 36) * 7.2, column.name.length * 7.6);
  const base = column.isKey ? 120 : column.numeric && !column.hasLabels ? 96 : 140;
  return Math.round(Math.min(320, Math.max(base, text + 28)));
}

export const minColumnWidth = 56;
export const maxColumnWidth = 800;

// Wide enough for digits in the grid's tabular figures, the widest common characters.
const charWidth = 8;

/**
 * Widths that fit the first rows' values (and, within reason, the header), once the first rows
 * arrived: a log's timestamps and details get room, a column of codes stays narrow.
 */
export function fitWidths(columns: ColumnInfo[], sample: ReadonlyArray<ReadonlyArray<string>>): number[] {
  return columns.map((column, index) => {
    let longest = 0;
    for (const row of sample) longest = Math.max(longest, (row[index] ?? '').length);
    const content = longest * charWidth + 26;
    const header = Math.max(Math.min(column.label.length, 36) * 7.2, column.name.length * 7.6) + 28;
    const width = Math.max(content, Math.min(header, 200), column.isKey ? 90 : 64);
    return Math.round(Math.min(380, width));
  });
}
