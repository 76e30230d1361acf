import type { ColumnInfo } from '../../../shared/contract/datasets.ts';

/** A first guess at a readable width; the user can drag any column wider or narrower. */
export function initialWidth(column: ColumnInfo): number {
  const text = Math.max(Math.min(column.label.length, 36) * 7.2, column.name.length * 7.6);
  const base = column.isKey ? 120 : column.numeric && !column.hasLabels ? 96 : 140;
  return Math.round(Math.min(320, Math.max(base, text + 28)));
}

export const minColumnWidth = 56;
export const maxColumnWidth = 800;
