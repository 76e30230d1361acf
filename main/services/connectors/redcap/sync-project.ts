import type { DatabaseSync } from 'node:sqlite';
import { AppError, isAppError } from '../../../../shared/contract/errors.ts';
import { readMeta } from '../../cache/cache-db.ts';
import type { DatasetColumn } from '../../cache/dataset-columns.ts';
import { patchDataset } from '../../cache/dataset-patch.ts';
import { markDataset, readDatasetState } from '../../cache/dataset-state.ts';
import { putMeta, writeWholeDataset } from '../../cache/dataset-writer.ts';
import type { JobContext } from '../../jobs/job-runner.ts';
import { redcapCatalogue, reportDataset, type CatalogueEntry } from './catalogue.ts';
import { serverTimeFromLog, serverTimeLowerBound, type ChangeFeed } from './change-feed.ts';
import { listDataset, type ListColumnHints } from './list-datasets.ts';
import type { ProjectStructure } from './project-structure.ts';
import { structureMetaKey } from './overview.ts';
import { raiseRecordAnchor, syncRedcapRecords, type RecordRowsTap, type RecordSyncResult } from './sync-records.ts';
import type { Item, LogEntry, RedcapSyncSource } from './sync-source.ts';

export interface ProjectSyncResult {
  records: RecordSyncResult;
  structure: ProjectStructure;
  /** Datasets that could not be synced, with why. */
  skipped: Array<{ name: string; availability: 'forbidden' | 'not-applicable' | 'failed'; note: string }>;
}

const loggingNewestKey = 'redcap.logging.newest';
const loggingFirstWindowDays = 90;
const maxRepositoryEntries = 20_000;

function entry(name: string): CatalogueEntry {
  return redcapCatalogue.find((e) => e.name === name) ?? { name, title: name, group: 'reports' };
}

/** What the dictionary dataset shows: REDCap's own columns with readable headers. */
export const repositoryHints: ListColumnHints = { key: 'path', numeric: ['doc_id', 'folder_id', 'parent_folder_id'] };

const dictionaryHints: ListColumnHints = {
  key: 'field_name',
  labels: {
    field_name: 'Variable / field name', form_name: 'Form', section_header: 'Section header', field_type: 'Field type', field_label: 'Field label',
    select_choices_or_calculations: 'Choices or calculation', field_note: 'Field note', text_validation_type_or_show_slider_number: 'Validation',
    text_validation_min: 'Min', text_validation_max: 'Max', identifier: 'Identifier?', branching_logic: 'Branching logic', required_field: 'Required?',
    custom_alignment: 'Alignment', question_number: 'Question number', matrix_group_name: 'Matrix group', matrix_ranking: 'Matrix ranking', field_annotation: 'Field annotation',
  },
};

/**
 * One sync of a REDCap project: its structure, its records (incrementally when possible), the people
 * and activity around it, the file repository listing and saved reports. Each dataset is replaced in
 * its own transaction; a dataset this token may not read is recorded as such and the rest goes on.
 */
