// export.start with `sync: true`: the sync runs inside the export job, and a full sync's records are
// written to the file as they arrive. The file must be byte for byte the export the cache gives
// afterwards, must appear only when the sync succeeded, and must go when either is cancelled or fails.
import { readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../../main/ipc/core.ts';
import { ExportService } from '../../../main/services/export/export-service.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import { redcapImport } from '../../helpers/redcap-truth.ts';
import { recordingPorts, testCore } from '../../helpers/test-core.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { REDCAP_DEMO_TOKENS } from '../../sandbox/redcap/seed-teams.ts';
import { exportAndWait, filesIn, TOKEN } from './export-service-support.ts';

const tempDir = useTempDirs();
type FileResult = { kind: 'file'; path: string | null; rows: number; notes: string[] };

const open: Array<{ core: Core; sandbox: RedcapSandbox }> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const { core, sandbox } of open.splice(0)) {
    await core.shutdown();
    await sandbox.close();
  }
});

/** A connection that was never synced, fetched in batches of 10 (the classic project, or the longitudinal one). */
async function fresh(options: { before?: (sandbox: RedcapSandbox) => Promise<void>; token?: string } = {}) {
  const sandbox = await startRedcapSandbox({ records: 45, longitudinalRecords: 12 });
  await options.before?.(sandbox);
  const out = tempDir();
  const { core } = await testCore(tempDir(), recordingPorts(out));
  open.push({ core, sandbox });
  const added = await core.dispatch('connections.add', { kind: 'redcap', url: sandbox.url, token: options.token ?? TOKEN }, { shell: 'desktop' });
  if (!added.ok) throw new Error(added.error.message);
  await core.dispatch('settings.update', { redcapBatchSize: 10 }, { shell: 'desktop' });
  return { core, sandbox, out, connectionId: (added.result as { id: string }).id };
}

const view = (connectionId: string, extra: Record<string, unknown> = {}) => ({ connectionId, dataset: 'records', mode: 'raw', sort: [], filter: '', ...extra });

/** Reads and removes the file a finished export wrote (the save dialog gives every export the same name). */
function take(job: Job): { text: string; result: FileResult } {
  expect(job.error).toBeNull();
  expect(job.state).toBe('succeeded');
  const result = job.result as FileResult;
  const text = readFileSync(result.path!, 'utf8');
  rmSync(result.path!);
  return { text, result };
}

const syncJobs = (core: Core, connectionId: string) => core.services.jobs.list().filter((job) => job.kind === 'sync' && job.connectionId === connectionId);

