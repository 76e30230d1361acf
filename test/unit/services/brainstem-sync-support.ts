// Shared by the BrainSTEM data tests: syncing through the contract, reading cached tables through the
// views API, and asking the sandbox what it really lists with plain HTTP (not through Carrel's client).
import type { Job } from '../../../shared/contract/jobs.ts';
import type { ViewCondition } from '../../../shared/contract/datasets.ts';
import type { BrainstemCore } from '../../helpers/brainstem-test-core.ts';

export async function syncJob(c: BrainstemCore, models?: string[]): Promise<Job> {
  const { jobId } = await c.call('sync.start', { connectionId: c.connectionId, ...(models ? { models } : {}) });
  const job = await c.core.services.jobs.settled(jobId);
  if (!job) throw new Error('the sync job vanished');
  return job;
}

/** Columns the tests read by name (every table has id and label). */
type Named = 'id' | 'label' | 'name' | 'description' | 'date_time' | 'projects' | 'sex' | 'sessions' | 'collections' | 'status' | 'entries' | 'tags' | 'dataacquisition' | 'behaviors' | 'procedures' | 'subjectlogs';
export type TableRow = Record<string, string> & Record<Named, string>;

/** Every row of a cached table (raw values), read through records.openView/rows as the grid does. */
export async function tableRows(c: BrainstemCore, dataset: string, options: { where?: ViewCondition[]; sort?: Array<{ column: string; direction: 'asc' | 'desc' }>; mode?: 'raw' | 'label' } = {}): Promise<{ columns: string[]; rows: TableRow[]; total: number }> {
  const view = await c.call('records.openView', {
    connectionId: c.connectionId, dataset, mode: options.mode ?? 'raw', sort: options.sort ?? [], filter: '', ...(options.where ? { where: options.where } : {}),
  });
  const columns = view.columns.map((column) => column.name);
  const rows: TableRow[] = [];
  for (let offset = 0; offset < view.total; offset += 2000) {
    const page = await c.call('records.rows', { viewId: view.viewId, offset, limit: 2000 });
    // Typed as having the named columns; a table without one reads undefined, which fails the test's expectations.
    for (const row of page.rows) rows.push(Object.fromEntries(columns.map((name, i) => [name, row[i] ?? ''])) as TableRow);
  }
  await c.call('records.closeView', { viewId: view.viewId });
  return { columns, rows, total: view.total };
}

/** What the sandbox lists for a model, fetched page by page with plain HTTP: the ids, in no particular order. */
export async function serverIds(c: BrainstemCore, portal: 'private' | 'public', app: string, model: string, key: string, token: string | null = c.sandbox.token): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const response = await fetch(`${c.sandbox.url}api/${portal}/${app}/${model}/?limit=100&offset=${offset}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!response.ok) throw new Error(`the sandbox answered ${response.status} for ${model}`);
    const body = (await response.json()) as Record<string, Array<{ id: string | number }>>;
    const page = body[key] ?? [];
    ids.push(...page.map((record) => String(record.id)));
    if (page.length < 100) return ids;
  }
}

export const sorted = (values: Iterable<string>): string[] => [...values].sort();