export async function syncRedcapProject(options: {
  source: RedcapSyncSource;
  db: DatabaseSync;
  context: JobContext;
  mode: 'auto' | 'full';
  batchSize: number;
  reports: ReadonlyArray<{ id: string; title: string }>;
  /** Leave the records' folded search text out of a full sync (see DatasetMeta.deferSearch). */
  deferSearch?: boolean;
  onRecordRows?: RecordRowsTap;
}): Promise<ProjectSyncResult> {
  const { source, db, context } = options;
  const signal = context.signal;
  const skipped: ProjectSyncResult['skipped'] = [];
  const now = (): string => new Date().toISOString();

  context.progress(0, null, 'Reading the project and its data dictionary…');
  // A cache without records will be filled by a full sync, which starts with the ID list: ask for it
  // as soon as the dictionary names the ID field, beside the rest of the structure.
  const fresh = options.mode === 'full' || !readDatasetState(db, 'records')?.table;
  const { structure, recordIds } = await fetchStructure(source, signal, fresh);
  const write = (name: string, items: ReadonlyArray<object>, hints: ListColumnHints = {}): void => {
    const { columns, rows } = listDataset(items, hints);
    const e = entry(name);
    writeWholeDataset(db, name, columns, rows, { title: e.title, group: e.group, ...(hints.key ? { keyColumn: columns.findIndex((c) => c.name === hints.key) } : {}) }, now());
  };
  write('dictionary', structure.metadata, dictionaryHints);
  write('instruments', structure.instruments, { key: 'instrument_name', labels: { instrument_name: 'Instrument', instrument_label: 'Label' } });
  if (structure.project.is_longitudinal) {
    write('arms', await source.arms(signal), { numeric: ['arm_num'], labels: { arm_num: 'Arm', name: 'Name' } });
    write('events', structure.events, { key: 'unique_event_name', numeric: ['arm_num', 'day_offset', 'offset_min', 'offset_max', 'event_id'] });
    write('form_events', structure.formEvents, { numeric: ['arm_num'], labels: { arm_num: 'Arm', unique_event_name: 'Event', form: 'Instrument' } });
  }
  if (structure.project.has_repeating_instruments_or_events) {
    write('repeating', structure.repeating, { labels: { event_name: 'Event', form_name: 'Instrument (blank: the whole event repeats)', custom_form_label: 'Custom label' } });
  }
  context.throwIfCancelled();

  // The optional lists are small: they are asked for at once, while the records download, and written
  // in order after the records.
  const optional = (name: string, fetch: () => Promise<ReadonlyArray<Item>>, hints: ListColumnHints = {}) => {
    const answer = fetch().then(
      (items) => ({ items }),
      (error: unknown) => ({ error }),
    );
    return async (): Promise<void> => {
      context.throwIfCancelled();
      context.progress(records.fetched, records.fetched, `Reading ${entry(name).title.toLowerCase()}…`);
      const got = await answer;
      if ('items' in got) {
        write(name, got.items, hints);
        return;
      }
      const outcome = classify(got.error);
      if (!outcome) throw got.error;
      skipped.push({ name, ...outcome });
      markDataset(db, name, { title: entry(name).title, group: entry(name).group, ...outcome, at: now() });
    };
  };
  const lists = [
    optional('users', () => source.users(signal), { key: 'username' }),
    optional('roles', () => source.roles(signal), { key: 'unique_role_name' }),
    optional('role_mappings', () => source.roleMappings(signal), { key: 'username' }),
    optional('dags', () => source.dags(signal), { key: 'unique_group_name', numeric: ['data_access_group_id'] }),
    optional('dag_mappings', () => source.dagMappings(signal), { key: 'username' }),
    optional('file_repository', () => repositoryTree(source, signal), repositoryHints),
  ];
  const records = await syncRedcapRecords({
    client: source.client,
    db,
    structure,
    changes: changeFeed(source),
    batchSize: options.batchSize,
    mode: options.mode,
    context,
    ...(options.deferSearch ? { deferSearch: true } : {}),
    ...(options.onRecordRows ? { onRows: options.onRecordRows } : {}),
    ...(recordIds ? { recordIds } : {}),
  });
  putMeta(db, { [structureMetaKey]: JSON.stringify(structure), 'redcap.version': structure.version, 'redcap.project': JSON.stringify(structure.project) });

  for (const finish of lists) await finish();
  try {
    const log = await syncLogging(source, db, signal);
    // The log's newest entry tells how far the server's clock is from ours: the next incremental sync
    // can then start from this one instead of from a bound that must allow for any time zone.
    const anchor = log.newest ? serverTimeFromLog(records.startedAt, log.newest, log.answeredAt) : null;
    if (anchor) raiseRecordAnchor(db, anchor);
  } catch (error) {
    const outcome = classify(error);
    if (!outcome) throw error;
    skipped.push({ name: 'logging', ...outcome });
    markDataset(db, 'logging', { title: entry('logging').title, group: 'activity', ...outcome, at: now() });
  }
  for (const report of options.reports) {
    const name = reportDataset(report.id);
    context.throwIfCancelled();
    try {
      const rows = await source.report(report.id, signal);
      const { columns, rows: values } = listDataset(rows);
      writeWholeDataset(db, name, columns, values, { title: report.title, group: 'reports' }, now());
    } catch (error) {
      const outcome = classify(error);
      if (!outcome) throw error;
      skipped.push({ name, ...outcome });
      markDataset(db, name, { title: report.title, group: 'reports', ...outcome, at: now() });
    }
  }
  return { records, structure, skipped };
}

async function fetchStructure(source: RedcapSyncSource, signal: AbortSignal, withRecordIds: boolean): Promise<{ structure: ProjectStructure; recordIds: Promise<string[]> | null }> {
  const client = source.client;
  const metadataAnswer = client.metadata(signal);
  const recordIds = withRecordIds ? metadataAnswer.then((fields) => client.recordIds(fields[0]!.field_name, { signal })) : null;
  // Unawaited if the structure fails first; the sync then reports the structure's error.
  recordIds?.catch(() => undefined);
  // Independent requests, asked at once (a failure of any fails the sync with its own message).
  const [version, project, metadata, instruments, exportFieldNames] = await Promise.all([
    client.version(signal),
    client.projectInfo(signal),
    metadataAnswer,
    client.instruments(signal),
    client.exportFieldNames(signal),
  ]);
  const [events, formEvents, repeating] = await Promise.all([
    project.is_longitudinal ? source.events(signal) : [],
    project.is_longitudinal ? source.formEventMapping(signal) : [],
    project.has_repeating_instruments_or_events ? source.repeating(signal) : [],
  ]);
  return { structure: { version, project, metadata, instruments, exportFieldNames, events, formEvents, repeating }, recordIds };
}

