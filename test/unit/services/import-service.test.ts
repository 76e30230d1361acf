// The imports screen's calls against a real (sandbox) REDCap: check a file, review it, import it, undo it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportEntryView, ImportPlanSummary } from '../../../shared/contract/imports.ts';
import { REDCAP_DEMO_TOKENS } from '../../sandbox/redcap/seed-teams.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { call, csv, failure, importSetup, planFile, serverRecords, settled, stage } from './import-service-support.ts';

const tempDir = useTempDirs();

describe('importing a CSV into REDCap through the contract', () => {
  it('checks a file: summary, mapping, old → new changes, and a problems CSV; a file with errors is refused', async () => {
    const s = await importSetup(tempDir());
    const before = await serverRecords(s);
    const [one, two] = [...before.values()];
    const text = csv([
      ['record_id', 'First name', 'last_name', 'dob', 'Shoe size'],
      [one!.record_id!, 'Zelda', one!.last_name!, one!.dob!, '9'],
      [two!.record_id!, two!.first_name!, 'Quist', two!.dob!, '10'],
      ['9001', 'New', 'Person', '1980-02-03', '8'],
      ['9002', 'Bad', 'Date', '2020-13-45', '7'],
    ]);
    const planned = await planFile(s, 'visits.csv', text);
    expect(planned).toMatchObject({ rowsRead: 4, errors: 1 });

    const summary = await call<ImportPlanSummary>(s.core, 'imports.planSummary', { planId: planned.planId });
    expect(summary).toMatchObject({ fileName: 'visits.csv', rowsRead: 4, newRecords: 1, changedRows: 2, delimiter: ',', errors: 1, connectionId: s.connectionId });
    expect(summary.mapping).toEqual([
      { column: 'record_id', field: 'record_id', how: 'name' },
      { column: 'First name', field: 'first_name', how: 'label' },
      { column: 'last_name', field: 'last_name', how: 'name' },
      { column: 'dob', field: 'dob', how: 'name' },
      { column: 'Shoe size', field: null, how: 'unknown' },
    ]);
    expect(summary.fields).toContainEqual({ name: 'race___2', label: 'Race (check all that apply): Asian', form: 'enrollment' });
    expect(summary.problems).toContainEqual(expect.objectContaining({ row: 4, column: 'dob', field: 'dob', severity: 'error' }));

    const changed = await call<{ total: number; rows: Array<{ record: string; kind: string; changes: unknown[] }> }>(s.core, 'imports.planChanges', { planId: planned.planId, offset: 0, limit: 50, kind: 'changed' });
    expect(changed.total).toBe(2);
    expect(changed.rows).toEqual([
      expect.objectContaining({ record: one!.record_id, kind: 'changed', changes: [{ field: 'first_name', old: one!.first_name, new: 'Zelda' }] }),
      expect.objectContaining({ record: two!.record_id, kind: 'changed', changes: [{ field: 'last_name', old: two!.last_name, new: 'Quist' }] }),
    ]);
    const added = await call<{ total: number; rows: Array<{ record: string; changes: Array<{ field: string; old: string | null }> }> }>(s.core, 'imports.planChanges', { planId: planned.planId, offset: 0, limit: 50, kind: 'new' });
    expect(added.total).toBe(1);
    expect(added.rows[0]!.record).toBe('9001');
    expect(added.rows[0]!.changes.every((c) => c.old === null)).toBe(true);

    const delivered = await call<{ path: string; fileName: string; cancelled: boolean }>(s.core, 'imports.problemsCsv', { planId: planned.planId });
    expect(delivered).toMatchObject({ fileName: 'visits - problems.csv', cancelled: false });
    const lines = readFileSync(delivered.path, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('row,column,field,severity,code,message');
    expect(lines.some((line) => line.startsWith('4,dob,dob,error,'))).toBe(true);
    // Names and values of other rows do not leak into the report.
    expect(lines.join('\n')).not.toContain('Zelda');

    const refused = await failure(call(s.core, 'imports.start', { planId: planned.planId }));
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toContain('1 error');
    expect(await serverRecords(s)).toEqual(before);
  }, 60_000);

  it('lists every problem in the CSV, also past the 1,000 the screen shows', async () => {
    const s = await importSetup(tempDir());
    const rows = Array.from({ length: 1200 }, (_, n) => [String(5000 + n), 'x', 'y', 'not a date']);
    const planned = await planFile(s, 'many.csv', csv([['record_id', 'first_name', 'last_name', 'dob'], ...rows]));
    expect(planned.errors).toBe(1200);
    const summary = await call<ImportPlanSummary>(s.core, 'imports.planSummary', { planId: planned.planId });
    expect(summary.problems).toHaveLength(1000);
    const delivered = await call<{ path: string }>(s.core, 'imports.problemsCsv', { planId: planned.planId });
    const lines = readFileSync(delivered.path, 'utf8').trim().split('\r\n');
    expect(lines.filter((line) => line.includes(',dob,dob,error,'))).toHaveLength(1200);
  }, 60_000);

  it('imports a checked file, lists it with its file name, syncs afterwards, and undoes it', async () => {
    const s = await importSetup(tempDir());
    const before = await serverRecords(s);
    const first = [...before.values()][0]!;
    const planned = await planFile(s, 'fix-names.csv', csv([
      ['record_id', 'first_name', 'last_name'],
      [first.record_id!, 'Renamed', first.last_name!],
      ['9100', 'Nova', 'Lind'],
    ]));
    expect(planned).toMatchObject({ errors: 0, rowsToSend: 2 });
    const started = await call<{ jobId: string; importId: string }>(s.core, 'imports.start', { planId: planned.planId });
    const job = await settled(s.core, started.jobId);
    expect(job.state).toBe('succeeded');
    expect(job.result).toEqual({ kind: 'import', importId: started.importId, state: 'done', confirmedRows: 2, rows: 2 });

    const after = await serverRecords(s);
    expect(after.get(first.record_id!)!.first_name).toBe('Renamed');
    expect(after.get('9100')).toMatchObject({ first_name: 'Nova', last_name: 'Lind' });
    // The plan is gone once imported; a second start cannot send it twice.
    expect((await failure(call(s.core, 'imports.start', { planId: planned.planId }))).code).toBe('NOT_FOUND');
    // The cache catches up by itself.
    const sync = s.core.services.jobs.list().find((j) => j.kind === 'sync' && j.startedAt >= job.startedAt);
    expect(sync).toBeDefined();
    expect((await settled(s.core, sync!.id)).state).toBe('succeeded');

    const list = await call<ImportEntryView[]>(s.core, 'imports.list', { connectionId: s.connectionId });
    expect(list).toEqual([expect.objectContaining({ importId: started.importId, kind: 'import', state: 'done', fileName: 'fix-names.csv', rows: 2, confirmedRows: 2, batches: 1, confirmedBatches: 1, jobId: null })]);

    const preview = await call(s.core, 'imports.previewUndo', { connectionId: s.connectionId, importId: started.importId });
    expect(preview).toEqual({ restoreRows: 1, restoreValues: 1, deleteRecords: 1, fields: ['first_name'], removeRows: 0, blankRows: 0, blankReason: null, unlocatedRows: 0, keptValues: 0, batches: 1, importedBatches: 1, uncertainBatches: 0, awaitingApproval: 0, note: null });
    const undo = await call<{ jobId: string; importId: string }>(s.core, 'imports.undo', { connectionId: s.connectionId, importId: started.importId });
    expect((await settled(s.core, undo.jobId)).state).toBe('succeeded');
    expect(await serverRecords(s)).toEqual(before);

    const states = (await call<ImportEntryView[]>(s.core, 'imports.list', { connectionId: s.connectionId })).map((e) => [e.kind, e.state, e.fileName]);
    expect(states).toEqual([['undo', 'done', 'fix-names.csv'], ['import', 'undone', 'fix-names.csv']]);
  }, 60_000);

  it('refuses a project that was never synced, and a plan with nothing to send', async () => {
    const s = await importSetup(tempDir());
    const stageId = await stage(s.core, 'a.csv', 'record_id,first_name\r\n1,A\r\n');
    const other = await call<{ id: string }>(s.core, 'connections.add', { kind: 'redcap', url: s.sandbox.url, token: REDCAP_DEMO_TOKENS.heartFailure });
    const notSynced = await failure(call(s.core, 'imports.plan', { connectionId: other.id, stageId }));
    expect(notSynced.code).toBe('NOT_SYNCED');
    expect(notSynced.message).toContain('Sync it first');
    const first = [...(await serverRecords(s)).values()][0]!;
    const same = await planFile(s, 'same.csv', csv([['record_id', 'first_name'], [first.record_id!, first.first_name!]]));
    expect(same.rowsToSend).toBe(0);
    expect((await failure(call(s.core, 'imports.start', { planId: same.planId }))).message).toContain('Nothing to import');
    expect(await call(s.core, 'imports.discardPlan', { planId: same.planId })).toEqual({ discarded: true });
    expect((await failure(call(s.core, 'imports.planSummary', { planId: same.planId }))).code).toBe('NOT_FOUND');
  }, 60_000);
});
