// A CSV dropped onto a BrainSTEM model table, through the imports contract against the BrainSTEM
// sandbox: the check (mapping, problems, changes), the journaled import, and its undo.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CallError } from '../../helpers/brainstem-test-core.ts';
import { tableRows } from './brainstem-sync-support.ts';
import { brainstemImportSetup, csv, entry, importPlan, planFile, serverSessions, settled, writableSession, writes } from './brainstem-import-support.ts';

describe('checking a CSV against a BrainSTEM model', () => {
  it('maps columns by name and label, and reports required, type, relation, unknown-id and duplicate problems by row and column', async () => {
    const c = await brainstemImportSetup();
    const { projectName, session } = await writableSession(c);
    const text = csv([
      ['id', 'Name', 'Projects', 'Date and time', 'description', 'Session'],
      ['', 'S_new_ok', projectName, '2024-07-01T10:00:00Z', 'fine', ''],
      ['', '', projectName, '', 'no name', ''],
      ['', 'S_new_badproject', 'No Such Project', '', '', ''],
      ['', 'S_new_baddate', projectName, 'yesterday', '', ''],
      ['', session.name, projectName, '', 'again?', ''],
      ['00000000-0000-4000-8000-000000000000', 'S_ghost', projectName, '', '', ''],
      ['', 'S_new_ok', projectName, '', 'twice', ''],
    ]);
    const before = writes(c, 'POST');
    const planned = await planFile(c, 'session', 'sessions.csv', text);
    expect(planned).toMatchObject({ rowsRead: 7, errors: 5 });

    const summary = await c.call('imports.planSummary', { planId: planned.planId });
    expect(summary).toMatchObject({ service: 'brainstem', model: 'session', fileName: 'sessions.csv', newRecords: 2, changedRows: 0, errors: 5, warnings: 2 });
    expect(summary.mapping).toEqual([
      { column: 'id', field: 'id', how: 'name' },
      { column: 'Name', field: 'name', how: 'name' },
      { column: 'Projects', field: 'projects', how: 'name' },
      { column: 'Date and time', field: 'date_time', how: 'label' },
      { column: 'description', field: 'description', how: 'name' },
      { column: 'Session', field: null, how: 'read-only' },
    ]);
    expect(summary.fields).toContainEqual({ name: 'projects', label: 'Projects', form: null });
    expect(summary.fields.map((f) => f.name)).not.toContain('behaviors');
    const codes = summary.problems.map((p) => [p.row, p.column, p.severity, p.code]);
    expect(codes).toEqual(expect.arrayContaining([
      [0, 'Session', 'warning', 'read-only'],
      [2, 'Name', 'error', 'required'],
      [3, 'Projects', 'error', 'unknown-relation'],
      [4, 'Date and time', 'error', 'invalid-datetime'],
      [5, 'Name', 'warning', 'maybe-duplicate'],
      [6, 'id', 'error', 'unknown-id'],
      [7, 'Name', 'error', 'duplicate-name'],
    ]));
    expect(summary.problems.find((p) => p.code === 'maybe-duplicate')!.message).toContain(`maybe a duplicate of id ${session.id}; add an id column to update it instead`);
    expect(summary.problems.find((p) => p.code === 'unknown-relation')!.message).toMatch(/No project has this name in the offline cache/);

    const added = await c.call('imports.planChanges', { planId: planned.planId, offset: 0, limit: 50, kind: 'new' });
    expect(added.rows[0]).toMatchObject({ record: '', label: 'S_new_ok', kind: 'new' });
    expect(added.rows[0]!.changes).toContainEqual({ field: 'projects', old: null, new: projectName });

    const delivered = await c.call('imports.problemsCsv', { planId: planned.planId });
    const lines = readFileSync(delivered.path!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines.some((line) => line.startsWith('3,Projects,projects,error,unknown-relation,'))).toBe(true);

    const refused = await c.call('imports.start', { planId: planned.planId }).then(() => null, (e: unknown) => e as CallError);
    expect(refused?.code).toBe('VALIDATION');
    expect(writes(c, 'POST')).toBe(before);
  }, 60_000);

  it('checks integers, choices and booleans of another model, and accepts a corrected mapping', async () => {
    const c = await brainstemImportSetup();
    const subjects = await tableRows(c, 'bs_private_subject');
    const subject = subjects.rows.find((r) => r.projects === 'Hippocampal Replay in Rats')!;
    const text = csv([
      ['id', 'sex', 'Genotype', 'kind of animal'],
      [subject.id, 'Alien', 'x'.repeat(201), 'whatever'],
    ]);
    const planned = await planFile(c, 'subject', 'subjects.csv', text);
    const summary = await c.call('imports.planSummary', { planId: planned.planId });
    expect(summary.problems.map((p) => [p.row, p.column, p.code])).toEqual(expect.arrayContaining([
      [0, 'kind of animal', 'unknown-column'],
      [1, 'sex', 'invalid-choice'],
      [1, 'Genotype', 'too-long'],
    ]));
    const replanned = await c.call('imports.replan', { planId: planned.planId, options: { ...summary.options, mapping: { 'kind of animal': null, Genotype: 'genetic_line' } } });
    const job = await settled(c, replanned.jobId);
    const result = job.result;
    if (result?.kind !== 'import-plan') throw new Error(`replan ${job.state}`);
    const again = await c.call('imports.planSummary', { planId: result.planId });
    expect(again.mapping).toContainEqual({ column: 'Genotype', field: 'genetic_line', how: 'chosen' });
    expect(again.mapping).toContainEqual({ column: 'kind of animal', field: null, how: 'skipped' });
    expect(again.problems.map((p) => p.code)).toContain('too-long');
  }, 60_000);

  it('is refused without a model for BrainSTEM, and a model is refused for REDCap-only calls', async () => {
    const c = await brainstemImportSetup();
    const { stageId } = await c.core.services.staging.fromStream('x.csv', (await import('node:stream')).Readable.from([Buffer.from('name\r\nx\r\n')]));
    const missing = await c.call('imports.plan', { connectionId: c.connectionId, stageId, options: { dateFormat: 'YMD', labelsToCodes: false, overwrite: false } }).then(() => null, (e: unknown) => e as CallError);
    expect(missing?.code).toBe('VALIDATION');
    const approval = await c.call('imports.plan', { connectionId: c.connectionId, stageId, model: 'speciesapproval', options: { dateFormat: 'YMD', labelsToCodes: false, overwrite: false } }).then(() => null, (e: unknown) => e as CallError);
    expect(approval?.message).toMatch(/cannot be imported/);
  }, 60_000);
});

