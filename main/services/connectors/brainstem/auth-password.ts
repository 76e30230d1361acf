import { z } from 'zod';
import { AppError, isAppError } from '../../../../shared/contract/errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { BrainstemApi, type BrainstemTokenProvider } from './api.ts';

/** A short-lived access token (1 h) and the refresh token (30 days) that renews it. Both are secrets. */
export interface AccessTokenPair {
  access: string;
  refresh: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const pairSchema = z.looseObject({
  access: z.string().min(1),
  refresh: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
});

const defaultLifetimeSeconds = 3600;

function statusOf(error: AppError): unknown {
  return error.details?.status;
}

/**
 * Email + password → access and refresh tokens (`POST /api/auth/token/`). The password is sent once and
 * kept nowhere. BrainSTEM enforces two-factor sign-in and dropped this endpoint from its docs in 2026, so
 * a refusal points to the browser sign-in.
 */
export async function signInWithPassword(http: HttpClient, baseUrl: string, login: { email: string; password: string }, options: { signal?: AbortSignal; now?: () => number } = {}): Promise<AccessTokenPair> {
  const api = new BrainstemApi(http, { baseUrl, portal: 'private' });
  try {
    const { body } = await api.endpoint(
      { method: 'POST', path: 'api/auth/token/', body: { email: login.email, password: login.password }, signal: options.signal, label: 'sign-in' },
      pairSchema,
      'the sign-in',
    );
    return { access: body.access, refresh: body.refresh, expiresAt: (options.now ?? Date.now)() + (body.expires_in ?? defaultLifetimeSeconds) * 1000 };
  } catch (error) {
    throw passwordError(error);
  }
}

/** Exchanges a refresh token for a new pair. The old refresh token stops working: store the new one. */
export async function refreshAccessToken(http: HttpClient, baseUrl: string, refreshToken: string, options: { signal?: AbortSignal | undefined; now?: () => number } = {}): Promise<AccessTokenPair> {
  const api = new BrainstemApi(http, { baseUrl, portal: 'private' });
  try {
    const { body } = await api.endpoint(
      { method: 'POST', path: 'api/auth/token/refresh/', body: { refresh: refreshToken }, signal: options.signal, label: 'sign-in renewal' },
      pairSchema,
      'the renewed sign-in',
    );
    return { access: body.access, refresh: body.refresh, expiresAt: (options.now ?? Date.now)() + (body.expires_in ?? defaultLifetimeSeconds) * 1000 };
  } catch (error) {
    if (isAppError(error) && [400, 401, 403].includes(statusOf(error) as number)) {
      throw new AppError('AUTH_FAILED', 'Your BrainSTEM sign-in has run out (it lasts 30 days without use) or was revoked. Sign in again.', { details: { status: statusOf(error), reason: 'token_rejected', signIn: true } });
    }
    throw error;
  }
}

export function passwordError(error: unknown): unknown {
  if (!isAppError(error)) return error;
  const status = statusOf(error);
  if (status === 400 || status === 401 || status === 403) {
    return new AppError('AUTH_FAILED', 'BrainSTEM did not accept this email and password. BrainSTEM requires two-factor sign-in, so password sign-in may be switched off for your account: use the browser sign-in or a personal access token instead.', { details: { status, reason: 'password_rejected' } });
  }
  if (status === 404 || status === 405) {
    return new AppError('AUTH_FAILED', 'This BrainSTEM server does not offer password sign-in. Use the browser sign-in or a personal access token instead.', { details: { status, reason: 'password_sign_in_unavailable' } });
  }
  return error;
}

/**
 * Hands out the access token, renewing it shortly before it expires. Each renewal rotates the refresh
 * token; `onRotated` gets the new pair so the caller can store it (the old one is already invalid).
 * Concurrent callers share one renewal.
 */
export class RefreshingAccessToken implements BrainstemTokenProvider {
  private pair: AccessTokenPair;
  private renewal: Promise<AccessTokenPair> | null = null;
  private readonly http: HttpClient;
  private readonly baseUrl: string;
  private readonly onRotated: (pair: AccessTokenPair) => void | Promise<void>;
  private readonly now: () => number;
  private readonly marginMs: number;

  constructor(http: HttpClient, baseUrl: string, pair: AccessTokenPair, options: { onRotated: (pair: AccessTokenPair) => void | Promise<void>; now?: () => number; marginMs?: number }) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.pair = pair;
    this.onRotated = options.onRotated;
    this.now = options.now ?? Date.now;
    this.marginMs = options.marginMs ?? 60_000;
  }

  async token(signal?: AbortSignal): Promise<string> {
    if (this.now() < this.pair.expiresAt - this.marginMs) return this.pair.access;
    this.renewal ??= this.renew(signal).finally(() => {
      this.renewal = null;
    });
    return (await this.renewal).access;
  }

  /** Renews now, e.g. after the server rejected an access token that should still have been valid. */
  async renewNow(signal?: AbortSignal): Promise<void> {
    this.pair = { ...this.pair, expiresAt: 0 };
    await this.token(signal);
  }

  private async renew(signal: AbortSignal | undefined): Promise<AccessTokenPair> {
    const next = await refreshAccessToken(this.http, this.baseUrl, this.pair.refresh, { signal, now: this.now });
    this.pair = next;
    await this.onRotated(next);
    return next;
  }
}
