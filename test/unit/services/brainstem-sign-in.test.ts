import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BrainstemSignInEvent } from '../../../shared/contract/brainstem.ts';
import { BRAINSTEM_DEMO_PASSWORD } from '../../sandbox/brainstem/index.ts';
import { startTestServer, type TestServer } from '../../helpers/http-server.ts';
import { startBrainstemCore, CallError, type BrainstemCore, type BrainstemCoreOptions } from '../../helpers/brainstem-test-core.ts';

const opened: BrainstemCore[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of opened.splice(0)) await c.close();
  for (const s of servers.splice(0)) await s.close();
});

/** A signed-out connection to a sandbox whose device flow polls every second. */
async function start(options: BrainstemCoreOptions = {}): Promise<BrainstemCore> {
  const c = await startBrainstemCore({ sessions: 8, signIn: false, ...options, sandbox: { deviceIntervalSeconds: 1, ...options.sandbox } });
  opened.push(c);
  return c;
}

function signInEvents(c: BrainstemCore): BrainstemSignInEvent[] {
  return c.events.filter((e) => e.name === 'brainstem.signIn').map((e) => e.payload as BrainstemSignInEvent);
}

async function ended(c: BrainstemCore, flowId: string, timeoutMs = 10_000): Promise<BrainstemSignInEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const event = signInEvents(c).find((e) => e.flowId === flowId && e.state !== 'pending');
    if (event) return event;
    if (Date.now() > deadline) throw new Error(`no end event for flow ${flowId}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function failure(promise: Promise<unknown>): Promise<CallError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CallError);
  return error as CallError;
}

/** What a person does in the browser: open the page Carrel opened, press Approve (or Deny). */
async function decideInBrowser(page: string, decision: 'approve' | 'deny'): Promise<string> {
  const html = await (await fetch(page)).text();
  const session = /name="session" value="([^"]+)"/.exec(html)?.[1];
  expect(session).toBeDefined();
  const action = new URL('/account/authorize/', page).toString();
  const answer = await fetch(action, { method: 'POST', body: new URLSearchParams({ session: session!, decision }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return answer.text();
}

async function storedCredential(c: BrainstemCore): Promise<Record<string, unknown> | null> {
  const text = await c.keychain.get(`brainstem:${c.sandbox.url}`);
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}

describe('browser (device) sign-in', () => {
  it('opens the approval page, and once approved there keeps the token and updates the connection', async () => {
    const c = await start();
    const started = await c.call('brainstem.signIn.deviceStart', { connectionId: c.connectionId });
    expect(started.browserOpened).toBe(true);
    expect(started.userCode).toMatch(/^[A-Z]{4}-\d{4}$/);
    expect(c.ports.opened).toEqual([started.verificationUriComplete]);
    expect(started.verificationUri).toBe(`${c.sandbox.url}account/authorize/`);
    expect(signInEvents(c)[0]).toMatchObject({ flowId: started.flowId, state: 'pending', connectionId: c.connectionId });

    expect(await decideInBrowser(started.verificationUriComplete!, 'approve')).toContain('Device approved');
    const end = await ended(c, started.flowId);
    expect(end.state).toBe('approved');
    expect(end.message).toMatch(/Signed in/);
    expect(c.events.some((e) => e.name === 'connections.changed')).toBe(true);
    const [summary] = await c.call('connections.list', {});
    expect(summary?.brainstem).toMatchObject({ signedIn: true, authKind: 'device' });
    expect(await storedCredential(c)).toMatchObject({ kind: 'personal' });
    const client = await c.core.services.connections.brainstemClient(c.connectionId);
    expect((await client.list('project', { limit: 10 })).records.length).toBeGreaterThan(0);
  });

  it('reports a denial with what to do, and keeps nothing', async () => {
    const c = await start();
    const started = await c.call('brainstem.signIn.deviceStart', { connectionId: c.connectionId });
    // The sandbox's admin door, as another browser tab would use the page.
    const denied = await fetch(`${c.sandbox.url}__sandbox/device/deny`, { method: 'POST', body: JSON.stringify({ user_code: started.userCode }), headers: { 'content-type': 'application/json' } });
    expect(denied.status).toBe(200);
    const end = await ended(c, started.flowId);
    expect(end.state).toBe('denied');
    expect(end.message).toMatch(/Start it again/);
    expect(c.keychain.size).toBe(0);
  });

  it('reports an expired code', async () => {
    const c = await start({ sandbox: { deviceExpiresInSeconds: 2 } });
    const started = await c.call('brainstem.signIn.deviceStart', { connectionId: c.connectionId });
    const end = await ended(c, started.flowId);
    expect(end.state).toBe('expired');
    expect(end.message).toMatch(/expired.*Start the sign-in again/);
    expect(c.keychain.size).toBe(0);
  });

  it('reports an expiry the server decides on (its clock, not ours)', async () => {
    const c = await start();
    const started = await c.call('brainstem.signIn.deviceStart', { connectionId: c.connectionId });
    expect(c.sandbox.device.expire(started.userCode)).toBe(true);
    expect((await ended(c, started.flowId)).state).toBe('expired');
  });

  it('stops waiting when cancelled, and an approval after that is not kept', async () => {
    const c = await start();
    const started = await c.call('brainstem.signIn.deviceStart', { connectionId: c.connectionId });
    expect(await c.call('brainstem.signIn.deviceCancel', { flowId: started.flowId })).toEqual({ cancelled: true });
    const end = await ended(c, started.flowId);
    expect(end.state).toBe('cancelled');
    expect(c.sandbox.device.approve(started.userCode)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(c.keychain.size).toBe(0);
    expect(await c.call('brainstem.signIn.deviceCancel', { flowId: started.flowId })).toEqual({ cancelled: false });
  });

  it('a new sign-in replaces the one still waiting, and removing the connection stops it', async () => {
    const c = await start();
    const first = await c.call('brainstem.signIn.deviceStart', { connectionId: c.connectionId });
    const second = await c.call('brainstem.signIn.deviceStart', { connectionId: c.connectionId });
    expect((await ended(c, first.flowId)).state).toBe('cancelled');
    expect(c.core.services.connections.deviceSignIns.running(c.connectionId)).toBe(true);
    await c.call('connections.remove', { connectionId: c.connectionId });
    const end = await ended(c, second.flowId);
    expect(end).toMatchObject({ state: 'cancelled', message: 'The connection was removed.' });
    expect(c.core.services.connections.deviceSignIns.running(c.connectionId)).toBe(false);
  });

  it('tells the UI to open the page itself where the shell cannot open a browser', async () => {
    const c = await start();
    c.ports.openExternal = async () => false;
    const started = await c.call('brainstem.signIn.deviceStart', { connectionId: c.connectionId });
    expect(started.browserOpened).toBe(false);
    expect(signInEvents(c)[0]?.message).toBe(`Open the sign-in page and approve Carrel there (it shows the code ${started.userCode}), then come back here.`);
    await c.call('brainstem.signIn.deviceCancel', { flowId: started.flowId });
  });

  it('a server without browser sign-in says to use a personal access token instead', async () => {
    const c = await start();
    const older = await startTestServer((request, response) => {
      const found = request.url?.startsWith('/api/public/stem/project/') === true;
      response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(found ? { projects: [], meta: { total_results: 0 } } : { detail: 'Not found.' }));
    });
    servers.push(older);
    const connection = await c.call('brainstem.connect', { url: older.url });
    const error = await failure(c.call('brainstem.signIn.deviceStart', { connectionId: connection.id }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/does not offer browser sign-in\. Sign in with a personal access token/);
    expect(c.ports.opened).toEqual([]);
  });

  it('stops polling at shutdown', async () => {
    const c = await start();
    const started = await c.call('brainstem.signIn.deviceStart', { connectionId: c.connectionId });
    await c.restart();
    expect(signInEvents(c).find((e) => e.flowId === started.flowId && e.state !== 'pending')).toMatchObject({ state: 'cancelled' });
  });
});

describe('email and password sign-in', () => {
  it('keeps a refreshable sign-in (never the password), renews it after expiry and keeps the rotated refresh token across a restart', async () => {
    const c = await start();
    const email = c.sandbox.users.demo.email;
    const summary = await c.call('brainstem.signIn.password', { connectionId: c.connectionId, email, password: BRAINSTEM_DEMO_PASSWORD });
    expect(summary.brainstem).toMatchObject({ signedIn: true, authKind: 'password', account: email });
    expect(Date.parse(summary.brainstem!.expiresAt!) - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    expect(summary.tokenHint).toBeNull();
    const first = await storedCredential(c);
    expect(first).toMatchObject({ kind: 'session' });
    expect(JSON.stringify(first)).not.toContain(BRAINSTEM_DEMO_PASSWORD);

    // Two hours later (here and on the server) the access token has run out.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    // Two clients at once (say a sync and a record view) share one renewal: refresh tokens are single-use.
    const [client, other] = await Promise.all([c.core.services.connections.brainstemClient(c.connectionId), c.core.services.connections.brainstemClient(c.connectionId)]);
    const pages = await Promise.all([client.list('project', { limit: 5 }), other.list('subject', { limit: 5 })]);
    expect(pages.map((page) => page.records.length > 0)).toEqual([true, true]);
    const second = await storedCredential(c);
    expect(second?.refresh).not.toBe(first?.refresh);
    expect(second?.access).not.toBe(first?.access);
    const reused = await fetch(`${c.sandbox.url}api/auth/token/refresh/`, { method: 'POST', body: JSON.stringify({ refresh: first?.refresh }), headers: { 'content-type': 'application/json' } });
    expect(reused.status).toBe(401);

    // After a restart and another two hours, the stored (rotated) refresh token still renews the sign-in.
    await c.restart();
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    const later = await c.core.services.connections.brainstemClient(c.connectionId);
    expect((await later.list('project', { limit: 5 })).records.length).toBeGreaterThan(0);
    expect((await storedCredential(c))?.refresh).not.toBe(second?.refresh);
  });

  it('a wrong password is AUTH_FAILED pointing to the other sign-ins, and nothing is kept', async () => {
    const c = await start();
    const error = await failure(c.call('brainstem.signIn.password', { connectionId: c.connectionId, email: c.sandbox.users.demo.email, password: 'not-the-password' }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/browser sign-in or a personal access token/);
    expect(error.message).not.toContain('not-the-password');
    expect(c.keychain.size).toBe(0);
  });

  it('a refresh token that ran out asks for a new sign-in (AUTH_FAILED with signIn)', async () => {
    const c = await start();
    await c.call('brainstem.signIn.password', { connectionId: c.connectionId, email: c.sandbox.users.demo.email, password: BRAINSTEM_DEMO_PASSWORD });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31 * 24 * 3600 * 1000);
    const client = await c.core.services.connections.brainstemClient(c.connectionId);
    const error = await client.list('project', { limit: 1 }).then(() => null, (e: unknown) => e as { code: string; details?: Record<string, unknown> });
    expect(error).toMatchObject({ code: 'AUTH_FAILED', details: { signIn: true } });
  });
});

describe('legacy username and password sign-in', () => {
  for (const shape of ['access', 'token'] as const) {
    it(`keeps the long-lived token the server answers (${shape} shape) as a legacy sign-in`, async () => {
      const c = await start({ sandbox: { legacyTokenShape: shape } });
      const username = c.sandbox.users.reader.email;
      const summary = await c.call('brainstem.signIn.legacy', { connectionId: c.connectionId, username, password: BRAINSTEM_DEMO_PASSWORD });
      expect(summary.brainstem).toMatchObject({ signedIn: true, authKind: 'legacy', account: username, expiresAt: null });
      expect(summary.tokenHint).toMatch(/^….{4}$/);
      expect(await storedCredential(c)).toMatchObject({ kind: 'personal' });
      const client = await c.core.services.connections.brainstemClient(c.connectionId);
      expect((await client.list('project', { limit: 10 })).records.length).toBeGreaterThan(0);
    });
  }

  it('a wrong password keeps nothing', async () => {
    const c = await start();
    const error = await failure(c.call('brainstem.signIn.legacy', { connectionId: c.connectionId, username: c.sandbox.users.reader.email, password: 'wrong-password-1' }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(c.keychain.size).toBe(0);
  });
});
