import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.ts';
import { startBrainstemCore, CallError, type BrainstemCore } from '../../helpers/brainstem-test-core.ts';
import { startBrainstemSandbox, type BrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import { startTestServer, type TestServer } from '../../helpers/http-server.ts';

const opened: BrainstemCore[] = [];
const extraSandboxes: BrainstemSandbox[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
  for (const s of extraSandboxes.splice(0)) await s.close();
  for (const s of servers.splice(0)) await s.close();
});

async function start(options: Parameters<typeof startBrainstemCore>[0] = {}): Promise<BrainstemCore> {
  const c = await startBrainstemCore({ sessions: 8, ...options });
  opened.push(c);
  return c;
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> | undefined }> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (error instanceof CallError || error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
  throw new Error(`expected a failure, got ${String(error)}`);
}

describe('connecting to a BrainSTEM server', () => {
  it('saves the normalised server address and, after a token sign-in, shows who is signed in without the token', async () => {
    const c = await start();
    const [summary] = await c.call('connections.list', {});
    expect(summary).toMatchObject({
      id: c.connectionId,
      kind: 'brainstem',
      name: 'Sandbox BrainSTEM',
      url: c.sandbox.url,
      project: null,
      hasToken: true,
      tokenHint: '…0001',
      brainstem: { portal: 'private', signedIn: true, authKind: 'personal-token', expiresAt: null },
    });
    // One keychain entry, for the server (not the connection), holding the token; the settings file holds none.
    expect(c.keychain.size).toBe(1);
    expect(await c.keychain.get(`brainstem:${c.sandbox.url}`)).toContain(c.sandbox.token);
    expect(readFileSync(c.core.services.settings.path, 'utf8')).not.toContain(c.sandbox.token);
  });

  it('accepts a page address pasted from the browser and names the connection after the server', async () => {
    const c = await start({ signIn: false });
    const summary = await c.call('brainstem.connect', { url: `  ${c.sandbox.url}private/stem/session/?page=2 ` });
    expect(summary.url).toBe(c.sandbox.url);
    expect(summary.name).toBe(`BrainSTEM (127.0.0.1:${c.sandbox.port})`);
    expect(summary.brainstem).toMatchObject({ portal: 'private', signedIn: false, authKind: null });
  });

  it('refuses an address where nothing answers, or something that is not BrainSTEM, with a sentence saying so', async () => {
    const c = await start({ signIn: false });
    const html = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>Intranet</body></html>');
    });
    servers.push(html);
    const notBrainstem = await failure(c.call('brainstem.connect', { url: html.url }));
    expect(notBrainstem.code).toBe('NOT_SERVICE');
    expect(notBrainstem.message).toMatch(/web page|not like a BrainSTEM/);

    const gone = await startTestServer(() => undefined);
    const goneUrl = gone.url;
    await gone.close();
    const unreachable = await failure(c.call('brainstem.connect', { url: goneUrl }));
    expect(unreachable.code).toBe('UNREACHABLE');
    expect((await c.call('connections.list', {})).length).toBe(1);
  });

  it('keeps REDCap\'s test/add for REDCap and points BrainSTEM users to brainstem.connect', async () => {
    const c = await start({ signIn: false });
    const added = await failure(c.call('connections.add', { kind: 'brainstem', url: c.sandbox.url, token: c.sandbox.token }));
    expect(added.code).toBe('VALIDATION');
    expect(added.message).toMatch(/brainstem\.connect/);
    expect(c.keychain.size).toBe(0);
  });
});

