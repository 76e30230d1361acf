import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { DatasetColumn } from '../../cache/dataset-columns.ts';
import { patchDataset } from '../../cache/dataset-patch.ts';
import { readDatasetState } from '../../cache/dataset-state.ts';
import { datasetTable, DatasetWriter } from '../../cache/dataset-writer.ts';
import type { JobContext } from '../../jobs/job-runner.ts';
import type { RedcapClient } from './client.ts';
import { redcapColumns } from './columns.ts';
import { forEachBatch, listRecordIds } from './record-batches.ts';
import type { ProjectStructure } from './project-structure.ts';
import type { CsvTable } from './csv-row.ts';
import { serverTimeLowerBound, type ChangeFeed } from './change-feed.ts';

export interface RecordSyncResult {
  kind: 'full' | 'incremental';
  records: number;
  rows: number;
  columns: number;
  /** Records fetched again (incremental) or all of them (full). */
  fetched: number;
  deleted: number;
  syncedAt: string;
  /** When the record step began, on this computer's clock (to place the next sync's anchor). */
  startedAt: number;
}

/**
 * Told each batch of a full sync's rows as it is written, in the order the cached table will show them
 * (its stored order), with the columns and the number of records expected in all; for an export written
 * while the sync downloads (export-during-sync.ts). It must not throw. Incremental syncs do not call it.
 */
export type RecordRowsTap = (batch: { columns: DatasetColumn[]; rows: string[][]; expectedRecords: number; structure: ProjectStructure }) => void;

/** A record's rows keep REDCap's order; records keep the order of the project's ID list. */
const ordStride = 100_000;
const anchorKey = 'redcap.sync.anchor';

/**
 * Moves the anchor of the next incremental sync later, never earlier: a better estimate of the
 * server-local time at which this sync began (see serverTimeFromLog).
 */
export function raiseRecordAnchor(db: DatabaseSync, candidate: string): void {
  const current = (db.prepare('SELECT value FROM meta WHERE key = ?').get(anchorKey) as { value: string } | undefined)?.value;
  if (current !== undefined && candidate > current) db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(candidate, anchorKey);
}

function structureHash(structure: ProjectStructure): string {
  const { metadata, instruments, exportFieldNames, events, repeating, project } = structure;
  const shape = [metadata, instruments, exportFieldNames, events, repeating, project.is_longitudinal, project.has_repeating_instruments_or_events];
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}

/**
 * Brings the cached records up to date. The first sync (or one after the data dictionary changed)
 * downloads everything the REDCapR way: the ID list, then batches of IDs, checked for completeness,
 * into a staging table swapped in at the end. Later syncs ask what changed since the last one — the
 * logging API when this token may read it, `dateRangeBegin` otherwise — compare the ID list for
 * deletions, fetch only the changed records and apply them in one transaction.
 */
export async function syncRedcapRecords(options: {
  client: RedcapClient;
  db: DatabaseSync;
  structure: ProjectStructure;
  changes: ChangeFeed;
  batchSize: number;
  mode: 'auto' | 'full';
  context: JobContext;
  /** Leave the folded search text out of a full sync (the command line, which never searches it). */
  deferSearch?: boolean;
  onRows?: RecordRowsTap;
  /** The ID list, already asked for (a sync into an empty cache asks beside the structure); used by a full sync. */
  recordIds?: Promise<string[]>;
}): Promise<RecordSyncResult> {
  const { db, structure, context } = options;
  const hash = structureHash(structure);
  const state = readDatasetState(db, 'records');
  const anchor = (db.prepare('SELECT value FROM meta WHERE key = ?').get(anchorKey) as { value: string } | undefined)?.value ?? null;
  const canPatch = options.mode === 'auto' && state?.table && state.info.structureHash === hash && anchor !== null;
  return canPatch ? incremental(options, hash, anchor, state.columns) : full(options, hash);
}

