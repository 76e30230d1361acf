import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BRAINSTEM_DEMO_PASSWORD, BRAINSTEM_USERS, startBrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import type { BrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import { call, objectOf, recordsOf } from '../../sandbox/brainstem/http-client.ts';

let sandbox: BrainstemSandbox;
beforeEach(async () => {
  sandbox = await startBrainstemSandbox({ sessions: 4 });
});
afterEach(async () => {
  await sandbox.close();
});

interface Started {
  session_id: string;
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

async function startDevice(body: unknown = { client_name: 'brainstem-python' }): Promise<Started> {
  const reply = await call(sandbox.url, 'api/auth/device/', { method: 'POST', body });
  expect(reply.status).toBe(200);
  return reply.body as Started;
}

const poll = async (deviceCode: string): Promise<unknown> => {
  const reply = await call(sandbox.url, 'api/auth/device/token/', { method: 'POST', body: { device_code: deviceCode } });
  expect(reply.status).toBe(200);
  return reply.body;
};

const projectsWith = async (token: string): Promise<number> => (await call(sandbox.url, 'api/private/stem/project/', { token })).status;

describe('BrainSTEM sandbox: device authorization flow', () => {
  it('starts with every field either client reads, then goes pending → success → already_used', async () => {
    const started = await startDevice();
    expect(started).toEqual({
      session_id: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown, device_code: expect.any(String) as unknown,
      user_code: expect.stringMatching(/^[A-Z]{4}-\d{4}$/) as unknown, verification_uri: `${sandbox.url}account/authorize/`,
      verification_uri_complete: `${sandbox.url}account/authorize/?session=${started.session_id}`, expires_in: 900, interval: 5,
    });
    expect(await poll(started.device_code)).toEqual({ status: 'authorization_pending' });
    // The browser: the approval page shows the code and the client's name, and its form decides.
    const page = await call(started.verification_uri_complete, '');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain(started.user_code);
    expect(page.text).toContain('brainstem-python');
    const click = await fetch(new URL('account/authorize/', sandbox.url), { method: 'POST', body: new URLSearchParams({ session: started.session_id, decision: 'approve' }) });
    expect(click.status).toBe(200);
    expect(await click.text()).toContain('Device approved');
    const success = (await poll(started.device_code)) as { status: string; token: string };
    expect(success.status).toBe('success');
    expect(await projectsWith(success.token)).toBe(200);
    expect(await poll(started.device_code)).toEqual({ error: 'already_used' });
  });

  it('takes the user code typed on the headless page and reports a denial', async () => {
    const started = await startDevice({});
    const form = await call(started.verification_uri, '');
    expect(form.text).toContain('name="user_code"');
    const typed = await call(sandbox.url, `account/authorize/?user_code=${started.user_code.toLowerCase()}`);
    expect(typed.text).toContain(started.user_code);
    const deny = await fetch(new URL('account/authorize/', sandbox.url), { method: 'POST', body: new URLSearchParams({ user_code: started.user_code, decision: 'deny' }) });
    expect(await deny.text()).toContain('Access denied');
    expect(await poll(started.device_code)).toEqual({ error: 'access_denied' });
  });

  it('expires after the window and cannot be approved then', async () => {
    const started = await startDevice();
    sandbox.clock.advance(901);
    expect(await poll(started.device_code)).toEqual({ error: 'expired_token' });
    expect(sandbox.device.approve(started.user_code)).toBe(false);
    const other = await startDevice();
    expect(sandbox.device.expire(other.user_code)).toBe(true);
    expect(await poll(other.device_code)).toEqual({ error: 'expired_token' });
  });

  it('can be decided in-process or over the admin endpoint, as another user', async () => {
    const started = await startDevice();
    expect(sandbox.device.pending().map((grant) => grant.userCode)).toEqual([started.user_code]);
    const approve = await call(sandbox.url, '__sandbox/device/approve', { method: 'POST', body: { user_code: started.user_code, email: BRAINSTEM_USERS.outsider.email } });
    expect(approve.status).toBe(200);
    const { token } = (await poll(started.device_code)) as { token: string };
    const projects = recordsOf(await call(sandbox.url, 'api/private/stem/project/', { token }), 'projects');
    expect(projects.map((p) => p.name)).toEqual(['Cerebellar Learning Study']);
    const denied = await startDevice();
    expect(sandbox.device.deny(denied.user_code)).toBe(true);
    expect(await poll(denied.device_code)).toEqual({ error: 'access_denied' });
    expect(await call(sandbox.url, 'api/auth/device/token/', { method: 'POST', body: {} })).toMatchObject({ status: 400, body: { device_code: ['This field is required.'] } });
  });

  it('answers too-fast polls with slow_down only when switched on', async () => {
    await sandbox.close();
    sandbox = await startBrainstemSandbox({ sessions: 1, deviceSlowDown: true, deviceIntervalSeconds: 5 });
    const started = await startDevice();
    expect(await poll(started.device_code)).toEqual({ status: 'authorization_pending' });
    const fast = await call(sandbox.url, 'api/auth/device/token/', { method: 'POST', body: { device_code: started.device_code } });
    expect(fast).toMatchObject({ status: 400, body: { error: 'slow_down' } });
    sandbox.clock.advance(6);
    expect(await poll(started.device_code)).toEqual({ status: 'authorization_pending' });
  });
});

describe('BrainSTEM sandbox: tokens', () => {
  it('issues a one-hour access token and a refresh token that rotates', async () => {
    const login = await call(sandbox.url, 'api/auth/token/', { method: 'POST', body: { email: BRAINSTEM_USERS.demo.email, password: BRAINSTEM_DEMO_PASSWORD } });
    expect(login.status).toBe(200);
    const pair = objectOf(login) as { access: string; refresh: string; token_type: string; expires_in: number };
    expect(pair).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(pair.access).toMatch(/^eyJ/);
    expect(await projectsWith(pair.access)).toBe(200);
    const refreshed = await call(sandbox.url, 'api/auth/token/refresh/', { method: 'POST', body: { refresh: pair.refresh } });
    const next = objectOf(refreshed) as { access: string; refresh: string };
    expect(next.refresh).not.toBe(pair.refresh);
    const reused = await call(sandbox.url, 'api/auth/token/refresh/', { method: 'POST', body: { refresh: pair.refresh } });
    expect(reused).toMatchObject({ status: 401, body: { code: 'token_not_valid' } });
    sandbox.clock.advance(3601);
    expect(await projectsWith(next.access)).toBe(401);
    const wrong = await call(sandbox.url, 'api/auth/token/', { method: 'POST', body: { email: BRAINSTEM_USERS.demo.email, password: 'nope' } });
    expect(wrong).toMatchObject({ status: 401, body: { detail: 'No active account found with the given credentials' } });
    expect((await call(sandbox.url, 'api/auth/token/', { method: 'POST', body: {} })).body).toEqual({ email: ['This field is required.'], password: ['This field is required.'] });
  });

  it('keeps the legacy username/password endpoint, in the current and the older response shape', async () => {
    const reply = await call(sandbox.url, 'api/token/', { method: 'POST', body: { username: BRAINSTEM_USERS.demo.email, password: BRAINSTEM_DEMO_PASSWORD } });
    expect(reply.body).toMatchObject({ access: expect.any(String) as unknown, token_id: expect.any(Number) as unknown, message: 'Token created successfully' });
    expect(await projectsWith(String(objectOf(reply).access))).toBe(200);
    const bad = await call(sandbox.url, 'api/token/', { method: 'POST', body: { username: BRAINSTEM_USERS.demo.email, password: 'x' } });
    expect(bad).toMatchObject({ status: 400, body: { non_field_errors: ['Unable to log in with provided credentials.'] } });
    await sandbox.close();
    sandbox = await startBrainstemSandbox({ sessions: 1, legacyTokenShape: 'token' });
    const old = await call(sandbox.url, 'api/token/', { method: 'POST', body: { username: BRAINSTEM_USERS.demo.email, password: BRAINSTEM_DEMO_PASSWORD } });
    expect(Object.keys(objectOf(old))).toEqual(['token']);
    expect(String(objectOf(old).token)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('slides a personal access token forward on use and lets an idle one expire after a year', async () => {
    const idle = sandbox.createToken(BRAINSTEM_USERS.reader.email) ?? '';
    sandbox.clock.advance(300 * 86400);
    expect(await projectsWith(sandbox.token)).toBe(200);
    sandbox.clock.advance(300 * 86400);
    expect(await projectsWith(sandbox.token)).toBe(200);
    expect(await projectsWith(idle)).toBe(401);
  });

  it('mints personal access tokens over the admin endpoint', async () => {
    const reply = await call(sandbox.url, '__sandbox/tokens', { method: 'POST', body: { email: BRAINSTEM_USERS.imaging.email } });
    expect(reply.status).toBe(201);
    expect(await projectsWith(String(objectOf(reply).token))).toBe(200);
    expect((await call(sandbox.url, '__sandbox/tokens', { method: 'POST', body: { email: 'nobody@lab.example' } })).status).toBe(404);
  });
});