/** Optional datasets: refused for this token → 'forbidden'; REDCap says "not for this kind of project" → 'not-applicable'. */
function classify(error: unknown): { availability: 'forbidden' | 'not-applicable' | 'failed'; note: string } | null {
  if (!isAppError(error)) return null;
  if (error.code === 'FORBIDDEN' || error.code === 'AUTH_FAILED') {
    return { availability: 'forbidden', note: "This token's REDCap user is not allowed to read this. Ask the project's administrator for the right if you need it." };
  }
  if (error.code === 'SERVICE_ERROR' && /classic projects|does not contain any repeating/i.test(error.message)) {
    return { availability: 'not-applicable', note: 'REDCap says this does not apply to this project.' };
  }
  if (error.code === 'SERVICE_ERROR' || error.code === 'BAD_RESPONSE' || error.code === 'NOT_SERVICE') {
    return { availability: 'failed', note: error.message };
  }
  return null;
}

function changeFeed(source: RedcapSyncSource): ChangeFeed {
  return {
    async since(anchor, signal) {
      try {
        const entries = await source.logging({ beginTime: anchor.slice(0, 16), logtype: 'record' }, signal);
        const { changed, deleted } = source.recordChanges(entries);
        for (const id of deleted) changed.add(id);
        const newest = entries.reduce<string | null>((max, e) => (max === null || e.timestamp > max ? e.timestamp : max), null);
        return { changed, newestTimestamp: newest ? `${newest.slice(0, 16)}:00` : null, source: 'logging' };
      } catch (error) {
        if (!isAppError(error) || (error.code !== 'FORBIDDEN' && error.code !== 'AUTH_FAILED')) throw error;
        // No logging rights: ask for records changed since the anchor instead.
        const idField = (await source.client.metadata(signal))[0]!.field_name;
        const ids = await source.client.recordIds(idField, { dateRangeBegin: anchor, signal });
        return { changed: new Set(ids), newestTimestamp: null, source: 'dateRange' };
      }
    },
  };
}

/** Logging is kept incrementally: the first sync reads the last 90 days, later ones what came since. */
async function syncLogging(source: RedcapSyncSource, db: DatabaseSync, signal: AbortSignal): Promise<{ newest: string | null; answeredAt: number }> {
  const state = readDatasetState(db, 'logging');
  const newest = state?.table ? readMeta(db, loggingNewestKey) : null;
  const firstBegin = serverTimeLowerBound(new Date(Date.now() - loggingFirstWindowDays * 86_400_000)).slice(0, 16);
  const entries = await source.logging({ beginTime: newest ?? firstBegin }, signal);
  const answeredAt = Date.now();
  const { columns, rows } = listDataset(entries, {
    order: ['timestamp', 'username', 'action', 'details', 'record'],
    key: 'timestamp',
    labels: { timestamp: 'Time (server)', username: 'User', action: 'Action', details: 'Details', record: 'Record' },
  });
  const ords = entries.map((e, i) => -Number(e.timestamp.replace(/\D/g, '').padEnd(12, '0')) * 1000 + i);
  const latest = entries.reduce<string | null>((max, e) => (max === null || e.timestamp > max ? e.timestamp : max), newest);
  const at = new Date().toISOString();
  if (!newest || !state?.table || !sameColumns(state.columns, columns)) {
    writeWholeDataset(db, 'logging', columns, rows, { title: 'Logging', group: 'activity', keyColumn: 0 }, at, { firstBegin });
  } else {
    // Entries of the newest minute seen last time come again; replace them rather than doubling them.
    patchDataset(db, 'logging', 0, { removeKeys: [newest], rows: rows.map((values, i) => ({ values, ord: ords[i]! })), syncedAt: at });
  }
  if (latest) putMeta(db, { [loggingNewestKey]: latest });
  return { newest: latest, answeredAt };
}

function sameColumns(a: DatasetColumn[], b: DatasetColumn[]): boolean {
  return b.every((column, i) => a[i]?.name === column.name);
}

/** The file repository as one flat listing with paths; folders are walked breadth-first, within limits. */
export async function repositoryTree(source: RedcapSyncSource, signal: AbortSignal): Promise<Item[]> {
  const out: Item[] = [];
  const queue: Array<{ folderId: number | null; path: string }> = [{ folderId: null, path: '' }];
  while (queue.length > 0) {
    const { folderId, path } = queue.shift()!;
    for (const item of await source.repository(folderId, signal)) {
      if (out.length >= maxRepositoryEntries) throw new AppError('SERVICE_ERROR', `The file repository has more than ${maxRepositoryEntries.toLocaleString('en-US')} entries; Carrel lists the first ones only.`);
      const itemPath = `${path}/${item.name}`;
      if (item.kind === 'folder') {
        out.push({ path: `${itemPath}/`, name: item.name, type: 'folder', folder_id: item.folderId, doc_id: '', parent_folder_id: folderId ?? '' });
        queue.push({ folderId: item.folderId, path: itemPath });
      } else {
        out.push({ path: itemPath, name: item.name, type: 'file', folder_id: '', doc_id: item.docId, parent_folder_id: folderId ?? '' });
      }
    }
  }
  return out;
}

export type { LogEntry };