async function full(options: Parameters<typeof syncRedcapRecords>[0], hash: string): Promise<RecordSyncResult> {
  const { client, db, structure, context, batchSize } = options;
  const signal = context.signal;
  const startedAt = Date.now();
  const nextAnchor = serverTimeLowerBound(new Date(startedAt));
  const idField = structure.metadata[0]!.field_name;
  const predicted = redcapColumns(structure);
  context.progress(0, null, 'Listing record IDs…');
  const ids = await (options.recordIds ?? listRecordIds(client, idField, signal));
  const position = new Map(ids.map((id, index) => [id, index]));
  context.progress(0, ids.length, ids.length === 0 ? 'The project has no records yet.' : `Downloading ${ids.length.toLocaleString('en-US')} records…`);

  const meta = { title: 'Records', group: 'records' as const, keyColumn: 0, ...(options.deferSearch ? { deferSearch: true } : {}) };
  let writer: DatasetWriter | null = null;
  let columns = predicted;
  let done = 0;
  let deleted = 0;
  try {
    await forEachBatch(client, idField, ids, batchSize, signal, (batch) => {
      if (!writer) {
        columns = reconcileColumns(predicted, batch.table.fields);
        writer = DatasetWriter.begin(db, 'records', columns, meta);
      }
      const { rows, ords } = toRows(batch.table, columns, idField, position);
      writer.append(rows, ords);
      options.onRows?.({ columns, rows: inStoredOrder(rows, ords), expectedRecords: ids.length, structure });
      deleted += batch.deleted.length;
      done += batch.ids.length;
      context.progress(done, ids.length, `Downloaded ${done.toLocaleString('en-US')} of ${ids.length.toLocaleString('en-US')} records (batch ${batch.index + 1} of ${batch.count})`);
    });
    const active: DatasetWriter = writer ?? DatasetWriter.begin(db, 'records', columns, meta);
    writer = active;
    context.throwIfCancelled();
    context.progress(done, ids.length, 'Saving to the offline cache…');
    const syncedAt = new Date().toISOString();
    active.commit({
      syncedAt,
      meta: { [anchorKey]: nextAnchor },
      info: { records: ids.length - deleted, batchSize, structureHash: hash, serverVersion: structure.version, kind: 'full' },
    });
    return { kind: 'full', records: ids.length - deleted, rows: active.rowCount, columns: columns.length, fetched: ids.length, deleted, syncedAt, startedAt };
  } finally {
    (writer as DatasetWriter | null)?.abort();
  }
}

async function incremental(options: Parameters<typeof syncRedcapRecords>[0], hash: string, anchor: string, columns: DatasetColumn[]): Promise<RecordSyncResult> {
  const { client, db, structure, context, batchSize, changes } = options;
  const signal = context.signal;
  const startedAt = Date.now();
  const startedBound = serverTimeLowerBound(new Date(startedAt));
  const idField = structure.metadata[0]!.field_name;
  context.progress(0, null, 'Asking REDCap what changed since the last sync…');
  const feed = await changes.since(anchor, signal);
  const ids = await listRecordIds(client, idField, signal);
  const table = datasetTable('records');
  const basesStatement = db.prepare(`SELECT c0, min(ord) FROM ${table} GROUP BY c0`);
  basesStatement.setReturnArrays(true);
  const cachedBase = new Map((basesStatement.all() as unknown as Array<[string, number]>).map(([id, ord]) => [id, Math.floor(ord / ordStride)]));
  const present = new Set(ids);
  const removed = [...cachedBase.keys()].filter((id) => !present.has(id));
  const toFetch = ids.filter((id) => feed.changed.has(id) || !cachedBase.has(id));
  const { bases, rebase } = placeRecords(ids, cachedBase, new Set(toFetch));
  context.progress(0, toFetch.length, `${toFetch.length.toLocaleString('en-US')} changed or new, ${removed.length.toLocaleString('en-US')} deleted`);

  const rows: Array<{ values: string[]; ord: number }> = [];
  const goneMeanwhile: string[] = [];
  let done = 0;
  await forEachBatch(client, idField, toFetch, batchSize, signal, (batch) => {
    const converted = toRows(batch.table, columns, idField, bases);
    converted.rows.forEach((values, i) => rows.push({ values, ord: converted.ords[i]! }));
    goneMeanwhile.push(...batch.deleted);
    done += batch.ids.length;
    context.progress(done, toFetch.length, `Downloaded ${done.toLocaleString('en-US')} of ${toFetch.length.toLocaleString('en-US')} changed records`);
  });
  context.throwIfCancelled();
  const syncedAt = new Date().toISOString();
  const nextAnchor = feed.newestTimestamp && feed.newestTimestamp > startedBound ? feed.newestTimestamp : startedBound;
  const { rowCount } = patchDataset(db, 'records', 0, {
    removeKeys: [...removed, ...toFetch.filter((id) => cachedBase.has(id) || goneMeanwhile.includes(id))],
    rows,
    rebase: rebase.length > 0 ? { stride: ordStride, keys: rebase } : undefined,
    syncedAt,
    meta: { [anchorKey]: nextAnchor },
    info: { records: ids.length - goneMeanwhile.length, batchSize, structureHash: hash, serverVersion: structure.version, kind: 'incremental', changeSource: feed.source },
  });
  return { kind: 'incremental', records: ids.length - goneMeanwhile.length, rows: rowCount, columns: columns.length, fetched: toFetch.length, deleted: removed.length + goneMeanwhile.length, syncedAt, startedAt };
}

