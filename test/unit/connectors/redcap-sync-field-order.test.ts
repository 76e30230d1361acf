// A full or incremental records sync whose answers come with their fields in another order than the
// columns (toRows' lookup path), through syncRedcapRecords with a client that answers CSV tables.
import { describe, expect, it } from 'vitest';
import { CacheDirectory } from '../../../main/services/cache/cache-db.ts';
import { DatasetViews } from '../../../main/services/cache/dataset-views.ts';
import type { JobContext } from '../../../main/services/jobs/job-runner.ts';
import type { ChangeFeed } from '../../../main/services/connectors/redcap/change-feed.ts';
import type { RedcapClient } from '../../../main/services/connectors/redcap/client.ts';
import type { ProjectStructure } from '../../../main/services/connectors/redcap/project-structure.ts';
import type { CsvTable } from '../../../main/services/connectors/redcap/csv-row.ts';
import type { FlatRecord } from '../../../main/services/connectors/redcap/schemas.ts';
import { syncRedcapRecords } from '../../../main/services/connectors/redcap/sync-records.ts';
import { AppError } from '../../../shared/contract/errors.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { rejection } from './redcap-sync-batches-support.ts';

const tempDir = useTempDirs();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A tiny classic project as a sync reads it: record_id, name, sex (radio), weight (number), demo_complete.
const structure: ProjectStructure = {
  version: '14.1.5',
  project: { project_id: '1', project_title: 'Fake project', in_production: false, is_longitudinal: false, has_repeating_instruments_or_events: false },
  metadata: [
    { field_name: 'record_id', form_name: 'demo', field_type: 'text', field_label: 'Record ID', select_choices_or_calculations: '', text_validation_type_or_show_slider_number: '', identifier: '', required_field: '' },
    { field_name: 'name', form_name: 'demo', field_type: 'text', field_label: 'Name', select_choices_or_calculations: '', text_validation_type_or_show_slider_number: '', identifier: '', required_field: '' },
    { field_name: 'sex', form_name: 'demo', field_type: 'radio', field_label: 'Sex', select_choices_or_calculations: '0, Female | 1, Male', text_validation_type_or_show_slider_number: '', identifier: '', required_field: '' },
    { field_name: 'weight', form_name: 'demo', field_type: 'text', field_label: 'Weight', select_choices_or_calculations: '', text_validation_type_or_show_slider_number: 'number', identifier: '', required_field: '' },
  ],
  instruments: [{ instrument_name: 'demo', instrument_label: 'Demo' }],
  exportFieldNames: [],
  events: [],
  formEvents: [],
  repeating: [],
};
const fieldOrder = ['record_id', 'name', 'sex', 'weight', 'demo_complete'];

/**
 * A client that answers with the given records in batches by ID, as a CSV table whose header is the
 * first answered record's fields in their order (then any others): a batch's field order follows its
 * first record, and a field the first record lacks is blank in the others, as in REDCap's CSV.
 */
function recordsClient(records: FlatRecord[]) {
  let exports = 0;
  const client = {
    async recordIds(): Promise<string[]> {
      return [...new Set(records.map((record) => String(record.record_id)))];
    },
    async exportRecordTable({ records: ids }: { records?: string[] }): Promise<CsvTable> {
      exports++;
      await sleep(1);
      const wanted = new Set(ids);
      const answered = records.filter((record) => wanted.has(String(record.record_id)));
      const fields = [...new Set(answered.flatMap((record) => Object.keys(record)))];
      return { fields, rows: answered.map((record) => fields.map((field) => (record[field] === undefined ? '' : String(record[field])))) };
    },
  };
  return { client: client as unknown as RedcapClient, exports: () => exports };
}

function jobContext(signal = new AbortController().signal): JobContext & { messages: string[] } {
  const messages: string[] = [];
  return {
    id: 'job-1',
    signal,
    messages,
    progress: (_done, _total, message) => {
      if (message !== undefined) messages.push(message);
    },
    throwIfCancelled: () => {
      if (signal.aborted) throw new AppError('CANCELLED', 'Cancelled.');
    },
  };
}

