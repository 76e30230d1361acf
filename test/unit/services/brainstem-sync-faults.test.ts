import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { syncBrainstemPortal } from '../../../main/services/brainstem/sync.ts';
import { readDatasetState } from '../../../main/services/cache/dataset-state.ts';
import { migrate } from '../../../main/services/cache/migrations.ts';
import { BrainstemApi } from '../../../main/services/connectors/brainstem/api.ts';
import { BrainstemClient } from '../../../main/services/connectors/brainstem/client.ts';
import { HttpClient, type FetchLike } from '../../../main/services/http/http-client.ts';
import { JobRunner } from '../../../main/services/jobs/job-runner.ts';
import { silentLogger } from '../../../main/services/log/logger.ts';
import { startBrainstemCore, type BrainstemCore } from '../../helpers/brainstem-test-core.ts';
import { startBrainstemSandbox, type BrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import { syncJob, tableRows } from './brainstem-sync-support.ts';

const opened: BrainstemCore[] = [];
const sandboxes: BrainstemSandbox[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
  for (const s of sandboxes.splice(0)) await s.close();
});

async function start(sessions: number): Promise<BrainstemCore> {
  const c = await startBrainstemCore({ sessions });
  opened.push(c);
  return c;
}

async function patch(c: BrainstemCore, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${c.sandbox.url}api/private/${path}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${c.sandbox.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PATCH ${path}: ${response.status}`);
}

/** After a first sync, renames one session and one collection on the server, so a second sync can show which copy the cache kept. */
async function syncThenChange(c: BrainstemCore): Promise<{ sessionId: string; oldName: string }> {
  expect((await syncJob(c)).state).toBe('succeeded');
  const sessions = await tableRows(c, 'bs_private_session');
  const session = sessions.rows.find((row) => row.name.startsWith('R01_'))!;
  const collection = (await tableRows(c, 'bs_private_collection')).rows.find((row) => row.label === 'R highlights')!;
  await patch(c, `stem/session/${session.id}/`, { name: 'Renamed on the server' });
  await patch(c, `stem/collection/${collection.id}/`, { name: 'R highlights (renamed)' });
  return { sessionId: session.id, oldName: session.name };
}

describe('a BrainSTEM sync that meets trouble', () => {
  it('keeps the previous sessions when the server fails with 5xx halfway through them, and syncs the rest', async () => {
    const c = await start(250);
    const { sessionId, oldName } = await syncThenChange(c);
    // The first page of sessions arrives; every later one fails, retries included.
    c.sandbox.faults.add({ kind: 'status', status: 500, times: 0, afterRequests: 1, match: { path: '/stem/session/' } });
    const job = await syncJob(c);
    expect(job.state).toBe('succeeded');
    expect(job.result?.kind === 'sync' && job.result.skipped).toEqual([{ name: 'bs_private_session', note: expect.stringContaining('previous copy of the sessions is kept') }]);
    const sessions = await tableRows(c, 'bs_private_session');
    expect(sessions.total).toBe(250);
    expect(sessions.rows.find((row) => row.id === sessionId)!.name).toBe(oldName);
    const overview = await c.call('brainstem.overview', { connectionId: c.connectionId });
    const session = overview.apps.flatMap((app) => app.models).find((m) => m.model === 'session')!;
    expect(session).toMatchObject({ availability: 'failed', rowCount: 250, note: expect.stringContaining('HTTP 500') });
    // The record view still has the old copy too: table and JSON swap together or not at all.
    expect((await c.call('brainstem.record', { connectionId: c.connectionId, model: 'session', id: sessionId })).values.name).toBe(oldName);
    // Everything else went on.
    expect((await tableRows(c, 'bs_private_collection')).rows.map((row) => row.name)).toContain('R highlights (renamed)');

    c.sandbox.faults.clear();
    expect((await syncJob(c)).result).toMatchObject({ skipped: [] });
    expect((await tableRows(c, 'bs_private_session')).rows.find((row) => row.id === sessionId)!.name).toBe('Renamed on the server');
  });

  it('keeps the previous sessions when the connection is reset halfway through them', async () => {
    const c = await start(250);
    const { sessionId, oldName } = await syncThenChange(c);
    c.sandbox.faults.add({ kind: 'reset', times: 0, afterRequests: 2, match: { path: '/stem/session/' } });
    const job = await syncJob(c);
    expect(job.state).toBe('succeeded');
    expect(job.result?.kind === 'sync' && job.result.skipped.map((s) => s.name)).toEqual(['bs_private_session']);
    const sessions = await tableRows(c, 'bs_private_session');
    expect(sessions.total).toBe(250);
    expect(new Set(sessions.rows.map((row) => row.id)).size).toBe(250);
    expect(sessions.rows.find((row) => row.id === sessionId)!.name).toBe(oldName);
    expect((await tableRows(c, 'bs_private_collection')).rows.map((row) => row.name)).toContain('R highlights (renamed)');
  });

  it('leaves the cache as it was when the user cancels in the middle', async () => {
    const c = await start(250);
    const { sessionId, oldName } = await syncThenChange(c);
    c.sandbox.faults.add({ kind: 'latency', latencyMs: 400, times: 0, match: { path: '/stem/session/' } });
    const { jobId } = await c.call('sync.start', { connectionId: c.connectionId });
    for (let i = 0; i < 100 && !(c.core.services.jobs.get(jobId)?.message ?? '').includes('sessions'); i++) await new Promise((r) => setTimeout(r, 20));
    await c.call('jobs.cancel', { jobId });
    const job = await c.core.services.jobs.settled(jobId);
    expect(job?.state).toBe('cancelled');
    expect((await tableRows(c, 'bs_private_session')).rows.find((row) => row.id === sessionId)!.name).toBe(oldName);
    // Nothing was written: models read before the cancel are not swapped in either.
    expect((await tableRows(c, 'bs_private_collection')).rows.map((row) => row.name)).toContain('R highlights');
  });

  it('marks a model the account may not read as forbidden and syncs the rest', async () => {
    const sandbox = await startBrainstemSandbox({ port: 0, sessions: 8 });
    sandboxes.push(sandbox);
    // A server that refuses brain regions to this account, as DRF refuses a permission.
    const refusing: FetchLike = async (url, init) =>
      url.includes('/taxonomies/brainregion/')
        ? new Response(JSON.stringify({ detail: 'You do not have permission to perform this action.' }), { status: 403, headers: { 'content-type': 'application/json' } })
        : fetch(url, init);
    const client = new BrainstemClient(new BrainstemApi(new HttpClient(refusing), { baseUrl: sandbox.url, portal: 'private', token: sandbox.token }));
    const db = new DatabaseSync(':memory:');
    migrate(db);
    const jobs = new JobRunner({ onUpdate: () => undefined, log: silentLogger });
    const job = jobs.start({ kind: 'sync', title: 'Sync', connectionId: 'c1', unit: 'records' }, async (context) => {
      const result = await syncBrainstemPortal({ client, db, portal: 'private', context });
      const forbidden = result.outcomes.filter((o) => o.availability !== 'ok');
      expect(forbidden).toEqual([{ model: 'brainregion', dataset: 'bs_private_brainregion', availability: 'forbidden', rows: 0, note: expect.stringContaining('may not read brain regions') }]);
      return { kind: 'sync', mode: 'full', records: result.records, rows: result.records, columns: result.columns, fetched: result.fetched, deleted: result.deleted, skipped: [] };
    });
    expect((await jobs.settled(job.id))?.state).toBe('succeeded');
    expect(readDatasetState(db, 'bs_private_brainregion')).toMatchObject({ availability: 'forbidden', table: '' });
    expect(readDatasetState(db, 'bs_private_session')).toMatchObject({ availability: 'ok', rowCount: 8 });
    // Procedures still show their brain region: by id, since no region could be read.
    const columns = readDatasetState(db, 'bs_private_procedure')!.columns.map((column) => column.name);
    const row = db.prepare('SELECT * FROM ds_bs_private_procedure LIMIT 1').get() as Record<string, string>;
    expect(row[`c${columns.indexOf('brain_region')}`]).toMatch(/^[0-9a-f]{8}-[0-9a-f-]{27}$/);
    expect(row[`c${columns.indexOf('subject')}`]).toMatch(/^[A-Z]\d\d$/);
  });
});
