import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../../shared/contract/errors.ts';
import { patchDataset } from '../../cache/dataset-patch.ts';
import { dropDataset, readDatasetState } from '../../cache/dataset-state.ts';
import { datasetTable, writeWholeDataset } from '../../cache/dataset-writer.ts';
import type { RedcapClient } from './client.ts';
import { reportDataset } from './catalogue.ts';
import { listDataset } from './list-datasets.ts';
import { exportFile, importFile, deleteFile } from './methods/files.ts';
import { createFolder, deleteDocument, exportDocument, importDocument } from './methods/file-repository.ts';
import { exportReport } from './methods/reports.ts';
import type { RedcapFile } from './api.ts';
import { fetchRecordBatch } from './record-batches.ts';
import { rowsInColumnOrder } from './sync-records.ts';
import { redcapSyncSource } from './sync-source-redcap.ts';
import { repositoryHints, repositoryTree } from './sync-project.ts';

export interface FieldRef {
  recordId: string;
  field: string;
  event: string;
  instance: string;
}

function address(ref: FieldRef): { record: string; field: string; event?: string; repeat_instance?: number } {
  return { record: ref.recordId, field: ref.field, ...(ref.event ? { event: ref.event } : {}), ...(ref.instance ? { repeat_instance: Number(ref.instance) } : {}) };
}

/**
 * Re-reads some records from REDCap into the cache (after Carrel itself changed them), keeping their
 * place in the record order, in one transaction.
 */
export async function refreshRecords(client: RedcapClient, db: DatabaseSync, ids: string[], signal?: AbortSignal): Promise<void> {
  const state = readDatasetState(db, 'records');
  if (!state?.table) return;
  const idField = state.columns[0]!.name;
  const { table, deleted } = await fetchRecordBatch(client, idField, ids, signal ?? new AbortController().signal);
  const cells = rowsInColumnOrder(table, state.columns);
  const ordOf = db.prepare(`SELECT min(ord) AS ord FROM ${datasetTable('records')} WHERE c0 = ?`);
  const top = (db.prepare(`SELECT coalesce(max(ord), 0) AS ord FROM ${datasetTable('records')}`).get() as { ord: number }).ord;
  const firstOrd = new Map(ids.map((id, i) => [id, (ordOf.get(id) as { ord: number | null }).ord ?? top + (i + 1) * 100_000]));
  const within = new Map<string, number>();
  const rows = cells.map((values) => {
    const id = values[0]!;
    const n = within.get(id) ?? 0;
    within.set(id, n + 1);
    return { values, ord: firstOrd.get(id)! + n };
  });
  patchDataset(db, 'records', 0, { removeKeys: [...ids, ...deleted], rows, syncedAt: state.lastSyncedAt });
}

export async function downloadRecordFile(client: RedcapClient, ref: FieldRef): Promise<RedcapFile> {
  const file = await exportFile(client.api, address(ref));
  return file;
}

export async function uploadRecordFile(client: RedcapClient, db: DatabaseSync, ref: FieldRef, file: { fileName: string; bytes: Uint8Array }): Promise<void> {
  await importFile(client.api, { ...address(ref), file });
  await refreshRecords(client, db, [ref.recordId]);
}

export async function deleteRecordFile(client: RedcapClient, db: DatabaseSync, ref: FieldRef): Promise<void> {
  await deleteFile(client.api, address(ref));
  await refreshRecords(client, db, [ref.recordId]);
}

/** Re-lists the file repository into the cache after Carrel changed it. */
export async function refreshRepository(client: RedcapClient, db: DatabaseSync): Promise<void> {
  const items = await repositoryTree(redcapSyncSource(client), new AbortController().signal);
  const { columns, rows } = listDataset(items, repositoryHints);
  writeWholeDataset(db, 'file_repository', columns, rows, { title: 'File repository', group: 'files', keyColumn: 0 }, new Date().toISOString());
}

export function downloadDocument(client: RedcapClient, docId: number): Promise<RedcapFile> {
  return exportDocument(client.api, { doc_id: docId });
}

export async function uploadDocument(client: RedcapClient, db: DatabaseSync, folderId: number | null, file: { fileName: string; bytes: Uint8Array }): Promise<void> {
  await importDocument(client.api, { ...(folderId !== null ? { folder_id: folderId } : {}), file });
  await refreshRepository(client, db);
}

export async function removeDocument(client: RedcapClient, db: DatabaseSync, docId: number): Promise<void> {
  await deleteDocument(client.api, { doc_id: docId });
  await refreshRepository(client, db);
}

export async function addFolder(client: RedcapClient, db: DatabaseSync, parentId: number | null, name: string): Promise<number> {
  const folderId = await createFolder(client.api, { name, ...(parentId !== null ? { folder_id: parentId } : {}) });
  await refreshRepository(client, db);
  return folderId;
}

/** Fetches a report now and keeps it; REDCap's API cannot list reports, so the user gives the ID. */
export async function cacheReport(client: RedcapClient, db: DatabaseSync, reportId: string, title: string): Promise<string> {
  let rows;
  try {
    rows = await exportReport(client.api, { report_id: reportId });
  } catch (error) {
    if (error instanceof AppError && error.code === 'SERVICE_ERROR') {
      throw new AppError('NOT_FOUND', `REDCap has no report ${reportId} that this token may read. Check the report ID on the report's page in REDCap (My Reports & Exports).`, { cause: error });
    }
    throw error;
  }
  const { columns, rows: values } = listDataset(rows);
  const name = reportDataset(reportId);
  writeWholeDataset(db, name, columns, values, { title, group: 'reports' }, new Date().toISOString());
  return name;
}

export function forgetReport(db: DatabaseSync, reportId: string): boolean {
  return dropDataset(db, reportDataset(reportId));
}
