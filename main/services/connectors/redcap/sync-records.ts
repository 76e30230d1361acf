import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { DatasetColumn } from '../../cache/dataset-columns.ts';
import { DatasetWriter } from '../../cache/dataset-writer.ts';
import type { JobContext } from '../../jobs/job-runner.ts';
import type { RedcapClient } from './client.ts';
import { redcapColumns } from './columns.ts';
import type { FlatRecord, RedcapProjectInfo } from './schemas.ts';

export interface RecordSyncResult {
  records: number;
  rows: number;
  columns: number;
  deletedDuringSync: number;
  syncedAt: string;
  project: RedcapProjectInfo;
  serverVersion: string;
}

const batchAttempts = 3;

/**
 * Downloads a project into the cache the way REDCapR does it: first the list of record IDs, then the
 * records in batches of IDs (so a longitudinal record never straddles two batches), checking that every
 * record asked for came back. Rows go to a staging table that replaces the cached copy only at the end.
 */
export async function syncRedcapRecords(options: {
  client: RedcapClient;
  db: DatabaseSync;
  batchSize: number;
  context: JobContext;
}): Promise<RecordSyncResult> {
  const { client, db, batchSize, context } = options;
  const signal = context.signal;
  context.progress(0, null, 'Reading the project and its data dictionary…');
  const version = await client.version(signal);
  const project = await client.projectInfo(signal);
  const metadata = await client.metadata(signal);
  const instruments = await client.instruments(signal);
  const exportFieldNames = await client.exportFieldNames(signal);
  const idField = metadata[0]!.field_name;
  const predicted = redcapColumns({ project, metadata, instruments, exportFieldNames });

  context.progress(0, null, 'Listing record IDs…');
  const ids = await listRecordIds(client, idField, signal);
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += batchSize) batches.push(ids.slice(i, i + batchSize));
  context.progress(0, ids.length, ids.length === 0 ? 'The project has no records yet.' : `Downloading ${ids.length.toLocaleString('en-US')} records…`);

  let writer: DatasetWriter | null = null;
  let columns: DatasetColumn[] = predicted;
  let done = 0;
  let deleted = 0;
  const pendingAbort = new AbortController();
  const batchSignal = AbortSignal.any([signal, pendingAbort.signal]);
  try {
    // One batch is always in flight while the previous one is written to the cache.
    let next = batches.length > 0 ? fetchBatch(client, idField, batches[0]!, batchSignal) : null;
    next?.catch(() => undefined);
    for (let index = 0; index < batches.length; index++) {
      const fetched = await next!;
      next = index + 1 < batches.length ? fetchBatch(client, idField, batches[index + 1]!, batchSignal) : null;
      next?.catch(() => undefined);
      context.throwIfCancelled();
      if (!writer) {
        columns = reconcileColumns(predicted, fetched.records[0]);
        writer = DatasetWriter.begin(db, 'records', columns);
      }
      writer.append(toRows(fetched.records, columns));
      deleted += fetched.deleted;
      done += batches[index]!.length;
      context.progress(done, ids.length, `Downloaded ${done.toLocaleString('en-US')} of ${ids.length.toLocaleString('en-US')} records (batch ${index + 1} of ${batches.length})`);
    }
    writer ??= DatasetWriter.begin(db, 'records', columns);
    context.throwIfCancelled();
    context.progress(done, ids.length, 'Saving to the offline cache…');
    const syncedAt = new Date().toISOString();
    writer.commit({
      syncedAt,
      meta: {
        'redcap.version': version,
        'redcap.project': JSON.stringify(project),
        'redcap.metadata': JSON.stringify(metadata),
        'redcap.instruments': JSON.stringify(instruments),
        'redcap.exportFieldNames': JSON.stringify(exportFieldNames),
      },
      info: { records: ids.length - deleted, batchSize, serverVersion: version },
    });
    return { records: ids.length - deleted, rows: writer.rowCount, columns: columns.length, deletedDuringSync: deleted, syncedAt, project, serverVersion: version };
  } finally {
    pendingAbort.abort();
    writer?.abort();
  }
}

/** Every record ID the project lists now (the same small request that starts a sync). */
async function listRecordIds(client: RedcapClient, idField: string, signal: AbortSignal): Promise<string[]> {
  const rows = await client.exportRecords({ fields: [idField], signal });
  return [...new Set(rows.map((row) => String(row[idField] ?? '')))].filter((id) => id !== '');
}

async function fetchBatch(client: RedcapClient, idField: string, ids: string[], signal: AbortSignal): Promise<{ records: FlatRecord[]; deleted: number }> {
  const wanted = new Set(ids);
  let records: FlatRecord[] = [];
  let missing: string[] = [];
  for (let attempt = 1; attempt <= batchAttempts; attempt++) {
    records = await client.exportRecords({ records: ids, signal });
    const returned = new Set<string>();
    for (const record of records) {
      const id = String(record[idField] ?? '');
      if (!wanted.has(id)) {
        throw new AppError('BAD_RESPONSE', 'REDCap returned records that were not asked for. Sync again; if it happens again, tell your REDCap administrators.');
      }
      returned.add(id);
    }
    missing = ids.filter((id) => !returned.has(id));
    if (missing.length === 0) return { records, deleted: 0 };
  }
  // Records deleted since the ID list was taken are legitimately absent. Asking for just the missing
  // records again could be cut short the same way, so the whole ID list is read once more instead.
  const listed = new Set(await listRecordIds(client, idField, signal));
  const stillThere = missing.filter((id) => listed.has(id)).length;
  if (stillThere === 0) return { records, deleted: missing.length };
  throw new AppError('INCOMPLETE_DATA', `REDCap returned ${ids.length - missing.length} of the ${ids.length} records asked for, three times in a row: the server is cutting answers short. Lower the records-per-request batch size in Settings and sync again. The cached copy was left as it was.`, { retryable: true, details: { asked: ids.length, missing: stillThere } });
}

/** Trust the server's column order; keep what the dictionary says about each column; add what it did not predict. */
function reconcileColumns(predicted: DatasetColumn[], sample: FlatRecord | undefined): DatasetColumn[] {
  if (!sample) return predicted;
  const byName = new Map(predicted.map((column) => [column.name, column]));
  return Object.keys(sample).map(
    (name) => byName.get(name) ?? { name, label: name, fieldType: 'text', form: null, numeric: false, isKey: false },
  );
}

function toRows(records: FlatRecord[], columns: DatasetColumn[]): string[][] {
  const names = new Set(columns.map((column) => column.name));
  return records.map((record) => {
    for (const key of Object.keys(record)) {
      if (!names.has(key)) {
        throw new AppError('BAD_RESPONSE', `REDCap returned a field that was not in the project a moment ago. The data dictionary may have changed during the sync; sync again.`, { retryable: true });
      }
    }
    return columns.map((column) => {
      const value = record[column.name];
      return value === undefined ? '' : String(value);
    });
  });
}