describe('an export that syncs first', () => {
  it.each([
    ['CSV of every column, raw', { format: 'csv', header: 'names', bom: false }, {}],
    ['CSV of some columns as labels, label headers, semicolons and a BOM', { format: 'csv', header: 'labels', bom: true, delimiter: ';' }, { mode: 'label', columns: ['mrn', 'sex', 'record_id', 'no_such_field'] }],
    ['TSV of every column as labels', { format: 'tsv', header: 'names', bom: false }, { mode: 'label' }],
  ] as const)('writes a full sync’s records as they arrive, exactly as the cache exports them afterwards: %s', async (_name, request, extra) => {
    const { core, connectionId } = await fresh();
    const arriving = vi.spyOn(ExportService.prototype as unknown as { writeArriving: () => unknown }, 'writeArriving');
    const during = take(await exportAndWait(core, { view: view(connectionId, extra), ...request, sync: true }));
    expect(arriving).toHaveBeenCalledTimes(1);
    const [sync] = syncJobs(core, connectionId);
    expect(sync).toMatchObject({ state: 'succeeded', result: { mode: 'full', records: 45 } });

    const after = take(await exportAndWait(core, { view: view(connectionId, extra), ...request }));
    expect(during.text).toBe(after.text);
    expect(during.result.rows).toBe(45);
    expect(during.result.rows).toBe(after.result.rows);
  });

  it('writes a longitudinal project’s rows (events, repeating instances) in the order the cache holds them', async () => {
    const { core, connectionId } = await fresh({ token: REDCAP_DEMO_TOKENS.heartFailure });
    const arriving = vi.spyOn(ExportService.prototype as unknown as { writeArriving: () => unknown }, 'writeArriving');
    const updates: string[] = [];
    core.subscribe((name, payload) => {
      if (name === 'job.updated' && (payload as Job).kind === 'export') updates.push((payload as Job).message);
    });
    const during = take(await exportAndWait(core, { view: view(connectionId), format: 'csv', header: 'names', bom: false, sync: true }));
    expect(arriving).toHaveBeenCalledTimes(1);
    const after = take(await exportAndWait(core, { view: view(connectionId), format: 'csv', header: 'names', bom: false }));
    expect(during.result.rows).toBeGreaterThan(12);
    expect(during.text).toBe(after.text);
    // More rows than records: the progress counts rows without a total it would overrun.
    expect(updates.filter((message) => / of [\d,]+ rows$/.test(message) && message.startsWith('Written'))).toEqual([]);
  });

  it('says how many formula-like cells it neutralised, as the export from the cache does', async () => {
    const { core, connectionId } = await fresh({
      before: (sandbox) => redcapImport(sandbox.url, TOKEN, [{ record_id: '1', first_name: '=HYPERLINK("http://evil")', last_name: '-Smith' }]),
    });
    const during = take(await exportAndWait(core, { view: view(connectionId), format: 'csv', header: 'names', bom: false, sync: true }));
    const after = take(await exportAndWait(core, { view: view(connectionId), format: 'csv', header: 'names', bom: false }));
    expect(during.result.notes).toEqual(after.result.notes);
    expect(during.result.notes[0]).toMatch(/^2 cells starting with/);
    expect(during.text).toBe(after.text);
  });

  it('exports from the cache after an incremental sync, and after any sync for a filtered view or a workbook', async () => {
    const { core, connectionId } = await fresh();
    take(await exportAndWait(core, { view: view(connectionId), format: 'csv', header: 'names', bom: false, sync: true }));
    const arriving = vi.spyOn(ExportService.prototype as unknown as { writeArriving: () => unknown }, 'writeArriving');

    const again = take(await exportAndWait(core, { view: view(connectionId), format: 'csv', header: 'names', bom: false, sync: true }));
    expect(syncJobs(core, connectionId).map((job) => job.result)).toContainEqual(expect.objectContaining({ mode: 'incremental' }));
    expect(again.result.rows).toBe(45);

    const filtered = take(await exportAndWait(core, { view: view(connectionId, { filter: 'female' }), format: 'csv', header: 'names', bom: false, sync: true }));
    const filteredAfter = take(await exportAndWait(core, { view: view(connectionId, { filter: 'female' }), format: 'csv', header: 'names', bom: false }));
    expect(filtered.text).toBe(filteredAfter.text);
    const workbook = await exportAndWait(core, { view: view(connectionId), format: 'xlsx', header: 'names', bom: false, sync: true });
    expect(workbook.state).toBe('succeeded');
    expect(arriving).not.toHaveBeenCalled();
  });

  it('fails with the sync’s error and leaves no file when the sync fails halfway', async () => {
    const { core, sandbox, out, connectionId } = await fresh();
    // The ID list and two batches get through; every later record request is refused.
    sandbox.faults.add({ kind: 'status', status: 500, times: 0, match: { content: 'record' }, afterRequests: 3 });
    const job = await exportAndWait(core, { view: view(connectionId), format: 'csv', header: 'names', bom: false, sync: true });
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/^The sync before the export failed, so nothing was exported: /);
    expect(syncJobs(core, connectionId)[0]?.state).toBe('failed');
    expect(filesIn(out)).toEqual([]);
  });

  it('cancels the sync when the export is cancelled, and leaves no file', async () => {
    const { core, sandbox, out, connectionId } = await fresh();
    sandbox.faults.add({ kind: 'latency', latencyMs: 300, times: 0, match: { content: 'record' } });
    const reply = await core.dispatch('export.start', { view: view(connectionId), format: 'csv', header: 'names', bom: false, sync: true }, { shell: 'desktop' });
    if (!reply.ok) throw reply.error;
    const { jobId } = reply.result as { jobId: string };
    // Wait until the sync is downloading records, then cancel the export.
    for (let i = 0; i < 200 && !syncJobs(core, connectionId)[0]?.message.startsWith('Downloaded'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(core.services.jobs.cancel(jobId)).toBe(true);
    const job = await core.services.jobs.settled(jobId);
    expect(job?.state).toBe('cancelled');
    const sync = await core.services.jobs.settled(syncJobs(core, connectionId)[0]!.id);
    expect(sync?.state).toBe('cancelled');
    expect(filesIn(out)).toEqual([]);
  });
});
