import type { HttpClient } from '../../http/http-client.ts';
import { brainstemServerKey } from './address.ts';
import type { BrainstemToken } from './api.ts';
import { RefreshingAccessToken, type AccessTokenPair } from './auth-password.ts';

/** What is stored per server: a personal access token (device flow or pasted), or a refreshable sign-in. */
export type BrainstemCredential =
  | { kind: 'personal'; token: string }
  | { kind: 'session'; access: string; refresh: string; expiresAt: number };

/**
 * Where BrainSTEM tokens live, keyed by server (so a sandbox sign-in never replaces the production one).
 * The app backs this with the OS keychain; implementations must key by `brainstemServerKey(serverUrl)`.
 */
export interface BrainstemCredentials {
  get(serverUrl: string): Promise<BrainstemCredential | null>;
  set(serverUrl: string, credential: BrainstemCredential): Promise<void>;
  delete(serverUrl: string): Promise<void>;
}

/** For this run only (no usable keychain) and for tests. */
export class MemoryBrainstemCredentials implements BrainstemCredentials {
  private readonly entries = new Map<string, BrainstemCredential>();

  async get(serverUrl: string): Promise<BrainstemCredential | null> {
    return this.entries.get(brainstemServerKey(serverUrl)) ?? null;
  }

  async set(serverUrl: string, credential: BrainstemCredential): Promise<void> {
    this.entries.set(brainstemServerKey(serverUrl), credential);
  }

  async delete(serverUrl: string): Promise<void> {
    this.entries.delete(brainstemServerKey(serverUrl));
  }
}

/**
 * The token to give BrainstemApi for a server: the stored personal token, or an access token that renews
 * itself and stores each rotated refresh token back. Null when nothing is stored (public portal only).
 */
export async function tokenFromCredentials(http: HttpClient, credentials: BrainstemCredentials, serverUrl: string, options: { now?: () => number } = {}): Promise<BrainstemToken | null> {
  const baseUrl = brainstemServerKey(serverUrl);
  const stored = await credentials.get(baseUrl);
  if (stored === null) return null;
  if (stored.kind === 'personal') return stored.token;
  const pair: AccessTokenPair = { access: stored.access, refresh: stored.refresh, expiresAt: stored.expiresAt };
  return new RefreshingAccessToken(http, baseUrl, pair, {
    onRotated: (next) => credentials.set(baseUrl, { kind: 'session', ...next }),
    ...(options.now ? { now: options.now } : {}),
  });
}
