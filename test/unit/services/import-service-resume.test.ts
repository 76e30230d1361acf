// An import cut off by the network stays in the list as interrupted, survives a restart (with one notice
// saying so), and its resume sends only what REDCap has not confirmed.

import { describe, expect, it } from 'vitest';
import type { ImportEntryView } from '../../../shared/contract/imports.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { call, csv, importSetup, planFile, restart, serverRecords, settled } from './import-service-support.ts';

const tempDir = useTempDirs();

/** 700 new records: two batches of at most 500 records. */
function newRecords(): string {
  return csv([['record_id', 'first_name', 'last_name'], ...Array.from({ length: 700 }, (_, n) => [String(20_000 + n), `Given${n}`, `Family${n}`])]);
}

describe('resuming an import through the contract', () => {
  it('an import interrupted by resets is listed as interrupted, announced once after a restart, and resumed to the end', async () => {
    const s = await importSetup(tempDir());
    const planned = await planFile(s, 'cohort-2.csv', newRecords());
    expect(planned).toMatchObject({ errors: 0, rowsToSend: 700 });
    // The first batch gets through; every later import request is cut off (after the client's retries too).
    s.sandbox.faults.add({ kind: 'reset', match: { content: 'record', action: 'import' }, afterRequests: 1, times: 0 });
    const started = await call<{ jobId: string; importId: string }>(s.core, 'imports.start', { planId: planned.planId });
    const failed = await settled(s.core, started.jobId);
    expect(failed.state).toBe('failed');
    expect(failed.error?.message).toContain('Resume the import');
    s.sandbox.faults.clear();

    const [entry] = await call<ImportEntryView[]>(s.core, 'imports.list', { connectionId: s.connectionId });
    expect(entry).toMatchObject({ importId: started.importId, state: 'interrupted', batches: 2, confirmedBatches: 1, rows: 700, fileName: 'cohort-2.csv', jobId: null });
    expect(entry!.confirmedRows).toBeGreaterThan(0);
    expect(entry!.confirmedRows).toBeLessThan(700);

    const core = await restart(s);
    const notices: unknown[] = [];
    core.subscribe((name, payload) => {
      if (name === 'app.notice') notices.push(payload);
    });
    await call(core, 'app.info', {});
    await call(core, 'app.info', {});
    await new Promise((resolve) => setImmediate(resolve));
    const name = (await call<Array<{ id: string; name: string }>>(core, 'connections.list', {})).find((c) => c.id === s.connectionId)!.name;
    expect(notices).toEqual([{ level: 'warning', message: `An import into ${name} was interrupted; open the project to resume it.` }]);

    const still = await call<ImportEntryView[]>(core, 'imports.list', { connectionId: s.connectionId });
    expect(still[0]).toMatchObject({ importId: started.importId, state: 'interrupted' });
    const resumed = await call<{ jobId: string }>(core, 'imports.resume', { connectionId: s.connectionId, importId: started.importId });
    const done = await settled(core, resumed.jobId);
    expect(done.state).toBe('succeeded');
    expect(done.result).toEqual({ kind: 'import', importId: started.importId, state: 'done', confirmedRows: 700, rows: 700 });

    const server = await serverRecords(s);
    for (let n = 0; n < 700; n += 1) expect(server.get(String(20_000 + n))).toMatchObject({ first_name: `Given${n}`, last_name: `Family${n}` });
  }, 90_000);

  it('cancelling an import stops it after the batch in flight and leaves it resumable', async () => {
    const s = await importSetup(tempDir());
    const planned = await planFile(s, 'cohort-3.csv', newRecords());
    // Slow answers, so that the cancel lands while the first batch is on its way.
    s.sandbox.faults.add({ kind: 'latency', latencyMs: 400, match: { content: 'record', action: 'import' }, times: 0 });
    const started = await call<{ jobId: string; importId: string }>(s.core, 'imports.start', { planId: planned.planId });
    const listed = await call<ImportEntryView[]>(s.core, 'imports.list', { connectionId: s.connectionId });
    expect(listed[0]!.jobId).toBe(started.jobId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await call(s.core, 'jobs.cancel', { jobId: started.jobId });
    expect((await settled(s.core, started.jobId)).state).toBe('cancelled');
    s.sandbox.faults.clear();

    const [entry] = await call<ImportEntryView[]>(s.core, 'imports.list', { connectionId: s.connectionId });
    expect(entry!.state).toBe('interrupted');
    // The batch on its way when the user cancelled was finished and confirmed; the second never left.
    expect(entry).toMatchObject({ confirmedBatches: 1, batches: 2, error: expect.objectContaining({ code: 'CANCELLED' }) });
    expect([...(await serverRecords(s)).keys()].filter((id) => Number(id) >= 20_000)).toHaveLength(500);
    const resumed = await call<{ jobId: string }>(s.core, 'imports.resume', { connectionId: s.connectionId, importId: started.importId });
    expect((await settled(s.core, resumed.jobId)).result).toMatchObject({ state: 'done', confirmedRows: 700 });
    expect([...(await serverRecords(s)).keys()].filter((id) => Number(id) >= 20_000)).toHaveLength(700);
  }, 90_000);
});
