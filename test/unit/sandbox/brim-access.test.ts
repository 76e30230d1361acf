import { afterEach, describe, expect, it } from 'vitest';
import { startBrimSandbox } from '../../sandbox/brim/index.ts';
import type { BrimSandbox } from '../../sandbox/brim/index.ts';
import { call } from './brim-http.ts';

const running: BrimSandbox[] = [];
async function sandbox(options: Parameters<typeof startBrimSandbox>[0] = {}): Promise<BrimSandbox> {
  const started = await startBrimSandbox(options);
  running.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('Brim sandbox: tokens, scopes and routes', () => {
  it('refuses a missing, unknown or deactivated token with 401 and Ninja\'s body', async () => {
    const s = await sandbox();
    for (const token of [undefined, 'nope', s.inactiveToken]) {
      const answer = await call(s.url, token, 'task_status/', { project_id: s.projectId, task_id: 'x' });
      expect(answer.status).toBe(401);
      expect(answer.json()).toEqual({ detail: 'Unauthorized' });
    }
  });

  it('lets a project token open only its project (403 elsewhere); an organization token opens all, 404 for none', async () => {
    const s = await sandbox();
    const own = await call(s.url, s.token, 'results/', { project_id: s.projectId });
    expect(own.status).toBe(200);
    const other = await call(s.url, s.token, 'results/', { project_id: s.otherProject.id });
    expect(other.status).toBe(403);
    expect(other.json().detail).toBe(`This API token does not have access to project ${s.otherProject.id}.`);
    expect((await call(s.url, s.otherProject.token, 'results/', { project_id: s.projectId })).status).toBe(403);
    expect((await call(s.url, s.orgToken, 'results/', { project_id: s.otherProject.id })).status).toBe(200);
    const missing = await call(s.url, s.orgToken, 'results/', { project_id: 999 });
    expect(missing.status).toBe(404);
    expect(missing.json().detail).toBe('Project 999 not found.');
    expect((await call(s.url, s.token, 'results/', { project_id: 'abc' })).status).toBe(400);
  });

  it('answers Django\'s 404 page for a path without its trailing slash or an unknown path, 405 for a wrong method', async () => {
    const s = await sandbox();
    const noSlash = await fetch(`${s.url}/api/v1/task_status`, { method: 'POST', headers: { Authorization: `Bearer ${s.token}` } });
    expect(noSlash.status).toBe(404);
    expect(await noSlash.text()).toContain('<h1>Not Found</h1>');
    expect((await call(s.url, s.token, 'nothing/here/', {})).status).toBe(404);
    const wrongMethod = await call(s.url, s.token, 'task_status/', undefined, 'GET');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json()).toEqual({ detail: 'Method not allowed' });
  });

  it('creates projects idempotently by name (201 both times) with an organization token only', async () => {
    const s = await sandbox();
    const first = await call(s.url, s.orgToken, 'projects/', { name: 'Trial Screening' });
    const again = await call(s.url, s.orgToken, 'projects/', { name: 'Trial Screening' });
    expect([first.status, again.status]).toEqual([201, 201]);
    const a = first.json().data as { id: number; created: boolean };
    const b = again.json().data as { id: number; created: boolean };
    expect(first.json().status).toBe('success');
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, name: 'Trial Screening', created: false });
    expect((await call(s.url, s.token, 'projects/', { name: 'Mine now' })).status).toBe(403);
    const reuse = await call(s.url, s.token, 'projects/', { name: s.projectName });
    expect(reuse.json().data).toEqual({ id: s.projectId, name: s.projectName, created: false });
    const listed = await call(s.url, s.token, 'projects/', undefined, 'GET');
    expect(listed.json().data).toEqual([{ id: s.projectId, name: s.projectName }]);
    const all = (await call(s.url, s.orgToken, 'projects/', undefined, 'GET')).json().data as Array<{ id: number }>;
    expect(all.map((p) => p.id)).toEqual([s.projectId, s.otherProject.id, a.id]);
  });

  it('turns each inferred endpoint off as 404 or 405, at start or at run time', async () => {
    const s = await sandbox({ capabilities: { generate: 404, singleNote: 405 } });
    expect((await call(s.url, s.token, 'generate/', { project_id: s.projectId })).status).toBe(404);
    expect((await call(s.url, s.token, 'queue/peek/', { project_id: s.projectId })).status).toBe(405);
    expect((await call(s.url, s.token, 'upload/note/', { project_id: s.projectId })).status).toBe(405);
    s.setCapability('projectList', 404);
    expect((await call(s.url, s.token, 'projects/', undefined, 'GET')).status).toBe(404);
    await fetch(`${s.url}/__sandbox/capabilities`, { method: 'POST', body: JSON.stringify({ name: 'generate', mode: 'on' }) });
    expect((await call(s.url, s.token, 'generate/', { project_id: s.projectId })).status).toBe(200);
  });

  it('injects faults on /api/ like the other sandboxes: 5xx, 429 with Retry-After, html200, reset', async () => {
    const s = await sandbox();
    s.faults.add({ kind: 'status', status: 503 });
    expect((await call(s.url, s.token, 'projects/', undefined, 'GET')).status).toBe(503);
    s.faults.add({ kind: 'status', status: 429, retryAfterSeconds: 7 });
    const throttled = await fetch(`${s.url}/api/v1/projects/`, { headers: { Authorization: `Bearer ${s.token}` } });
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '7']);
    s.faults.add({ kind: 'html200' });
    const login = await call(s.url, s.token, 'projects/', undefined, 'GET');
    expect([login.status, login.contentType]).toEqual([200, 'text/html; charset=utf-8']);
    s.faults.add({ kind: 'truncate' });
    const cut = await call(s.url, s.token, 'projects/', undefined, 'GET');
    expect(() => cut.json()).toThrow();
    s.faults.add({ kind: 'reset' });
    await expect(call(s.url, s.token, 'projects/', undefined, 'GET')).rejects.toThrow();
    expect((await call(s.url, s.token, 'projects/', undefined, 'GET')).status).toBe(200);
  });
});
