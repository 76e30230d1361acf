import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.ts';
import { HttpClient, type FetchLike } from '../../../main/services/http/http-client.ts';
import { BrainstemApi } from '../../../main/services/connectors/brainstem/api.ts';
import { pollDeviceAuthorization, startDeviceAuthorization, type DeviceAuthorization } from '../../../main/services/connectors/brainstem/auth-device.ts';
import { legacyTokenSignIn } from '../../../main/services/connectors/brainstem/auth-legacy.ts';
import { RefreshingAccessToken, refreshAccessToken, signInWithPassword, type AccessTokenPair } from '../../../main/services/connectors/brainstem/auth-password.ts';
import { checkBrainstemToken } from '../../../main/services/connectors/brainstem/auth-token-check.ts';
import { BrainstemClient } from '../../../main/services/connectors/brainstem/client.ts';
import { MemoryBrainstemCredentials, tokenFromCredentials } from '../../../main/services/connectors/brainstem/credentials.ts';
import { needsSignIn } from '../../../main/services/connectors/brainstem/responses.ts';

const base = 'https://brainstem.example.org/';

interface Seen { method: string; path: string; body: unknown; authorization: string | null }
interface Answer { status?: number; json?: unknown; text?: string }

function fakeServer(handler: (request: Seen) => Answer): { http: HttpClient; requests: Seen[] } {
  const requests: Seen[] = [];
  const fetchImpl: FetchLike = async (url, init) => {
    const seen: Seen = {
      method: init.method ?? 'GET',
      path: new URL(url).pathname,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: new Headers(init.headers).get('authorization'),
    };
    requests.push(seen);
    const answer = handler(seen);
    const text = answer.text ?? JSON.stringify(answer.json ?? {});
    return new Response(text, { status: answer.status ?? 200, headers: { 'content-type': 'application/json' } });
  };
  return { http: new HttpClient(fetchImpl, { wait: async () => undefined }), requests };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A clock that moves only when the poller waits. */
function fakeClock(): { now: () => number; wait: (ms: number, signal?: AbortSignal) => Promise<void>; waits: number[] } {
  let time = 1_000_000;
  const waits: number[] = [];
  return {
    now: () => time,
    wait: async (ms, signal) => {
      if (signal?.aborted) throw new Error('aborted');
      waits.push(ms);
      time += ms;
    },
    waits,
  };
}

const started = {
  session_id: 'sid1', device_code: 'DEVICE-SECRET', user_code: 'WXYZ-1234',
  verification_uri: 'https://www.brainstem.org/account/authorize/',
  verification_uri_complete: 'https://www.brainstem.org/account/authorize/?session=sid1',
  expires_in: 900, interval: 5,
};

function deviceServer(pollAnswers: Answer[]): { http: HttpClient; requests: Seen[] } {
  let poll = 0;
  return fakeServer((request) => {
    if (request.path === '/api/auth/device/') return { json: started };
    return pollAnswers[Math.min(poll++, pollAnswers.length - 1)]!;
  });
}

async function startAndPoll(pollAnswers: Answer[], clock = fakeClock()): Promise<{ token: string; requests: Seen[]; clock: ReturnType<typeof fakeClock> }> {
  const { http, requests } = deviceServer(pollAnswers);
  const authorization = await startDeviceAuthorization(http, base, { now: clock.now });
  const token = await pollDeviceAuthorization(http, base, authorization, { now: clock.now, wait: clock.wait });
  return { token, requests, clock };
}

describe('BrainSTEM device sign-in', () => {
  it('starts without a token and hands back the URL, code and interval', async () => {
    const { http, requests } = deviceServer([]);
    const authorization = await startDeviceAuthorization(http, base, { now: () => 0 });
    expect(authorization).toEqual({
      deviceCode: 'DEVICE-SECRET', userCode: 'WXYZ-1234',
      verificationUri: 'https://www.brainstem.org/account/authorize/',
      verificationUriComplete: 'https://www.brainstem.org/account/authorize/?session=sid1',
      intervalSeconds: 5, expiresAt: 900_000,
    });
    expect(requests[0]).toEqual({ method: 'POST', path: '/api/auth/device/', body: { client_name: 'carrel' }, authorization: null });
  });

  it('polls every interval while pending and returns the token on success', async () => {
    const { token, requests, clock } = await startAndPoll([
      { json: { status: 'authorization_pending' } },
      { json: { status: 'authorization_pending' } },
      { json: { status: 'success', token: 'PAT-NEW' } },
    ]);
    expect(token).toBe('PAT-NEW');
    expect(clock.waits).toEqual([5000, 5000, 5000]);
    expect(requests.slice(1).map((r) => [r.path, r.body])).toEqual(Array(3).fill(['/api/auth/device/token/', { device_code: 'DEVICE-SECRET' }]));
  });

  it('slows down when told to, in either the documented or the RFC 8628 form', async () => {
    const { token, clock } = await startAndPoll([
      { json: { error: 'slow_down' } },
      { status: 400, json: { error: 'authorization_pending' } },
      { status: 400, json: { error: 'slow_down' } },
      { json: { status: 'success', token: 'PAT-NEW' } },
    ]);
    expect(token).toBe('PAT-NEW');
    expect(clock.waits).toEqual([5000, 10000, 10000, 15000]);
  });

  it('explains denied, expired and already-used codes', async () => {
    const cases: Array<[string, RegExp]> = [
      ['access_denied', /denied/],
      ['expired_token', /expired/],
      ['already_used', /already used/],
      ['server_exploded', /ended the sign-in \(server_exploded\)/],
    ];
    for (const [error, message] of cases) {
      const failed = await failure(startAndPoll([{ json: { error } }]));
      expect(failed.code).toBe('AUTH_FAILED');
      expect(failed.message).toMatch(message);
      expect(failed.message).not.toContain('DEVICE-SECRET');
    }
  });

  it('gives up when the code runs out while still pending', async () => {
    const error = await failure(startAndPoll([{ json: { status: 'authorization_pending' } }]));
    expect(error.details).toMatchObject({ reason: 'expired_token' });
  });

  it('keeps polling through a network hiccup, and stops when cancelled', async () => {
    const { token } = await startAndPoll([{ status: 503, text: 'busy' }, { json: { status: 'success', token: 'PAT-NEW' } }]);
    expect(token).toBe('PAT-NEW');

    const controller = new AbortController();
    const { http } = deviceServer([{ json: { status: 'authorization_pending' } }]);
    const clock = fakeClock();
    const authorization: DeviceAuthorization = await startDeviceAuthorization(http, base, { now: clock.now });
    const polling = pollDeviceAuthorization(http, base, authorization, { now: clock.now, wait: clock.wait, signal: controller.signal, onPending: () => controller.abort() });
    expect((await failure(polling)).code).toBe('CANCELLED');
  });

  it('refuses a start answer without a usable verification address', async () => {
    const { http } = fakeServer(() => ({ json: { device_code: 'x', verification_uri_complete: 'javascript:alert(1)' } }));
    expect((await failure(startDeviceAuthorization(http, base))).code).toBe('BAD_RESPONSE');
  });
});

describe('BrainSTEM personal access tokens', () => {
  it('proves a token with one small authenticated call', async () => {
    const { http, requests } = fakeServer(() => ({ json: { projects: [{ id: 'p1', name: 'Test project1' }], meta: { total_results: 3 } } }));
    expect(await checkBrainstemToken(http, base, 'PAT-1')).toEqual({ projectCount: 3 });
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/api/private/stem/project/', authorization: 'Bearer PAT-1' });
  });

  it('says when the token is rejected, so the app can send the user to sign in', async () => {
    const { http } = fakeServer(() => ({ status: 401, json: { detail: 'Invalid token.' } }));
    const error = await failure(checkBrainstemToken(http, base, 'PAT-EXPIRED'));
    expect(error.code).toBe('AUTH_FAILED');
    expect(needsSignIn(error)).toBe(true);
    expect(error.message).not.toContain('PAT-EXPIRED');
  });

  it('says when the address is not a BrainSTEM API', async () => {
    const { http } = fakeServer(() => ({ json: { hello: 'world' } }));
    expect((await failure(checkBrainstemToken(http, base, 'PAT-1'))).code).toBe('NOT_SERVICE');
  });
});

describe('BrainSTEM email and password sign-in', () => {
  const pair = (n: number): Answer => ({ json: { access: `ACCESS-${n}`, refresh: `REFRESH-${n}`, token_type: 'bearer', expires_in: 3600 } });

  it('exchanges email and password for an access and refresh token', async () => {
    const { http, requests } = fakeServer(() => pair(1));
    expect(await signInWithPassword(http, base, { email: 'a@b.org', password: 'hunter2' }, { now: () => 0 })).toEqual({ access: 'ACCESS-1', refresh: 'REFRESH-1', expiresAt: 3_600_000 });
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/api/auth/token/', body: { email: 'a@b.org', password: 'hunter2' }, authorization: null });
  });

  it('explains a refused password and a server without password sign-in, without echoing the password', async () => {
    const refused = await failure(signInWithPassword(fakeServer(() => ({ status: 401, json: { detail: 'No active account found with the given credentials' } })).http, base, { email: 'a@b.org', password: 'hunter2' }));
    expect(refused).toMatchObject({ code: 'AUTH_FAILED', details: { reason: 'password_rejected' } });
    expect(refused.message).toMatch(/browser sign-in/);
    expect(JSON.stringify(refused.toShape())).not.toContain('hunter2');
    const gone = await failure(signInWithPassword(fakeServer(() => ({ status: 404, text: '<html>Not Found</html>' })).http, base, { email: 'a@b.org', password: 'x' }));
    expect(gone.details).toMatchObject({ reason: 'password_sign_in_unavailable' });
  });

  it('renews the access token before it expires and hands the rotated refresh token to the caller', async () => {
    let n = 1;
    const { http, requests } = fakeServer((request) => (request.path === '/api/auth/token/refresh/' ? pair(++n) : { json: { projects: [] } }));
    let time = 0;
    const rotated: AccessTokenPair[] = [];
    const provider = new RefreshingAccessToken(http, base, { access: 'ACCESS-1', refresh: 'REFRESH-1', expiresAt: 3_600_000 }, { now: () => time, onRotated: (p) => void rotated.push(p) });
    const client = new BrainstemClient(new BrainstemApi(http, { baseUrl: base, token: provider }));

    await client.list('project');
    expect(requests.at(-1)!.authorization).toBe('Bearer ACCESS-1');
    time = 3_600_000 - 30_000; // inside the renewal margin
    await Promise.all([client.list('project'), client.list('project')]);
    expect(requests.filter((r) => r.path === '/api/auth/token/refresh/').map((r) => r.body)).toEqual([{ refresh: 'REFRESH-1' }]);
    expect(requests.at(-1)!.authorization).toBe('Bearer ACCESS-2');
    expect(rotated).toEqual([{ access: 'ACCESS-2', refresh: 'REFRESH-2', expiresAt: time + 3_600_000 }]);
  });

  it('sends the user back to sign-in when the refresh token has run out', async () => {
    const { http } = fakeServer(() => ({ status: 401, json: { detail: 'Token is invalid or expired', code: 'token_not_valid' } }));
    const error = await failure(refreshAccessToken(http, base, 'REFRESH-OLD'));
    expect(needsSignIn(error)).toBe(true);
    expect(error.message).not.toContain('REFRESH-OLD');
  });
});

describe('BrainSTEM legacy token endpoint', () => {
  it('reads both answer shapes the endpoint has had', async () => {
    const old = fakeServer(() => ({ json: { token: '38d541204dc8c932c563ee472511e6afdcacaa71' } }));
    expect(await legacyTokenSignIn(old.http, base, { username: 'a@b.org', password: 'pw' })).toBe('38d541204dc8c932c563ee472511e6afdcacaa71');
    expect(old.requests[0]).toMatchObject({ method: 'POST', path: '/api/token/', body: { username: 'a@b.org', password: 'pw' } });
    const newer = fakeServer(() => ({ json: { access: 'eyJhbGciOi', token_id: 1, message: 'Token created successfully' } }));
    expect(await legacyTokenSignIn(newer.http, base, { username: 'a@b.org', password: 'pw' })).toBe('eyJhbGciOi');
    const refused = fakeServer(() => ({ status: 400, json: { non_field_errors: ['Unable to log in with provided credentials.'] } }));
    expect((await failure(legacyTokenSignIn(refused.http, base, { username: 'a@b.org', password: 'pw' }))).details).toMatchObject({ reason: 'password_rejected' });
  });
});

describe('BrainSTEM credentials', () => {
  it('keeps one credential per server and stores rotated refresh tokens back', async () => {
    const credentials = new MemoryBrainstemCredentials();
    await credentials.set('https://www.brainstem.org/private/users/tokens/', { kind: 'personal', token: 'PROD' });
    await credentials.set('http://127.0.0.1:8000', { kind: 'session', access: 'A1', refresh: 'R1', expiresAt: 0 });
    expect(await credentials.get('www.brainstem.org')).toEqual({ kind: 'personal', token: 'PROD' });
    expect(await tokenFromCredentials(fakeServer(() => ({})).http, credentials, 'https://www.brainstem.org/')).toBe('PROD');

    const { http } = fakeServer(() => ({ json: { access: 'A2', refresh: 'R2', expires_in: 3600 } }));
    const provider = await tokenFromCredentials(http, credentials, 'http://127.0.0.1:8000/', { now: () => 10 });
    expect(typeof provider === 'object' && provider !== null ? await provider.token() : null).toBe('A2');
    expect(await credentials.get('http://127.0.0.1:8000/')).toEqual({ kind: 'session', access: 'A2', refresh: 'R2', expiresAt: 10 + 3_600_000 });
    await credentials.delete('https://www.brainstem.org');
    expect(await tokenFromCredentials(http, credentials, 'https://www.brainstem.org/')).toBeNull();
  });
});