/** Trust the server's column order; keep what the dictionary says about each column; add what it did not predict. */
function reconcileColumns(predicted: DatasetColumn[], fields: ReadonlyArray<string>): DatasetColumn[] {
  if (fields.length === 0) return predicted;
  const byName = new Map(predicted.map((column) => [column.name, column]));
  return fields.map((name) => byName.get(name) ?? { name, label: name, fieldType: 'text', form: null, numeric: false, isKey: false });
}

/**
 * Where each record goes in the cached order after an incremental sync. Cached records keep their
 * place and new ones slot in after their predecessor when there is room (the usual case: new records
 * come last); when there is not, every record is renumbered from the ID list and the unchanged ones
 * are listed in `rebase` so their rows move too.
 */
export function placeRecords(ids: ReadonlyArray<string>, cachedBase: ReadonlyMap<string, number>, refetched: ReadonlySet<string>): { bases: Map<string, number>; rebase: Array<[string, number]> } {
  const nextCached = new Array<number | undefined>(ids.length);
  let following: number | undefined;
  for (let i = ids.length - 1; i >= 0; i--) {
    nextCached[i] = following;
    const base = cachedBase.get(ids[i]!);
    if (base !== undefined) following = base;
  }
  const bases = new Map<string, number>();
  let last = -1;
  let fits = true;
  for (let i = 0; i < ids.length && fits; i++) {
    const id = ids[i]!;
    const old = cachedBase.get(id);
    const base = old ?? last + 1;
    const limit = old === undefined ? nextCached[i] : undefined;
    if (base <= last || (limit !== undefined && base >= limit)) fits = false;
    bases.set(id, base);
    last = base;
  }
  if (fits) return { bases, rebase: [] };
  const renumbered = new Map(ids.map((id, index) => [id, index]));
  const rebase: Array<[string, number]> = [];
  for (const [id, base] of renumbered) {
    if (!refetched.has(id) && cachedBase.has(id) && cachedBase.get(id) !== base) rebase.push([id, base]);
  }
  return { bases: renumbered, rebase };
}

/** A batch's rows as the table orders them (by ord): as they came, unless REDCap answered out of ID-list order. */
function inStoredOrder(rows: string[][], ords: number[]): string[][] {
  let sorted = true;
  for (let i = 1; i < ords.length && sorted; i++) sorted = ords[i]! > ords[i - 1]!;
  if (sorted) return rows;
  return rows.map((row, i) => ({ row, ord: ords[i]! })).sort((a, b) => a.ord - b.ord).map(({ row }) => row);
}

/**
 * A batch's table as the cache's rows, with each row's place in the record order. When the answer's
 * fields are the columns in order (always, within a sync) its rows are the rows as they are; otherwise
 * each column is looked up by name, and a field the columns do not know is refused.
 */
function toRows(table: CsvTable, columns: DatasetColumn[], idField: string, position: ReadonlyMap<string, number>): { rows: string[][]; ords: number[] } {
  const idIndex = table.fields.indexOf(idField);
  const withinRecord = new Map<string, number>();
  const ords: number[] = [];
  for (const row of table.rows) {
    const id = row[idIndex] ?? '';
    const n = withinRecord.get(id) ?? 0;
    withinRecord.set(id, n + 1);
    ords.push((position.get(id) ?? position.size) * ordStride + n);
  }
  const names = new Set(columns.map((column) => column.name));
  if (table.rows.length > 0 && table.fields.some((field) => !names.has(field))) {
    throw new AppError('BAD_RESPONSE', 'REDCap returned a field that was not in the project a moment ago. The data dictionary may have changed during the sync; sync again.', { retryable: true });
  }
  return { rows: rowsInColumnOrder(table, columns), ords };
}

/**
 * A table's rows with one cell per column, in the columns' order ('' for a column the table lacks):
 * the rows as they are when the table's fields are the columns in order.
 */
export function rowsInColumnOrder(table: CsvTable, columns: ReadonlyArray<DatasetColumn>): string[][] {
  const inOrder = table.fields.length === columns.length && table.fields.every((field, i) => field === columns[i]!.name);
  if (inOrder) return table.rows;
  const from = columns.map((column) => table.fields.indexOf(column.name));
  return table.rows.map((row) => from.map((index) => (index < 0 ? '' : row[index]!)));
}