describe('importing and undoing', () => {
  it('creates and updates objects, the server and the table then hold exactly the file, and undo restores the server', async () => {
    const c = await brainstemImportSetup();
    const { projectName, session } = await writableSession(c);
    const serverBefore = await serverSessions(c);
    const original = serverBefore.get(session.name)!;
    const text = csv([
      ['id', 'name', 'projects', 'date_time', 'description', 'tags'],
      [session.id, session.name, projectName, '', 'Rewritten by the import', 'imported; pilot'],
      ['', 'S_import_one', projectName, '2024-07-01T10:00:00Z', 'first new', ''],
      ['', 'S_import_two', projectName, '', 'second new', 'pilot'],
    ]);
    const planned = await planFile(c, 'session', 'sessions.csv', text);
    expect(planned).toMatchObject({ errors: 0, rowsToSend: 3 });
    const changed = await c.call('imports.planChanges', { planId: planned.planId, offset: 0, limit: 10, kind: 'changed' });
    expect(changed.rows).toEqual([expect.objectContaining({ record: session.id, label: session.name, kind: 'changed' })]);
    expect(changed.rows[0]!.changes.map((ch) => ch.field).sort()).toEqual(['description', 'tags']);

    const { job, importId } = await importPlan(c, planned.planId);
    expect(job.state).toBe('succeeded');
    expect(job.result).toMatchObject({ kind: 'import', state: 'done', rows: 3, confirmedRows: 3 });
    expect(await entry(c, importId)).toMatchObject({ kind: 'import', state: 'done', fileName: 'sessions.csv', rows: 3, confirmedRows: 3 });

    const server = await serverSessions(c);
    expect(server.get(session.name)).toMatchObject({ description: 'Rewritten by the import', tags: ['imported', 'pilot'], projects: original.projects });
    expect(server.get('S_import_one')).toMatchObject({ description: 'first new', date_time: '2024-07-01T10:00:00Z' });
    expect(server.get('S_import_two')).toMatchObject({ description: 'second new', tags: ['pilot'] });
    expect(server.size).toBe(serverBefore.size + 2);
    const table = (await tableRows(c, 'bs_private_session')).rows;
    expect(table.find((r) => r.id === session.id)).toMatchObject({ description: 'Rewritten by the import' });
    expect(table.filter((r) => r.name.startsWith('S_import_')).map((r) => r.name).sort()).toEqual(['S_import_one', 'S_import_two']);
    expect(c.events.some((e) => e.name === 'dataset.changed' && (e.payload as { dataset: string }).dataset === 'bs_private_session')).toBe(true);

    const preview = await c.call('imports.previewUndo', { connectionId: c.connectionId, importId });
    expect(preview).toMatchObject({ restoreRows: 1, restoreValues: 2, deleteRecords: 2, fields: ['description', 'tags'], awaitingApproval: 0, note: null });
    const undo = await c.call('imports.undo', { connectionId: c.connectionId, importId });
    expect((await settled(c, undo.jobId)).state).toBe('succeeded');
    expect(await serverSessions(c)).toEqual(serverBefore);
    expect((await tableRows(c, 'bs_private_session')).rows.filter((r) => r.name.startsWith('S_import_'))).toEqual([]);
    expect(await entry(c, importId)).toMatchObject({ state: 'undone' });
    expect(await entry(c, undo.importId)).toMatchObject({ kind: 'undo', undoOf: importId, state: 'done', fileName: 'sessions.csv' });
  }, 90_000);

  it('keeps going past an object BrainSTEM refuses, with the server\'s message, and a resume retries only that one', async () => {
    const c = await brainstemImportSetup();
    const { projectName } = await writableSession(c);
    const planned = await planFile(c, 'session', 'sessions.csv', csv([
      ['name', 'projects'],
      ['S_refused', projectName],
      ['S_fine', projectName],
    ]));
    // Someone else takes the name between the check and the import.
    const { projectId } = await writableSession(c);
    const response = await fetch(`${c.sandbox.url}api/private/stem/session/`, { method: 'POST', headers: { authorization: `Bearer ${c.sandbox.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'S_refused', projects: [projectId] }) });
    expect(response.status).toBe(201);
    const { job, importId } = await importPlan(c, planned.planId);
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/refused 1 of 2 objects.*row 1 \(S_refused\): name: session with this name already exists/);
    expect((await serverSessions(c)).has('S_fine')).toBe(true);
    expect(await entry(c, importId)).toMatchObject({ state: 'failed', confirmedRows: 1, rows: 2 });
    const posts = writes(c, 'POST');
    const resumed = await c.call('imports.resume', { connectionId: c.connectionId, importId });
    expect((await settled(c, resumed.jobId)).state).toBe('failed');
    expect(writes(c, 'POST')).toBe(posts + 1);
  }, 90_000);

  it('imports into a moderated model as approval requests, and says the undo cannot take them back', async () => {
    const c = await brainstemImportSetup();
    const planned = await planFile(c, 'species', 'species.csv', csv([['name', 'description'], ['Octopus vulgaris', 'Common octopus']]));
    const summary = await c.call('imports.planSummary', { planId: planned.planId });
    expect(summary.problems).toContainEqual(expect.objectContaining({ row: 0, severity: 'warning', code: 'moderated' }));
    const { job, importId } = await importPlan(c, planned.planId);
    expect(job.state).toBe('succeeded');
    const approvals = await tableRows(c, 'bs_private_speciesapproval');
    expect(approvals.rows.some((r) => r.label === 'Octopus vulgaris · Add · Pending')).toBe(true);
    const preview = await c.call('imports.previewUndo', { connectionId: c.connectionId, importId });
    expect(preview).toMatchObject({ deleteRecords: 0, restoreRows: 0, awaitingApproval: 1 });
    expect(preview.note).toMatch(/curators for approval; Carrel cannot take it back/);
    const refused = await c.call('imports.undo', { connectionId: c.connectionId, importId }).then(() => null, (e: unknown) => e as CallError);
    expect(refused?.code).toBe('CONFLICT');
  }, 60_000);
});
