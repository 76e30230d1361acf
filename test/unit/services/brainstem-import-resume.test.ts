// BrainSTEM imports that stop part way (a lost answer, a server error, a crash, a cancel): the journal
// says what BrainSTEM may have, and a resume asks the server before sending anything again.

import { describe, expect, it } from 'vitest';
import { brainstemImportSetup, csv, entry, importPlan, planFile, serverSessions, settled, writableSession, writes } from './brainstem-import-support.ts';

describe('resuming a BrainSTEM import', () => {
  it('after a restart, writes whose answer was lost are checked on the server and nothing is created or changed twice', async () => {
    const c = await brainstemImportSetup();
    const { projectName, session } = await writableSession(c);
    const planned = await planFile(c, 'session', 'resume.csv', csv([
      ['id', 'name', 'projects', 'description'],
      [session.id, session.name, projectName, 'Changed before the crash'],
      ['', 'S_resume_1', projectName, 'one'],
      ['', 'S_resume_2', projectName, 'two'],
      ['', 'S_resume_3', projectName, 'three'],
    ]));
    // The second create never reaches BrainSTEM's database: the gateway answers 503 instead.
    c.sandbox.faults.add({ kind: 'status', status: 503, match: { method: 'POST', path: '/stem/session' }, afterRequests: 1, times: 1 });
    const { job, importId } = await importPlan(c, planned.planId);
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/Import paused at object 3 of 4/);
    expect(await entry(c, importId)).toMatchObject({ state: 'interrupted', confirmedRows: 2, rows: 4 });

    // As if Carrel died after BrainSTEM saved the first two writes but before it wrote down the answers.
    const db = c.core.services.cache.db(c.connectionId);
    db.prepare("UPDATE import_batches SET state = 'sending' WHERE import_id = ? AND batch_no IN (1, 2)").run(importId);
    db.prepare("UPDATE import_journal SET state = 'running' WHERE id = ?").run(importId);
    await c.restart();
    expect(await entry(c, importId)).toMatchObject({ state: 'interrupted', confirmedRows: 0 });
    // The first window hears of it once.
    await c.call('app.info', {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(c.events.filter((e) => e.name === 'app.notice').map((e) => (e.payload as { message: string }).message)).toEqual(['An import into Sandbox BrainSTEM was interrupted; open the project to resume it.']);

    const [posts, patches] = [writes(c, 'POST'), writes(c, 'PATCH')];
    const resumed = await c.call('imports.resume', { connectionId: c.connectionId, importId });
    const done = await settled(c, resumed.jobId);
    expect(done.state).toBe('succeeded');
    expect(done.result).toMatchObject({ state: 'done', confirmedRows: 4, rows: 4 });
    // Only the create that never arrived and the one never sent went out; the update was found applied.
    expect(writes(c, 'POST')).toBe(posts + 2);
    expect(writes(c, 'PATCH')).toBe(patches);
    const server = await serverSessions(c);
    expect(['S_resume_1', 'S_resume_2', 'S_resume_3'].map((name) => server.get(name)?.description)).toEqual(['one', 'two', 'three']);
    expect(server.get(session.name)?.description).toBe('Changed before the crash');
    const answers = c.core.services.cache.db(c.connectionId).prepare('SELECT batch_no, answer_json FROM import_batches WHERE import_id = ? ORDER BY batch_no').all(importId) as Array<{ answer_json: string }>;
    expect(answers.slice(0, 2).map((a) => JSON.parse(a.answer_json).verified)).toEqual([true, true]);

    // The undo of a resumed import still knows every object it made.
    const undo = await c.call('imports.undo', { connectionId: c.connectionId, importId });
    expect((await settled(c, undo.jobId)).state).toBe('succeeded');
    const after = await serverSessions(c);
    expect(['S_resume_1', 'S_resume_2', 'S_resume_3'].some((name) => after.has(name))).toBe(false);
    expect(after.get(session.name)?.description).toBe(session.description);
  }, 90_000);

  it('cancel stops after the object in flight; the resume sends the rest once', async () => {
    const c = await brainstemImportSetup();
    const { projectName } = await writableSession(c);
    const names = ['S_cancel_1', 'S_cancel_2', 'S_cancel_3', 'S_cancel_4'];
    const planned = await planFile(c, 'session', 'cancel.csv', csv([['name', 'projects'], ...names.map((name) => [name, projectName])]));
    c.sandbox.faults.add({ kind: 'latency', latencyMs: 150, match: { method: 'POST', path: '/stem/session' }, times: 0 });
    const { jobId, importId } = await c.call('imports.start', { planId: planned.planId });
    // Cancel while the first create is on the wire.
    await new Promise((resolve) => setTimeout(resolve, 60));
    await c.call('jobs.cancel', { jobId });
    const stopped = await settled(c, jobId);
    expect(stopped.state).toBe('cancelled');
    const paused = await entry(c, importId);
    expect(paused.state).toBe('interrupted');
    expect(paused.confirmedRows).toBeGreaterThanOrEqual(1);
    expect(paused.confirmedRows).toBeLessThan(4);
    const db = c.core.services.cache.db(c.connectionId);
    expect(db.prepare("SELECT count(*) AS n FROM import_batches WHERE import_id = ? AND state = 'sending'").get(importId)).toEqual({ n: 0 });

    const posts = writes(c, 'POST');
    const resumed = await c.call('imports.resume', { connectionId: c.connectionId, importId });
    expect((await settled(c, resumed.jobId)).state).toBe('succeeded');
    expect(writes(c, 'POST')).toBe(posts + 4 - paused.confirmedRows);
    const server = await serverSessions(c);
    expect(names.every((name) => server.has(name))).toBe(true);
  }, 90_000);

  it('undoes what an interrupted import got through, and says which create it cannot be sure of', async () => {
    const c = await brainstemImportSetup();
    const { projectName, session } = await writableSession(c);
    const before = await serverSessions(c);
    const planned = await planFile(c, 'session', 'stopped.csv', csv([
      ['id', 'name', 'projects', 'description'],
      [session.id, session.name, projectName, 'Changed, then stopped'],
      ['', 'S_stop_1', projectName, 'one'],
      ['', 'S_stop_2', projectName, 'two'],
    ]));
    c.sandbox.faults.add({ kind: 'status', status: 503, match: { method: 'POST', path: '/stem/session' }, afterRequests: 1, times: 1 });
    const { job, importId } = await importPlan(c, planned.planId);
    expect(job.state).toBe('failed');
    expect(await entry(c, importId)).toMatchObject({ state: 'interrupted', confirmedRows: 2 });
    const preview = await c.call('imports.previewUndo', { connectionId: c.connectionId, importId });
    expect(preview).toMatchObject({ restoreRows: 1, deleteRecords: 1 });
    expect(preview.note).toMatch(/One object was being created when the import stopped/);
    const undo = await c.call('imports.undo', { connectionId: c.connectionId, importId });
    expect((await settled(c, undo.jobId)).state).toBe('succeeded');
    // The 503 kept S_stop_2 from being made, so BrainSTEM is exactly as before.
    expect(await serverSessions(c)).toEqual(before);
    expect(await entry(c, importId)).toMatchObject({ state: 'undone' });
    const resumed = await c.call('imports.resume', { connectionId: c.connectionId, importId }).then(() => null, (e: unknown) => e as { code: string });
    expect(resumed?.code).toBe('CONFLICT');
  }, 90_000);
});
