import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.ts';
import { normalizeBrimUrl } from '../../../main/services/connectors/brim/address.ts';
import { sendJson, secretToken, startFakeBrim, type FakeBrim, type Handler } from './brim-fake-server.ts';

let fake: FakeBrim | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function serve(handler: Handler): Promise<FakeBrim> {
  fake = await startFakeBrim(handler);
  return fake;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  // Whatever went wrong, the token never shows up in what the user sees.
  expect(JSON.stringify(appError.toShape())).not.toContain(secretToken);
  return appError;
}

describe('Brim API addresses', () => {
  it('finds the server base in what users type or paste', () => {
    expect(normalizeBrimUrl('https://demo.brimanalytics.com')).toEqual({ url: 'https://demo.brimanalytics.com/', adjusted: true });
    expect(normalizeBrimUrl('demo.brimanalytics.com').url).toBe('https://demo.brimanalytics.com/');
    expect(normalizeBrimUrl('https://demo.brimanalytics.com/api/v1/').url).toBe('https://demo.brimanalytics.com/');
    expect(normalizeBrimUrl('https://demo.brimanalytics.com/api/docs#/').url).toBe('https://demo.brimanalytics.com/');
    expect(normalizeBrimUrl('https://Brim.Example.EDU/brim/api/v1/upload/csv/').url).toBe('https://brim.example.edu/brim/');
    expect(normalizeBrimUrl('localhost:8000').url).toBe('http://localhost:8000/');
    expect(normalizeBrimUrl('http://127.0.0.1:8000//').url).toBe('http://127.0.0.1:8000/');
  });

  it('refuses addresses that would expose the token', () => {
    expect(() => normalizeBrimUrl('http://brim.example.edu/')).toThrow(/https/);
    expect(() => normalizeBrimUrl('https://me:pw@brim.example.edu/')).toThrow(/passwords/);
    expect(() => normalizeBrimUrl('ftp://brim.example.edu/')).toThrow();
    expect(() => normalizeBrimUrl('   ')).toThrow(/Brim API address/);
  });
});

describe('Brim requests', () => {
  it('sends the token as a bearer header only, to trailing-slash paths under /api/v1/', async () => {
    const server = await serve((req, res) => sendJson(res, 200, { status: 'success', data: { task_id: 't1', task_status: 1, task_status_display: 'Running' } }));
    const status = await server.client().taskStatus('t1');
    expect(status).toMatchObject({ taskId: 't1', state: 'running', code: 1, message: 'Running' });
    const [seen] = server.requests;
    expect(seen?.path).toBe('/api/v1/task_status/');
    expect(seen?.headers.authorization).toBe(`Bearer ${secretToken}`);
    expect(seen?.json).toEqual({ project_id: 7, task_id: 't1' });
    expect(seen?.path).not.toContain(secretToken);
  });

  it('reads the 2025 envelope (data only) as well as the 2026 one', async () => {
    const server = await serve((req, res) => sendJson(res, 200, { data: { task_id: 't2', task_status: 2, task_status_display: 'Complete' } }));
    expect(await server.client().taskStatus('t2')).toMatchObject({ state: 'complete', code: 2 });
  });

  it('maps every Brim status code to its state', async () => {
    let code = 0;
    const server = await serve((req, res) => sendJson(res, 200, { status: 'success', data: { task_id: 'x', task_status: code, task_status_display: 'whatever' } }));
    const states = [];
    for (code = 0; code <= 4; code++) states.push((await server.client().taskStatus('x')).state);
    expect(states).toEqual(['waiting', 'running', 'complete', 'error', 'stopped']);
    code = 9;
    expect((await failure(server.client().taskStatus('x'))).code).toBe('BAD_RESPONSE');
  });

  it('says a rejected token is rejected (401) and tells where to get a new one', async () => {
    const server = await serve((req, res) => sendJson(res, 401, { detail: 'Unauthorized' }));
    const error = await failure(server.client().taskStatus('t'));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/did not accept the API token/);
    expect(error.message).toMatch(/Project API Tokens/);
  });

  it('explains project versus organization token scope on 403', async () => {
    const server = await serve((req, res) => sendJson(res, 403, { detail: 'This API token does not have access to project 7.' }));
    const error = await failure(server.client().taskStatus('t'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/project API token opens only the project it was made for/);
    expect(error.message).toMatch(/organization API token/);
    expect(error.message).toMatch(/project 7/);
  });

  it('treats a web page with 200 as "not Brim" and never follows redirects', async () => {
    let mode: 'html' | 'redirect' = 'html';
    const server = await serve((req, res) => {
      if (mode === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!DOCTYPE html><html><title>Sign in</title></html>');
      } else {
        res.writeHead(301, { location: 'https://login.example.edu/sso?next=/api/v1/task_status/' });
        res.end();
      }
    });
    expect((await failure(server.client().taskStatus('t'))).code).toBe('NOT_SERVICE');
    mode = 'redirect';
    const redirected = await failure(server.client().taskStatus('t'));
    expect(redirected.code).toBe('NOT_SERVICE');
    expect(redirected.message).toContain('https://login.example.edu/sso');
    expect(redirected.message).not.toContain('next=');
    expect(server.requests.every((r) => r.path === '/api/v1/task_status/')).toBe(true);
  });

  it('retries reads on 5xx and honours Retry-After on 429, then reports Brim\'s detail', async () => {
    let calls = 0;
    let alwaysLimited = false;
    const server = await serve((req, res) => {
      calls += 1;
      if (alwaysLimited || calls === 1) sendJson(res, 429, { detail: 'Slow down' }, { 'retry-after': '7' });
      else if (calls === 2) sendJson(res, 503, { detail: 'busy' });
      else sendJson(res, 200, { status: 'success', data: { task_id: 't', task_status: 0, task_status_display: 'Waiting' } });
    });
    expect((await server.client().taskStatus('t')).state).toBe('waiting');
    expect(calls).toBe(3);
    expect(server.waits[0]).toBe(7000);

    alwaysLimited = true;
    const error = await failure(server.client().taskStatus('t'));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.details?.retryAfterMs).toBe(7000);
  });

  it('reports a server error with Brim\'s detail after retrying, and a cut-off answer as such', async () => {
    let body = '{"detail":"Internal error"}';
    let status = 500;
    const server = await serve((req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    });
    const error = await failure(server.client().taskStatus('t'));
    expect(error.code).toBe('SERVICE_ERROR');
    expect(error.message).toContain('Internal error');
    expect(server.requests.length).toBe(4);

    status = 200;
    body = '{"status":"success","data":{"task_id":"t","task_st';
    expect((await failure(server.client().taskStatus('t'))).code).toBe('BAD_RESPONSE');
  });

  it('redacts the token if a server echoes it in an error body', async () => {
    const server = await serve((req, res) => sendJson(res, 400, { detail: `bad token ${secretToken} for project` }));
    const error = await failure(server.client().taskStatus('t'));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('[token]');
  });
});

