import type { DatabaseSync } from 'node:sqlite';
import { sqlColumn, type DatasetColumn } from '../cache/dataset-columns.ts';
import { readDatasetState } from '../cache/dataset-state.ts';
import { writeWholeDataset } from '../cache/dataset-writer.ts';
import { readCsvRows } from './csv-rows.ts';
import { brimQueueDataset } from './results-cache.ts';

const numberPattern = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * Adds the labels of one popped single-note result to `brim_queue`. A pop consumes the entry in Brim, so
 * its rows must never replace earlier ones: the table is rewritten as old rows plus new (columns joined by
 * name, a column new to this pop filled with blanks in older rows), in one swap. The queue table holds
 * what was drained in Carrel, a few notes' labels at a time, so the rewrite stays small.
 */
export async function appendQueueCsv(db: DatabaseSync, path: string): Promise<{ added: number; rows: number }> {
  const incoming: string[][] = [];
  for await (const batch of readCsvRows(path)) incoming.push(...batch);
  const header = incoming.shift() ?? [];
  if (header.length === 0) return { added: 0, rows: readDatasetState(db, brimQueueDataset)?.rowCount ?? 0 };

  const state = readDatasetState(db, brimQueueDataset);
  const names = state?.table ? state.columns.map((column) => column.name) : [];
  const existing: string[][] = [];
  if (state?.table) {
    const select = names.map((_, i) => sqlColumn(i)).join(', ');
    for (const row of db.prepare(`SELECT ${select} FROM ${state.table} ORDER BY ord`).all() as Array<Record<string, string>>) {
      existing.push(names.map((_, i) => row[sqlColumn(i)] ?? ''));
    }
  }
  for (const name of header) if (!names.includes(name.trim())) names.push(name.trim());
  const at = header.map((name) => names.indexOf(name.trim()));
  const widen = (row: string[]): string[] => [...row, ...new Array<string>(names.length - row.length).fill('')];
  const added = incoming.map((row) => {
    const out = new Array<string>(names.length).fill('');
    row.forEach((value, i) => {
      const index = at[i];
      if (index !== undefined && index >= 0) out[index] = value;
    });
    return out;
  });
  const rows = [...existing.map(widen), ...added];
  const columns: DatasetColumn[] = names.map((name, index) => {
    const values = rows.map((row) => row[index]!).filter((value) => value !== '');
    const isKey = /^(patient_id|person_id|mrn)$/i.test(name);
    const numeric = !isKey && values.length > 0 && values.every((value) => numberPattern.test(value));
    return { name, label: name, fieldType: numeric ? 'number' : 'text', form: null, numeric, isKey };
  });
  const keyColumn = columns.findIndex((column) => column.isKey);
  const total = writeWholeDataset(db, brimQueueDataset, columns, rows, { title: 'Single-note results', group: 'records', ...(keyColumn >= 0 ? { keyColumn } : {}) }, new Date().toISOString());
  return { added: added.length, rows: total };
}
