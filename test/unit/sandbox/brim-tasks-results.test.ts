import { afterEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../helpers/csv-parse.ts';
import { DETAILED_COLUMNS, NOTHING_TO_EXPORT, NO_NOTES_ERROR, STILL_RUNNING, startBrimSandbox } from '../../sandbox/brim/index.ts';
import type { BrimSandbox } from '../../sandbox/brim/index.ts';
import { call, notesCsv, sleep, upload } from './brim-http.ts';

const running: BrimSandbox[] = [];
async function sandbox(options: Parameters<typeof startBrimSandbox>[0] = {}): Promise<BrimSandbox> {
  const started = await startBrimSandbox(options);
  running.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

type Status = { task_status: number; task_status_display: string; message?: string };
const status = async (s: BrimSandbox, taskId: string): Promise<Status> => (await call(s.url, s.token, 'task_status/', { project_id: s.projectId, task_id: taskId })).json().data as Status;

/** Polls results/ the way a client does (2026 payload) until the CSV arrives. */
async function exportCsv(s: BrimSandbox, body: Record<string, unknown>): Promise<string[][]> {
  let answer = await call(s.url, s.token, 'results/', { project_id: s.projectId, ...body });
  for (let i = 0; i < 50 && answer.contentType.startsWith('application/json'); i++) {
    const data = answer.json().data as { export_task_id: string; is_complete: boolean; message: string };
    if (data.is_complete) throw new Error(data.message);
    await sleep(50);
    answer = await call(s.url, s.token, 'results/', { project_id: s.projectId, task_id: data.export_task_id, get_csv: true });
  }
  return parseCsv(answer.text);
}

const NOTES = notesCsv([
  ['A1', 'P1', '2024-03-01 09:30:00', 'Former smoker, quit smoking in 2010. Biopsy confirmed adenocarcinoma.', 'Consult'],
  ['A2', 'P1', '2024-03-15 10:00:00', 'Mass measuring 24 mm. No evidence of distant metastasis.', 'CT Chest'],
]);

describe('Brim sandbox: tasks, generation and results', () => {
  it('walks a task Waiting → Running → Complete on the sandbox clock', async () => {
    const s = await sandbox({ delays: { upload: { waitingMs: 60_000, runningMs: 60_000 }, generation: { waitingMs: 60_000, runningMs: 60_000 } } });
    const data = (await upload(s.url, s.token, 'upload/csv/', { project_id: String(s.projectId), generate_after_upload: 'true' }, { name: 'n.csv', content: NOTES })).json().data as Record<string, string>;
    const generation = data.generation_task_id ?? '';
    expect(await status(s, generation)).toEqual({ task_id: generation, task_status: 0, task_status_display: 'Waiting' });
    s.clock.advance(150); // the upload has finished; the generation waits its turn
    expect((await status(s, data.upload_task_id ?? '')).task_status_display).toBe('Complete');
    expect((await status(s, generation)).task_status).toBe(0);
    s.clock.advance(70);
    const mid = await status(s, generation);
    expect([mid.task_status, mid.task_status_display]).toEqual([1, 'Running']);
    const busy = (await call(s.url, s.token, 'results/', { project_id: s.projectId })).json().data as Record<string, unknown>;
    expect(busy).toMatchObject({ status: 3, status_display: 'Error', is_complete: true, message: STILL_RUNNING });
    s.clock.advance(60);
    expect((await status(s, generation)).task_status_display).toBe('Complete');
    const rows = await exportCsv(s, { task_id: generation, get_csv: true });
    expect(rows[0]).toEqual([...DETAILED_COLUMNS]);
    expect(rows.filter((row) => row[0] === 'tumor_size_cm').map((row) => [row[3], row[4]])).toEqual([['A1', ''], ['A2', '2.4']]);
    expect(rows.find((row) => row[0] === 'smoking_status')?.slice(1, 5)).toEqual(['One Label Per Patient', 'P1', '', 'Former smoker']);
  });

  it('ends a generation in Error (no notes; forced) or Stopped, with a message', async () => {
    const s = await sandbox();
    const empty = (await call(s.url, s.token, 'generate/', { project_id: s.projectId, patient_ids: ['nobody'] })).json().data as Record<string, string>;
    s.failNextGeneration('KeyError: boom');
    const failing = (await call(s.url, s.token, 'generate/', { project_id: s.projectId })).json().data as Record<string, string>;
    s.setDelays('generation', { runningMs: 600_000 });
    const long = (await call(s.url, s.token, 'generate/', { project_id: s.projectId, variable_names: ['smoking_status'] })).json().data as Record<string, string>;
    expect(s.stopTask(long.generation_task_id ?? '')).toBe(true);
    await sleep(500);
    expect(await status(s, empty.generation_task_id ?? '')).toMatchObject({ task_status: 3, message: NO_NOTES_ERROR });
    expect(await status(s, failing.generation_task_id ?? '')).toMatchObject({ task_status: 3, message: 'KeyError: boom' });
    expect(await status(s, long.generation_task_id ?? '')).toMatchObject({ task_status: 4, task_status_display: 'Stopped' });
    expect((await call(s.url, s.token, 'generate/', { project_id: s.projectId, variable_names: ['nope'] })).status).toBe(400);
    expect((await call(s.url, s.token, 'task_status/', { project_id: s.projectId, task_id: 'unknown' })).status).toBe(404);
  });

  it('exports with the 2025 payload: JSON with the export id while pending, then the CSV with a file name', async () => {
    const s = await sandbox({ generation: '2025' });
    const first = await call(s.url, s.token, 'results/', { project_id: String(s.projectId), detailed_export: false, patient_export: true, include_null_in_export: true });
    const body = first.json() as { data: Record<string, unknown>; message: string };
    expect(body.data).toMatchObject({ status: 0, status_display: 'Waiting', is_complete: false });
    expect(body.data.api_session_id).toBe(body.data.export_task_id);
    expect(body.message).toBe('Export queued');
    await sleep(250);
    const ready = await fetch(`${s.url}/api/v1/results/`, {
      method: 'POST', headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ project_id: String(s.projectId), api_session_id: body.data.api_session_id, patient_export: true }),
    });
    expect(ready.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(ready.headers.get('content-disposition')).toMatch(/^attachment; filename="\d{8}-Lung_Cancer_Registry_demo-BrimPatientExport\.csv"/);
    const rows = parseCsv(await ready.text());
    expect(rows[0]).toEqual(['Patient_id', 'smoking_status', 'diagnosis_date', 'histology', 'eligible_for_trial']);
    expect(rows).toHaveLength(41); // 120 seeded notes, three per patient
  });

  it('labels deterministically: the same notes give the same export in two sandboxes; nulls can be left out', async () => {
    const a = await sandbox();
    const b = await sandbox();
    const withNulls = await exportCsv(a, { get_csv: true });
    expect(await exportCsv(b, { get_csv: true })).toEqual(withNulls);
    const withoutNulls = await exportCsv(a, { include_null_in_export: false });
    expect(withoutNulls.length).toBeLessThan(withNulls.length);
    expect(withoutNulls.slice(1).every((row) => row[4] !== '')).toBe(true);
    expect(withNulls.slice(1).some((row) => row[4] === '')).toBe(true);
  });

  it('says there is nothing to export for a project without labels', async () => {
    const s = await sandbox();
    const answer = await call(s.url, s.orgToken, 'results/', { project_id: s.otherProject.id, task_id: undefined });
    expect(answer.json().data).toMatchObject({ is_complete: true, status: 3, message: NOTHING_TO_EXPORT });
  });

  it('fills the single-note queue: peek, pop-and-export (CSV), errors for an empty note', async () => {
    const s = await sandbox();
    const note = (id: string, text: string) => call(s.url, s.token, 'upload/note/', {
      project_id: s.projectId, patient_id: 'Q1', note_id: id, note_datetime: '2024-06-01', note_title: 'Visit', note_text: text, generate_after_upload: 'true',
    });
    const ok = (await note('Q-1', 'Patient has never smoked.')).json().data as Record<string, string>;
    await note('Q-2', '');
    expect((await call(s.url, s.token, 'queue/peek/', { project_id: s.projectId })).json().data).toBeNull();
    await sleep(600);
    const peek = (await call(s.url, s.token, 'queue/peek/', { project_id: s.projectId })).json().data as Record<string, unknown>;
    expect(peek).toMatchObject({ task_id: ok.generation_task_id, patient_id: 'Q1', note_id: 'Q-1', status: 2 });
    const popped = await call(s.url, s.token, 'queue/pop-and-export/', { project_id: s.projectId });
    expect(popped.contentType).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(popped.text);
    expect(rows.find((row) => row[0] === 'smoking_status')?.[4]).toBe('Never smoker');
    expect((await call(s.url, s.token, 'queue/pop-and-export/', { project_id: s.projectId })).json().data).toBeNull();
    const errors = (await call(s.url, s.token, 'queue/errors/', { project_id: s.projectId })).json().data as Array<Record<string, unknown>>;
    expect(errors.map((e) => [e.note_id, typeof e.message])).toEqual([['Q-2', 'string']]);
  });

  it('invites users: success, an existing member (400), a failed email (500)', async () => {
    const s = await sandbox();
    const invited = await call(s.url, s.token, 'users/invite/', { email: 'new@example.org', project_id: s.projectId, can_upload_permission: false });
    expect(invited.json()).toEqual({ success: true, message: 'Invitation for new@example.org sent successfully' });
    const again = await call(s.url, s.token, 'users/invite/', { email: 'new@example.org', project_id: s.projectId, can_upload_permission: true });
    expect([again.status, again.json().detail]).toEqual([400, 'User new@example.org is already a member of this project.']);
    const broken = await call(s.url, s.token, 'users/invite/', { email: 'x@undeliverable.test', project_id: s.projectId });
    expect([broken.status, broken.json().detail]).toEqual([500, 'Failed to send invitation email']);
  });
});