describe('Brim projects', () => {
  it('proves the token opens the project through the project list when the server has one', async () => {
    const server = await serve((req, res) => sendJson(res, 200, { status: 'success', data: [{ id: 7, name: 'Pathology' }, { id: 8, name: 'Other' }] }));
    const check = await server.client().checkProject();
    expect(check).toEqual({ project: { id: 7, name: 'Pathology' }, via: 'project-list', projectList: true });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/projects/' });
  });

  it('falls back to a task-status probe that changes nothing when there is no project list', async () => {
    let projectKnown = true;
    const server = await serve((req, res) => {
      if (req.path === '/api/v1/projects/') {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><h1>Not Found</h1></html>');
      } else if (projectKnown) sendJson(res, 404, { detail: `Task ${String((req.json as { task_id: string }).task_id)} not found.` });
      else sendJson(res, 404, { detail: 'Project 7 not found.' });
    });
    const check = await server.client().checkProject();
    expect(check).toEqual({ project: { id: 7, name: null }, via: 'task-status', projectList: false });
    expect(server.requests[1]?.path).toBe('/api/v1/task_status/');

    projectKnown = false;
    const missing = await failure(server.client().checkProject());
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/no project 7/);
  });

  it('says when the token belongs to another project', async () => {
    const server = await serve((req, res) => {
      if (req.path === '/api/v1/projects/') sendJson(res, 200, { status: 'success', data: [{ id: 3, name: 'Mine' }] });
      else sendJson(res, 403, { detail: 'This API token does not have access to project 7.' });
    });
    const error = await failure(server.client().checkProject());
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details?.reason).toBe('token_scope');
  });

  it('creates a project by name, or reuses the existing one', async () => {
    const names = new Map<string, number>();
    const server = await serve((req, res) => {
      const name = (req.json as { name: string }).name;
      const existing = names.get(name);
      if (existing === undefined) names.set(name, 100 + names.size);
      sendJson(res, 201, { status: 'success', data: { id: names.get(name), name, created: existing === undefined } });
    });
    const client = server.client({ projectId: null });
    expect(await client.ensureProject('  Breast pathology ')).toEqual({ id: 100, name: 'Breast pathology', created: true });
    expect(await client.ensureProject('Breast pathology')).toEqual({ id: 100, name: 'Breast pathology', created: false });
    expect(server.requests[0]?.json).toEqual({ name: 'Breast pathology' });
    await expect(client.taskStatus('t')).rejects.toThrow(/Choose a Brim project/);
  });

  it('explains that a project token cannot create projects', async () => {
    const server = await serve((req, res) => sendJson(res, 403, { detail: 'Forbidden' }));
    const error = await failure(server.client().ensureProject('New'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/enter that project's id/);
  });

  it('invites a user, and reports an existing member as not invited', async () => {
    const server = await serve((req, res) => {
      const email = (req.json as { email: string }).email;
      if (email === 'old@example.org') sendJson(res, 400, { detail: `User ${email} is already a member of this project.` });
      else sendJson(res, 200, { success: true, message: `Invitation for ${email} sent successfully` });
    });
    const client = server.client();
    expect(await client.invite('new@example.org')).toEqual({ invited: true, message: 'Invitation for new@example.org sent successfully' });
    expect(server.requests[0]?.json).toEqual({ email: 'new@example.org', project_id: 7, can_upload_permission: false });
    expect(await client.invite('old@example.org')).toEqual({ invited: false, message: 'User old@example.org is already a member of this project.' });
  });

  it('does not resend an invitation whose answer was a server error', async () => {
    const server = await serve((req, res) => sendJson(res, 500, { detail: 'Failed to send invitation email' }));
    const error = await failure(server.client().invite('x@example.org'));
    expect(error.code).toBe('SERVICE_ERROR');
    expect(error.message).toContain('Failed to send invitation email');
    expect(server.requests).toHaveLength(1);
  });
});
