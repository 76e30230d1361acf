import { z } from 'zod';
import { AppError, isAppError } from '../../../../shared/contract/errors.ts';
import { sleep } from '../../http/backoff.ts';
import { cancelled, type HttpClient } from '../../http/http-client.ts';
import { BrainstemApi } from './api.ts';

/** Started device sign-in: show the URL (and code), then poll. `deviceCode` is a secret: never show or log it. */
export interface DeviceAuthorization {
  deviceCode: string;
  /** `WXYZ-1234`, for typing on another device; null when the server sent none. */
  userCode: string | null;
  /** The page where the user types the code. */
  verificationUri: string | null;
  /** The page with the code already filled in: what to open in the browser. */
  verificationUriComplete: string | null;
  intervalSeconds: number;
  /** Epoch milliseconds after which the code no longer works. */
  expiresAt: number;
}

export interface DeviceFlowOptions {
  signal?: AbortSignal | undefined;
  now?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told after each "not yet" answer; for a countdown in the UI. */
  onPending?: (state: { secondsLeft: number; intervalSeconds: number }) => void;
}

const webAddress = z.string().refine((value) => /^https?:\/\//i.test(value), 'an http(s) address');

const startSchema = z
  .looseObject({
    device_code: z.string().min(1),
    user_code: z.string().min(1).optional(),
    verification_uri: webAddress.optional(),
    verification_uri_complete: webAddress.optional(),
    interval: z.number().positive().optional(),
    expires_in: z.number().positive().optional(),
  })
  .refine((body) => body.verification_uri_complete !== undefined || (body.verification_uri !== undefined && body.user_code !== undefined), 'a verification address');

const pollSchema = z.looseObject({
  status: z.string().optional(),
  token: z.string().min(1).optional(),
  error: z.string().optional(),
});

/** Five seconds is the documented polling interval; fifteen minutes the documented window. */
const defaultIntervalSeconds = 5;
const defaultExpiresInSeconds = 900;
const requestTimeoutMs = 10_000;

/** Step 1: asks the server for a code. No token is sent. */
export async function startDeviceAuthorization(http: HttpClient, baseUrl: string, options: { clientName?: string; signal?: AbortSignal; now?: () => number } = {}): Promise<DeviceAuthorization> {
  const api = new BrainstemApi(http, { baseUrl, portal: 'private' });
  const { body } = await api.endpoint(
    { method: 'POST', path: 'api/auth/device/', body: { client_name: options.clientName ?? 'carrel' }, signal: options.signal, label: 'sign-in request', timeoutMs: requestTimeoutMs },
    startSchema,
    'the sign-in request',
  );
  const now = options.now ?? Date.now;
  return {
    deviceCode: body.device_code,
    userCode: body.user_code ?? null,
    verificationUri: body.verification_uri ?? null,
    verificationUriComplete: body.verification_uri_complete ?? null,
    intervalSeconds: body.interval ?? defaultIntervalSeconds,
    expiresAt: now() + (body.expires_in ?? defaultExpiresInSeconds) * 1000,
  };
}

function failed(reason: string, message: string): AppError {
  return new AppError('AUTH_FAILED', message, { details: { reason } });
}

/**
 * Step 3: polls until the user approves in the browser, and answers the token (a personal access token).
 * Waits the server's interval before each poll; `slow_down` adds five seconds (RFC 8628), though BrainSTEM
 * documents only `authorization_pending`. Denied, expired and already-collected codes end with an
 * AUTH_FAILED that says what to do; network trouble is retried until the code expires.
 */
export async function pollDeviceAuthorization(http: HttpClient, baseUrl: string, authorization: DeviceAuthorization, options: DeviceFlowOptions = {}): Promise<string> {
  const api = new BrainstemApi(http, { baseUrl, portal: 'private' });
  const now = options.now ?? Date.now;
  const wait = options.wait ?? sleep;
  let intervalSeconds = authorization.intervalSeconds;

  for (;;) {
    if (options.signal?.aborted) throw cancelled();
    if (now() + intervalSeconds * 1000 > authorization.expiresAt) {
      throw failed('expired_token', 'The sign-in code expired before it was approved. Start the sign-in again.');
    }
    try {
      await wait(intervalSeconds * 1000, options.signal);
    } catch {
      throw cancelled();
    }

    let answer: z.output<typeof pollSchema>;
    try {
      // RFC 8628 servers answer "not yet" with 400; BrainSTEM answers everything with 200.
      ({ body: answer } = await api.endpoint(
        { method: 'POST', path: 'api/auth/device/token/', body: { device_code: authorization.deviceCode }, signal: options.signal, label: 'sign-in', timeoutMs: requestTimeoutMs, passStatuses: [400], idempotent: true },
        pollSchema,
        'the sign-in status',
      ));
    } catch (error) {
      if (isAppError(error) && error.retryable) continue;
      throw error;
    }

    if (answer.status === 'success') {
      if (!answer.token) throw new AppError('BAD_RESPONSE', 'BrainSTEM approved the sign-in but sent no token. Start the sign-in again.');
      return answer.token;
    }
    const state = answer.error ?? answer.status ?? '';
    switch (state) {
      case 'authorization_pending':
        break;
      case 'slow_down':
        intervalSeconds += 5;
        break;
      case 'access_denied':
        throw failed('access_denied', 'The sign-in was denied in the browser. Start it again and choose Approve to connect Carrel.');
      case 'expired_token':
        throw failed('expired_token', 'The sign-in code expired before it was approved (it lasts 15 minutes). Start the sign-in again.');
      case 'already_used':
        throw failed('already_used', 'This sign-in code was already used. Start the sign-in again.');
      default:
        throw new AppError('AUTH_FAILED', `BrainSTEM ended the sign-in${/^[a-z_]{1,40}$/.test(state) ? ` (${state})` : ''}. Start the sign-in again.`, { details: { reason: 'device_flow_failed' } });
    }
    options.onPending?.({ secondsLeft: Math.max(0, Math.round((authorization.expiresAt - now()) / 1000)), intervalSeconds });
  }
}
