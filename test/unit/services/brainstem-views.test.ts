import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ViewCondition } from '../../../shared/contract/datasets.ts';
import { CacheDirectory } from '../../../main/services/cache/cache-db.ts';
import type { DatasetColumn } from '../../../main/services/cache/dataset-columns.ts';
import { DatasetViews } from '../../../main/services/cache/dataset-views.ts';
import { DatasetWriter } from '../../../main/services/cache/dataset-writer.ts';
import { startBrainstemCore, type BrainstemCore } from '../../helpers/brainstem-test-core.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { syncJob, tableRows } from './brainstem-sync-support.ts';

const tempDir = useTempDirs();

describe('view conditions on any cached table', () => {
  const columns: DatasetColumn[] = [
    { name: 'id', label: 'ID', fieldType: 'text', form: null, numeric: false, isKey: true },
    { name: 'name', label: 'Name', fieldType: 'text', form: null, numeric: false, isKey: false },
    { name: 'weight', label: 'Weight', fieldType: 'text', form: null, numeric: true, isKey: false },
    { name: 'code', label: 'Code', fieldType: 'text', form: null, numeric: false, isKey: false },
  ];
  const rows = [
    ['a', 'Zoë Müller', '70.5', '9'],
    ['b', 'adam smith', '9', '10'],
    ['c', "O'Brien, Pat", '', 'x'],
    ['d', 'Chen Wei', '100', ''],
  ];

  function ids(where: ViewCondition[]): string[] {
    const db = new CacheDirectory(tempDir()).db('c1');
    const writer = DatasetWriter.begin(db, 'people', columns, { title: 'People', group: 'records', keyColumn: 0 });
    writer.append(rows);
    writer.commit({ syncedAt: '2026-01-01T00:00:00Z' });
    const views = new DatasetViews();
    return views.rows(db, views.open(db, 'c1', { dataset: 'people', mode: 'raw', sort: [], filter: '', where }), 0, 100).map((row) => row[0]!);
  }

  it('keeps the exact match REDCap record views use when no operator is given', () => {
    expect(ids([{ column: 'name', values: ['adam smith', 'Chen Wei'] }])).toEqual(['b', 'd']);
    expect(ids([{ column: 'name', values: ['ADAM SMITH'] }])).toEqual([]);
    expect(ids([{ column: 'name', values: [] }])).toEqual([]);
    expect(ids([{ column: 'no_such_column', values: ['x'] }])).toEqual([]);
  });

  it('compares numbers as numbers when both sides are numbers, and never matches a blank cell', () => {
    expect(ids([{ column: 'weight', op: 'gt', values: ['10'] }])).toEqual(['a', 'd']);
    expect(ids([{ column: 'weight', op: 'lte', values: ['70.5'] }])).toEqual(['a', 'b']);
    expect(ids([{ column: 'weight', op: 'range', values: ['9', '70.5'] }])).toEqual(['a', 'b']);
    // A text column holding numbers in some rows: those compare as numbers, the rest as text.
    expect(ids([{ column: 'code', op: 'lt', values: ['10'] }])).toEqual(['a']);
    expect(ids([{ column: 'code', op: 'gte', values: ['x'] }])).toEqual(['c']);
  });

  it('ignores case and accents in the i- operators, and negates any condition', () => {
    expect(ids([{ column: 'name', op: 'icontains', values: ['MULLER'] }])).toEqual(['a']);
    expect(ids([{ column: 'name', op: 'contains', values: ['muller'] }])).toEqual([]);
    expect(ids([{ column: 'name', op: 'istartswith', values: ['o\''] }])).toEqual(['c']);
    expect(ids([{ column: 'name', op: 'iendswith', values: ['WEI'] }])).toEqual(['d']);
    expect(ids([{ column: 'name', op: 'iexact', values: ['ADAM SMITH'] }])).toEqual(['b']);
    expect(ids([{ column: 'name', op: 'icontains', values: ['e'], not: true }])).toEqual(['b']);
    expect(ids([{ column: 'weight', op: 'isnull', values: ['true'] }])).toEqual(['c']);
    expect(ids([{ column: 'weight', op: 'isnull', values: ['false'] }, { column: 'weight', op: 'lt', values: ['50'], not: true }])).toEqual(['a', 'd']);
  });

  it('says what is wrong with a condition it cannot apply', () => {
    expect(() => ids([{ column: 'weight', op: 'range', values: ['1'] }])).toThrow(/range condition on weight takes two values/);
    expect(() => ids([{ column: 'weight', op: 'isnull', values: ['maybe'] }])).toThrow(/takes true or false/);
    expect(() => ids([{ column: 'name', op: 'icontains', values: [] }])).toThrow(/needs a value/);
  });
});