describe('personal access tokens', () => {
  it('checks a token before keeping it: a rejected one is AUTH_FAILED and nothing is stored', async () => {
    const c = await start({ signIn: false });
    const wrong = 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffee9999';
    const error = await failure(c.call('brainstem.signIn.token', { connectionId: c.connectionId, token: wrong }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/did not accept this personal access token/);
    expect(error.message).toContain(`${c.sandbox.url}private/users/tokens/`);
    expect(error.message).not.toContain(wrong);
    expect(c.keychain.size).toBe(0);
    const [summary] = await c.call('connections.list', {});
    expect(summary?.brainstem?.signedIn).toBe(false);
    expect(summary?.hasToken).toBe(false);
  });

  it('a token that stops working mid-use reaches the UI as AUTH_FAILED with signIn, and ping says online with a problem', async () => {
    const c = await start();
    const client = await c.core.services.connections.brainstemClient(c.connectionId);
    expect((await client.list('project', { limit: 5 })).records.length).toBeGreaterThan(0);
    c.sandbox.clock.advance(366 * 24 * 3600); // past the personal token's one-year life
    const error = await failure(client.list('project', { limit: 5 }));
    expect(error).toMatchObject({ code: 'AUTH_FAILED', details: { signIn: true } });
    expect(error.message).toMatch(/Sign in again/);
    const status = await c.call('connections.ping', { connectionId: c.connectionId });
    expect(status.online).toBe(true);
    expect(status.message).toMatch(/Sign in again/);
  });
});

describe('portals', () => {
  it('reads the public portal anonymously when nothing is stored', async () => {
    const c = await start({ signIn: false, portal: 'public' });
    const client = await c.core.services.connections.brainstemClient(c.connectionId);
    expect(client.api.portal).toBe('public');
    expect(client.api.hasToken).toBe(false);
    const page = await client.list('project', { limit: 50 });
    expect(page.records.length).toBe(c.sandbox.publicProjects);
  });

  it('asks for a sign-in (NO_TOKEN with signIn) before reading the private portal', async () => {
    const c = await start({ signIn: false });
    const error = await failure(c.core.services.connections.brainstemClient(c.connectionId));
    expect(error.code).toBe('NO_TOKEN');
    expect(error.details).toEqual({ signIn: true });
    expect(error.message).toContain(`Sign in to 127.0.0.1:${c.sandbox.port}`);
    // The public portal still works on request.
    const client = await c.core.services.connections.brainstemClient(c.connectionId, { portal: 'public' });
    expect((await client.list('project', { limit: 1 })).records.length).toBe(1);
  });

  it('switches portal, and the client follows', async () => {
    const c = await start();
    const before = await c.core.services.connections.brainstemClient(c.connectionId);
    const privateCount = (await before.list('project', { limit: 50 })).records.length;
    const summary = await c.call('brainstem.setPortal', { connectionId: c.connectionId, portal: 'public' });
    expect(summary.brainstem?.portal).toBe('public');
    expect(c.core.services.connections.brainstemPortal(c.connectionId)).toBe('public');
    const after = await c.core.services.connections.brainstemClient(c.connectionId);
    expect(after.api.portal).toBe('public');
    expect((await after.list('project', { limit: 50 })).records.length).toBe(c.sandbox.publicProjects);
    expect(privateCount).not.toBe(c.sandbox.publicProjects);
    expect(c.events.some((e) => e.name === 'connections.changed')).toBe(true);
    // The portal and the sign-in survive a restart.
    await c.restart();
    const [summary2] = await c.call('connections.list', {});
    expect(summary2?.brainstem).toMatchObject({ portal: 'public', signedIn: true, authKind: 'personal-token' });
  });

  it('reads a settings file written before BrainSTEM existed', async () => {
    const c = await start();
    const settingsPath = c.core.services.settings.path;
    const file = JSON.parse(readFileSync(settingsPath, 'utf8')) as { connections: Array<Record<string, unknown>> };
    const old = { id: 'old1', kind: 'redcap', name: 'Cohort', url: 'https://redcap.example.edu/api/', vaultAccount: 'redcap:old1', tokenHint: '…A1F3', createdAt: '2026-01-01T00:00:00.000Z', serverVersion: '14.1.5', project: null };
    writeFileSync(settingsPath, JSON.stringify({ ...file, connections: [old, ...file.connections] }));
    await c.restart();
    const list = await c.call('connections.list', {});
    expect(list.map((s) => [s.kind, s.brainstem?.portal ?? null])).toEqual([['redcap', null], ['brainstem', 'private']]);
  });
});

describe('credentials are kept per server', () => {
  it('two servers keep separate sign-ins; signing out of one leaves the other', async () => {
    const c = await start();
    const other = await startBrainstemSandbox({ port: 0, sessions: 8 });
    extraSandboxes.push(other);
    const second = await c.call('brainstem.connect', { url: other.url, name: 'Other server' });
    await c.call('brainstem.signIn.token', { connectionId: second.id, token: other.users.outsider.token });
    expect(c.keychain.size).toBe(2);

    const mine = await c.core.services.connections.brainstemClient(c.connectionId);
    const theirs = await c.core.services.connections.brainstemClient(second.id);
    const myProjects = (await mine.list('project', { limit: 50 })).records.map((r) => r.name);
    const theirProjects = (await theirs.list('project', { limit: 50 })).records.map((r) => r.name);
    expect(myProjects).not.toEqual(theirProjects);

    await c.call('brainstem.signOut', { connectionId: second.id });
    const list = await c.call('connections.list', {});
    expect(list.find((s) => s.id === second.id)?.brainstem?.signedIn).toBe(false);
    expect(list.find((s) => s.id === c.connectionId)?.brainstem?.signedIn).toBe(true);
    expect(c.keychain.size).toBe(1);
  });

  it('connections to one server share its sign-in: signing out shows on both, removing one keeps it for the other', async () => {
    const c = await start();
    const twin = await c.call('brainstem.connect', { url: c.sandbox.url, portal: 'public', name: 'Public view' });
    expect(twin.brainstem).toMatchObject({ signedIn: true, authKind: 'personal-token', portal: 'public' });
    expect(twin.tokenHint).toBe('…0001');

    await c.call('connections.remove', { connectionId: twin.id });
    expect(c.keychain.size).toBe(1);
    const again = await c.call('brainstem.connect', { url: c.sandbox.url, name: 'Again' });
    await c.call('brainstem.signOut', { connectionId: again.id });
    const list = await c.call('connections.list', {});
    expect(list.map((s) => s.brainstem?.signedIn)).toEqual([false, false]);
    expect(c.keychain.size).toBe(0);

    await c.call('brainstem.signIn.token', { connectionId: again.id, token: c.sandbox.token });
    await c.call('connections.remove', { connectionId: again.id });
    expect(c.keychain.size).toBe(1);
    await c.call('connections.remove', { connectionId: c.connectionId });
    expect(c.keychain.size).toBe(0);
    expect(await c.call('connections.list', {})).toEqual([]);
  });

  it('renames through connections.update, and a token given there is checked like a sign-in', async () => {
    const c = await start({ signIn: false });
    const renamed = await c.call('connections.update', { connectionId: c.connectionId, name: 'Lab server' });
    expect(renamed.name).toBe('Lab server');
    const bad = await failure(c.call('connections.update', { connectionId: c.connectionId, token: 'not-a-real-token-123' }));
    expect(bad.code).toBe('AUTH_FAILED');
    const good = await c.call('connections.update', { connectionId: c.connectionId, token: c.sandbox.token });
    expect(good.brainstem?.signedIn).toBe(true);
  });
});

describe('ping', () => {
  it('answers online for a reachable server (signed in or not) and offline once it is gone', async () => {
    const c = await start({ signIn: false });
    const anonymous = await c.call('connections.ping', { connectionId: c.connectionId });
    expect(anonymous.online).toBe(true);
    expect(anonymous.message).toMatch(/Not signed in/);
    await c.call('brainstem.signIn.token', { connectionId: c.connectionId, token: c.sandbox.token });
    const signedIn = await c.call('connections.ping', { connectionId: c.connectionId });
    expect(signedIn).toMatchObject({ online: true });
    expect(signedIn.message).toBeUndefined();
    await c.sandbox.close();
    const offline = await c.call('connections.ping', { connectionId: c.connectionId });
    expect(offline.online).toBe(false);
    expect(c.events.some((e) => e.name === 'connection.status' && (e.payload as { online: boolean }).online === false)).toBe(true);
  });
});
