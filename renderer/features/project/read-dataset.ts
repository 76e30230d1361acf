import { maxRowsPerRequest, type ColumnInfo, type ViewSpec } from '../../../shared/contract/datasets.ts';
import type { ApiClient } from '../../api/client.ts';

export interface DatasetRows {
  columns: ColumnInfo[];
  /** Each row as column name → raw value. */
  rows: Array<Record<string, string>>;
  /** Rows the view held beyond `limit`, not read. */
  more: number;
}

/**
 * Reads a small dataset (the project's structure, one folder of the file repository) whole, through a
 * short-lived view. Only for tables that stay small; big ones are paged by the grid instead.
 */
export async function readDataset(
  api: ApiClient,
  spec: Pick<ViewSpec, 'connectionId' | 'dataset'> & Partial<Pick<ViewSpec, 'sort' | 'where' | 'filter' | 'mode'>>,
  limit = 5000,
): Promise<DatasetRows> {
  const view = await api.call('records.openView', { mode: 'raw', sort: [], filter: '', ...spec });
  try {
    const wanted = Math.min(view.total, limit);
    const rows: Array<Record<string, string>> = [];
    for (let offset = 0; offset < wanted; offset += maxRowsPerRequest) {
      const slice = await api.call('records.rows', { viewId: view.viewId, offset, limit: Math.min(maxRowsPerRequest, wanted - offset) });
      for (const values of slice.rows) {
        const row: Record<string, string> = {};
        view.columns.forEach((column, index) => (row[column.name] = values[index] ?? ''));
        rows.push(row);
      }
    }
    return { columns: view.columns, rows, more: view.total - wanted };
  } finally {
    void api.call('records.closeView', { viewId: view.viewId }).catch(() => undefined);
  }
}