describe('dynamic-rest operators on a cached BrainSTEM table', () => {
  let c: BrainstemCore;
  const where = async (dataset: string, conditions: ViewCondition[], column = 'name'): Promise<string[]> =>
    (await tableRows(c, dataset, { where: conditions, sort: [{ column, direction: 'asc' }] })).rows.map((row) => row[column]!);

  beforeAll(async () => {
    c = await startBrainstemCore({ sessions: 30 });
    // Two more breedings with litter sizes whose text order differs from their number order.
    const subjects = (await (await fetch(`${c.sandbox.url}api/private/stem/subject/?filter{name.startswith}=R0&sort[]=name`, { headers: { authorization: `Bearer ${c.sandbox.token}` } })).json()) as { subjects: Array<{ id: string; projects: string[] }> };
    const [mother, father] = subjects.subjects;
    for (const [name, litter] of [['R litter 12', 12], ['R litter 8', 8]] as const) {
      const response = await fetch(`${c.sandbox.url}api/private/stem/breeding/`, {
        method: 'POST', headers: { authorization: `Bearer ${c.sandbox.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, project: mother!.projects[0], mother: mother!.id, father: father!.id, litter_size: litter, end_date: litter === 8 ? '2024-05-01' : null }),
      });
      expect(response.status).toBe(201);
    }
    expect((await syncJob(c)).state).toBe('succeeded');
  });
  afterAll(async () => {
    await c.close();
  });

  it('icontains finds names whatever their case and accents', async () => {
    expect(await where('bs_private_user', [{ column: 'label', op: 'icontains', values: ['TOMAS'] }], 'label')).toEqual(['Tomás Reyes']);
    expect(await where('bs_private_subject', [{ column: 'name', op: 'icontains', values: ['r0'] }])).toEqual(['R01', 'R02', 'R03', 'R04', 'R05', 'R06']);
  });

  it('gt and lt compare litter sizes as numbers and session times as dates', async () => {
    expect(await where('bs_private_breeding', [{ column: 'litter_size', op: 'gt', values: ['7'] }])).toEqual(['R litter 12', 'R litter 8']);
    expect(await where('bs_private_breeding', [{ column: 'litter_size', op: 'lt', values: ['10'] }])).toEqual(['R litter 8']);
    const all = (await tableRows(c, 'bs_private_session', { sort: [{ column: 'date_time', direction: 'asc' }] })).rows;
    const cut = all[10]!.date_time;
    const before = await where('bs_private_session', [{ column: 'date_time', op: 'lt', values: [cut] }], 'date_time');
    expect(before).toEqual(all.slice(0, 10).map((row) => row.date_time));
    const day = cut.slice(0, 10);
    const onOrAfter = await where('bs_private_session', [{ column: 'date_time', op: 'gte', values: [day] }], 'date_time');
    expect(onOrAfter).toEqual(all.filter((row) => row.date_time >= day).map((row) => row.date_time));
  });

  it('in, range, isnull and not work on the same table the grid shows', async () => {
    expect((await tableRows(c, 'bs_private_subject', { where: [{ column: 'sex', op: 'in', values: ['M'] }] })).rows.every((row) => row.sex === 'M')).toBe(true);
    expect(await where('bs_private_breeding', [{ column: 'litter_size', op: 'range', values: ['9', '12'] }])).toEqual(['R litter 12']);
    expect(await where('bs_private_breeding', [{ column: 'litter_size', op: 'range', values: ['6', '8'] }])).toEqual(['R litter 8']);
    expect(await where('bs_private_breeding', [{ column: 'end_date', op: 'isnull', values: ['false'] }])).toEqual(['R litter 8']);
    expect(await where('bs_private_breeding', [{ column: 'end_date', op: 'isnull', values: ['true'] }])).toEqual(['R litter 12']);
    const projects = await where('bs_private_project', [{ column: 'name', op: 'icontains', values: ['cortex'], not: true }]);
    expect(projects).toEqual(['Hippocampal Replay in Rats', 'Prefrontal Optogenetics Pilot']);
    // Relation columns hold names, so a session's project can be picked by name.
    const sessions = await tableRows(c, 'bs_private_session', { where: [{ column: 'projects', op: 'iexact', values: ['hippocampal replay in rats'] }] });
    expect(sessions.total).toBeGreaterThan(0);
    expect(sessions.rows.every((row) => row.name.startsWith('R'))).toBe(true);
  });
});
