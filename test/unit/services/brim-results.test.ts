import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/contract/jobs.ts';
import { startBrimCore, type BrimCore } from '../../helpers/brim-test-core.ts';
import { parseCsv } from '../../helpers/csv-parse.ts';

let brim: BrimCore | undefined;
afterEach(async () => {
  await brim?.close();
  brim = undefined;
});

/** What Brim's own script gets for the same export: the 2026 payload, polled until the CSV comes. */
async function exportDirect(core: BrimCore, patient: boolean, includeNulls = true): Promise<string[][]> {
  let taskId: string | undefined;
  for (let i = 0; i < 100; i++) {
    const response = await fetch(`${core.sandbox.url}/api/v1/results/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${core.sandbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ project_id: core.sandbox.projectId, detailed_export: !patient, patient_export: patient, include_null_in_export: includeNulls, ...(taskId ? { task_id: taskId } : {}) }),
    });
    if ((response.headers.get('content-type') ?? '').includes('csv')) return parseCsv((await response.text()).replace(/^\uFEFF/, ''));
    const body = (await response.json()) as { data: { export_task_id: string } };
    taskId = body.data.export_task_id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the sandbox export did not finish');
}

/** Every row of a cached dataset, through the contract, as the grid reads it. */
async function cachedRows(core: BrimCore, dataset: string): Promise<{ columns: Array<{ name: string; numeric: boolean; isKey: boolean }>; rows: string[][] }> {
  const view = await core.call('records.openView', { connectionId: core.connectionId, dataset, mode: 'raw', sort: [], filter: '' });
  const rows: string[][] = [];
  for (let offset = 0; offset < view.total; offset += 2000) rows.push(...(await core.call('records.rows', { viewId: view.viewId, offset, limit: 2000 })).rows);
  return { columns: view.columns, rows };
}

function succeeded(job: Job): Extract<NonNullable<Job['result']>, { kind: 'brim-results' }> {
  expect(job.error).toBeNull();
  expect(job.result?.kind).toBe('brim-results');
  return job.result as Extract<NonNullable<Job['result']>, { kind: 'brim-results' }>;
}

describe('Brim results in the offline cache', () => {
  it('caches patient-level results (patients × variables) exactly as Brim exports them, and exports them like any table', async () => {
    brim = await startBrimCore();
    const job = await brim.job('brim.fetchResults', { connectionId: brim.connectionId, kind: 'patient', includeNulls: true, scope: { type: 'project' } });
    const done = succeeded(job);
    const truth = await exportDirect(brim, true);
    const [header, ...rows] = truth;
    expect(done).toMatchObject({ dataset: 'brim_patient', rows: rows.length });
    expect(done.bytes).toBeGreaterThan(0);
    const cached = await cachedRows(brim, 'brim_patient');
    expect(cached.columns.map((c) => c.name)).toEqual(header);
    expect(cached.rows).toEqual(rows);
    expect(cached.columns[0]).toMatchObject({ isKey: true, numeric: false });
    expect(brim.events.some((e) => e.name === 'dataset.changed' && (e.payload as { dataset: string }).dataset === 'brim_patient')).toBe(true);

    const overview = await brim.call('brim.overview', { connectionId: brim.connectionId });
    expect(overview.datasets.map((d) => d.name)).toEqual(['brim_patient']);
    expect(overview.connection.cached).toMatchObject({ records: rows.length });
    expect(overview.tasks[0]).toMatchObject({ kind: 'export', state: 'complete' });

    const view = await brim.call('records.openView', { connectionId: brim.connectionId, dataset: 'brim_patient', mode: 'raw', sort: [], filter: '' });
    const exported = await brim.call('export.start', { view: { connectionId: brim.connectionId, dataset: 'brim_patient', mode: 'raw', sort: [], filter: '' }, format: 'csv', header: 'names', bom: false });
    const exportJob = (await brim.core.services.jobs.settled(exported.jobId!))!;
    expect(exportJob.error).toBeNull();
    const file = exportJob.result as { kind: 'file'; path: string; rows: number };
    expect(file.rows).toBe(view.total);
    expect(parseCsv(readFileSync(file.path, 'utf8').replace(/^\uFEFF/, '')).slice(1)).toEqual(rows);
  });

  it('caches the detailed label list with its evidence text; numeric columns sort as numbers; without nulls has fewer rows', async () => {
    brim = await startBrimCore();
    succeeded(await brim.job('brim.fetchResults', { connectionId: brim.connectionId, kind: 'detailed', includeNulls: true, scope: { type: 'project' } }));
    const [header, ...rows] = await exportDirect(brim, false);
    const cached = await cachedRows(brim, 'brim_detailed');
    expect(cached.rows).toEqual(rows);
    for (const name of ['Name', 'Scope', 'Patient_id', 'Document_id', 'Value', 'Raw_text']) expect(header).toContain(name);
    expect(cached.columns.find((c) => c.name === 'Confidence')!.numeric).toBe(true);
    expect(cached.columns.find((c) => c.name === 'Raw_text')!.numeric).toBe(false);
    expect(cached.columns.find((c) => c.name === 'Patient_id')!.isKey).toBe(true);
    // A numeric column sorts as numbers in the grid, not as text ("10" after "9").
    const sorted = await brim.call('records.openView', { connectionId: brim.connectionId, dataset: 'brim_detailed', mode: 'raw', sort: [{ column: 'Confidence', direction: 'asc' }], filter: '' });
    const confidenceIndex = sorted.columns.findIndex((c) => c.name === 'Confidence');
    const values = (await brim.call('records.rows', { viewId: sorted.viewId, offset: 0, limit: 2000 })).rows.map((row) => row[confidenceIndex]!).filter((v) => v !== '').map(Number);
    expect(values).toEqual([...values].sort((a, b) => a - b));

    const withoutNulls = succeeded(await brim.job('brim.fetchResults', { connectionId: brim.connectionId, kind: 'detailed', includeNulls: false, scope: { type: 'project' } }));
    const [, ...nonNull] = await exportDirect(brim, false, false);
    expect(withoutNulls.rows).toBe(nonNull.length);
    expect(withoutNulls.rows).toBeLessThanOrEqual(rows.length);
  });

  it('keeps the previous results while a new fetch fails part way, and says what happened', async () => {
    brim = await startBrimCore();
    const first = succeeded(await brim.job('brim.fetchResults', { connectionId: brim.connectionId, kind: 'patient', includeNulls: true, scope: { type: 'project' } }));
    brim.sandbox.faults.add({ kind: 'status', status: 500, times: 0, match: { path: '/results/' } });
    const failed = await brim.job('brim.fetchResults', { connectionId: brim.connectionId, kind: 'patient', includeNulls: true, scope: { type: 'project' } });
    expect(failed.state).toBe('failed');
    expect(failed.error!.message.length).toBeGreaterThan(10);
    const cached = await cachedRows(brim, 'brim_patient');
    expect(cached.rows).toHaveLength(first.rows);
  });

  it('refuses results while a generation is still running, with Brim\'s reason and what to do', async () => {
    brim = await startBrimCore({ sandbox: { delays: { generation: { runningMs: 60_000 } } } });
    const generating = await brim.call('brim.generate', { connectionId: brim.connectionId });
    const job = await brim.job('brim.fetchResults', { connectionId: brim.connectionId, kind: 'detailed', includeNulls: true, scope: { type: 'project' } });
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'CONFLICT', retryable: true });
    expect(job.error!.message).toMatch(/still running/);
    expect(job.error!.message).toMatch(/Wait until/);
    await brim.call('jobs.cancel', { jobId: generating.jobId });
    await expect(brim.call('records.openView', { connectionId: brim.connectionId, dataset: 'brim_detailed', mode: 'raw', sort: [], filter: '' })).rejects.toMatchObject({ code: 'NOT_SYNCED' });
  });

  it('says there is nothing to export in a new project with no labels', async () => {
    brim = await startBrimCore({ connect: false });
    const connection = await brim.call('brim.connect', { url: brim.sandbox.url, token: brim.sandbox.orgToken, projectName: 'Empty study' });
    const { jobId } = await brim.call('brim.fetchResults', { connectionId: connection.id, kind: 'detailed', includeNulls: true, scope: { type: 'project' } });
    const job = (await brim.core.services.jobs.settled(jobId))!;
    expect(job.state).toBe('failed');
    expect(job.error!.message).toMatch(/nothing to export/i);
  });

  it('fetches one upload\'s results only (scope: task)', async () => {
    brim = await startBrimCore();
    const all = succeeded(await brim.job('brim.fetchResults', { connectionId: brim.connectionId, kind: 'detailed', includeNulls: true, scope: { type: 'project' } }));
    const generation = brim.sandbox.tasks().find((t) => t.kind === 'generation' && t.state === 'complete')!;
    const scoped = succeeded(await brim.job('brim.fetchResults', { connectionId: brim.connectionId, kind: 'detailed', includeNulls: true, scope: { type: 'task', taskId: generation.id } }));
    expect(scoped.rows).toBeGreaterThan(0);
    expect(scoped.rows).toBeLessThanOrEqual(all.rows);
  });

  it('cancelling while Brim prepares the export leaves the cache as it was', async () => {
    brim = await startBrimCore({ sandbox: { delays: { export: { runningMs: 60_000 } } } });
    const { jobId } = await brim.call('brim.fetchResults', { connectionId: brim.connectionId, kind: 'patient', includeNulls: true, scope: { type: 'project' } });
    for (let i = 0; i < 100 && !brim.updates(jobId).some((u) => /preparing/.test(u.message)); i++) await new Promise((r) => setTimeout(r, 50));
    await brim.call('jobs.cancel', { jobId });
    const job = (await brim.core.services.jobs.settled(jobId))!;
    expect(job.state).toBe('cancelled');
    const overview = await brim.call('brim.overview', { connectionId: brim.connectionId });
    expect(overview.datasets).toEqual([]);
    expect(overview.tasks[0]).toMatchObject({ kind: 'export', jobId: null });
  });

  it('drains the single-note queue into brim_queue, one popped note at a time, without losing earlier ones', async () => {
    brim = await startBrimCore();
    const post = (path: string, body: unknown) =>
      fetch(`${brim!.sandbox.url}/api/v1/${path}/`, { method: 'POST', headers: { authorization: `Bearer ${brim!.sandbox.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const noteId of ['Q1', 'Q2']) {
      const response = await post('upload/note', { project_id: brim.sandbox.projectId, patient_id: 'QP1', note_id: noteId, note_datetime: '2024-05-01 10:00:00', note_title: 'Clinic', note_text: 'Never smoker. Tumour size 2.1 cm.', generate_after_upload: true });
      expect(response.status).toBe(200);
    }
    let next = null;
    for (let i = 0; i < 100 && (brim.sandbox.store().projects.get(brim.sandbox.projectId)?.queue.length ?? 0) < 2; i++) {
      brim.sandbox.tasks();
      await new Promise((r) => setTimeout(r, 50));
    }
    next = (await brim.call('brim.queuePeek', { connectionId: brim.connectionId })).next;
    expect(next).toMatchObject({ patientId: 'QP1', noteId: 'Q1' });
    const first = await brim.call('brim.queuePop', { connectionId: brim.connectionId });
    const second = await brim.call('brim.queuePop', { connectionId: brim.connectionId });
    expect(first.dataset).toBe('brim_queue');
    expect(first.rows).toBeGreaterThan(0);
    const cached = await cachedRows(brim, 'brim_queue');
    expect(cached.rows).toHaveLength(first.rows + second.rows);
    const documentColumn = cached.columns.findIndex((c) => c.name === 'Document_id');
    // Patient-level labels have no document; every note-level one belongs to a popped note.
    expect(new Set(cached.rows.map((row) => row[documentColumn]).filter((id) => id !== ''))).toEqual(new Set(['Q1', 'Q2']));
    expect(await brim.call('brim.queuePop', { connectionId: brim.connectionId })).toEqual({ dataset: null, rows: 0 });
    expect(await brim.call('brim.queueErrors', { connectionId: brim.connectionId })).toEqual([]);
  });
});