const noChanges: ChangeFeed = { since: async () => ({ changed: new Set<string>(), newestTimestamp: null, source: 'dateRange' }) };

function cachedRecords(db: ReturnType<CacheDirectory['db']>, mode: 'raw' | 'label' = 'raw'): string[][] {
  const views = new DatasetViews();
  const view = views.open(db, 'conn1', { dataset: 'records', mode, sort: [], filter: '' });
  return views.rows(db, view, 0, 10_000);
}

describe('records whose fields come in another order', () => {
  const inOrder = (id: string, name: string, sex: string, weight: string | number, complete: string): FlatRecord => ({ record_id: id, name, sex, weight, demo_complete: complete });

  it('are cached under the right columns, whatever the order of their keys or missing fields', async () => {
    const records: FlatRecord[] = [
      inOrder('1', 'Ann Example', '0', '70', '2'),
      { demo_complete: '1', weight: '80', sex: '1', name: 'Bob Example', record_id: '2' },
      { record_id: '3', name: 'Cleo Example' },
      { record_id: '4', sex: '1', name: 'Dan Example', demo_complete: '0', weight: '' },
      inOrder('5', 'Eve Example', '0', 5.5, '0'),
      { name: 'Finn Example', record_id: '6', sex: '0', weight: 61, demo_complete: '2' },
      inOrder('7', 'Gus Example', '', '', ''),
    ];
    const cache = new CacheDirectory(tempDir());
    const db = cache.db('conn1');
    const context = jobContext();
    const { client, exports } = recordsClient(records);
    const result = await syncRedcapRecords({ client, db, structure, changes: noChanges, batchSize: 2, mode: 'full', context });
    expect(result).toMatchObject({ kind: 'full', records: 7, rows: 7, columns: 5 });
    expect(exports()).toBe(4);
    expect(new DatasetViews().state(db, 'records')!.columns.map((column) => column.name)).toEqual(fieldOrder);
    const expected = [
      ['1', 'Ann Example', '0', '70', '2'],
      ['2', 'Bob Example', '1', '80', '1'],
      ['3', 'Cleo Example', '', '', ''],
      ['4', 'Dan Example', '1', '', '0'],
      ['5', 'Eve Example', '0', '5.5', '0'],
      ['6', 'Finn Example', '0', '61', '2'],
      ['7', 'Gus Example', '', '', ''],
    ];
    expect(cachedRecords(db)).toEqual(expected);
    expect(cachedRecords(db, 'label').map((row) => [row[0], row[2], row[4]])).toEqual([
      ['1', 'Female', 'Complete'],
      ['2', 'Male', 'Unverified'],
      ['3', '', ''],
      ['4', 'Male', 'Incomplete'],
      ['5', 'Female', 'Incomplete'],
      ['6', 'Female', 'Complete'],
      ['7', '', ''],
    ]);
    // progress names the batches in order
    const batchNumbers = context.messages.map((message) => /\(batch (\d+) of 4\)/.exec(message)?.[1]).filter((n): n is string => n !== undefined);
    expect(batchNumbers).toEqual(['1', '2', '3', '4']);
    expect(context.messages.filter((message) => message.startsWith('Downloaded'))).toEqual([
      'Downloaded 2 of 7 records (batch 1 of 4)',
      'Downloaded 4 of 7 records (batch 2 of 4)',
      'Downloaded 6 of 7 records (batch 3 of 4)',
      'Downloaded 7 of 7 records (batch 4 of 4)',
    ]);
  });

  it('are the same rows with the search text deferred, and searchable', async () => {
    const records: FlatRecord[] = [
      inOrder('1', 'Zoë Example', '0', '70', '2'),
      { demo_complete: '1', weight: '80', sex: '1', name: 'Bob Müller', record_id: '2' },
      { record_id: '3', name: 'Cleo Example' },
    ];
    const cache = new CacheDirectory(tempDir());
    const db = cache.db('conn1');
    const { client } = recordsClient(records);
    await syncRedcapRecords({ client, db, structure, changes: noChanges, batchSize: 2, mode: 'full', context: jobContext(), deferSearch: true });
    expect(db.prepare('SELECT count(*) AS n, sum(search_raw IS NULL) AS deferred FROM ds_records').get()).toEqual({ n: 3, deferred: 3 });
    expect(cachedRecords(db)).toEqual([
      ['1', 'Zoë Example', '0', '70', '2'],
      ['2', 'Bob Müller', '1', '80', '1'],
      ['3', 'Cleo Example', '', '', ''],
    ]);
    const views = new DatasetViews();
    const find = (mode: 'raw' | 'label', filter: string) => views.rows(db, views.open(db, 'conn1', { dataset: 'records', mode, sort: [], filter }), 0, 10).map((row) => row[0]);
    expect(find('label', 'muller male unverified')).toEqual(['2']);
    expect(find('raw', 'zoe 70')).toEqual(['1']);
    expect(find('label', 'female')).toEqual(['1']);
    expect(find('raw', 'female')).toEqual([]);
  });

  it('are patched under the right columns by an incremental sync', async () => {
    const records: FlatRecord[] = [inOrder('1', 'Ann Example', '0', '70', '2'), inOrder('2', 'Bob Example', '1', '80', '1'), inOrder('3', 'Cleo Example', '0', '', '0')];
    const cache = new CacheDirectory(tempDir());
    const db = cache.db('conn1');
    const first = recordsClient(records);
    await syncRedcapRecords({ client: first.client, db, structure, changes: noChanges, batchSize: 2, mode: 'full', context: jobContext() });
    const changedRecords: FlatRecord[] = [
      records[0]!,
      { weight: '82', demo_complete: '2', record_id: '2', sex: '1', name: 'Bob Changed' },
      { record_id: '3', name: 'Cleo Changed' },
    ];
    const second = recordsClient(changedRecords);
    const changes: ChangeFeed = { since: async () => ({ changed: new Set(['2', '3']), newestTimestamp: null, source: 'dateRange' }) };
    const result = await syncRedcapRecords({ client: second.client, db, structure, changes, batchSize: 2, mode: 'auto', context: jobContext() });
    expect(result).toMatchObject({ kind: 'incremental', fetched: 2 });
    expect(cachedRecords(db)).toEqual([
      ['1', 'Ann Example', '0', '70', '2'],
      ['2', 'Bob Changed', '1', '82', '2'],
      ['3', 'Cleo Changed', '', '', ''],
    ]);
  });

  it.each([
    ['an extra field', { record_id: '3', name: 'Cleo Example', sex: '0', weight: '1', demo_complete: '0', ghost_field: 'x' }],
    ['a field in place of another, keys in order', { record_id: '3', name: 'Cleo Example', sex: '0', ghost_field: '1', demo_complete: '0' }],
    ['a field in place of another, keys out of order', { demo_complete: '0', ghost_field: '1', sex: '0', name: 'Cleo Example', record_id: '3' }],
    ['only an unknown field beside the ID', { record_id: '3', ghost_field: '1' }],
  ] as const)('fail with BAD_RESPONSE for a record with %s, leaving the cache as it was', async (_label, odd) => {
    const records: FlatRecord[] = [inOrder('1', 'Ann Example', '0', '70', '2'), inOrder('2', 'Bob Example', '1', '80', '1'), { ...odd }, inOrder('4', 'Dan Example', '1', '', '0')];
    const cache = new CacheDirectory(tempDir());
    const db = cache.db('conn1');
    const { client } = recordsClient(records);
    const error = await rejection(syncRedcapRecords({ client, db, structure, changes: noChanges, batchSize: 2, mode: 'full', context: jobContext() }));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toMatch(/field that was not in the project/);
    expect(new DatasetViews().state(db, 'records')).toBeNull();
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE '%staging%'").get()).toEqual({ n: 0 });
  });
});
