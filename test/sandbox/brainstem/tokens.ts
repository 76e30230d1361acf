// Every kind of token the docs list (seed "API Token Management"): personal access tokens (1 year,
// sliding: each use pushes the expiry out), short-lived access tokens (1 hour) with rotating
// refresh tokens (30 days, single use), and the legacy /api/token/ tokens (a PAT by another door).

import { randomBytes } from 'node:crypto';
import type { SandboxClock } from './clock.ts';

export const PAT_LIFETIME_S = 365 * 24 * 3600;
export const ACCESS_LIFETIME_S = 3600;
export const REFRESH_LIFETIME_S = 30 * 24 * 3600;

export type TokenKind = 'personal' | 'access' | 'refresh';

interface TokenRecord {
  id: number;
  kind: TokenKind;
  userId: number;
  name: string;
  expiresAt: number;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

export class TokenRegistry {
  readonly #clock: SandboxClock;
  #tokens = new Map<string, TokenRecord>();
  #nextId = 1;

  constructor(clock: SandboxClock) {
    this.#clock = clock;
  }

  /** A JWT-shaped opaque string ("eyJ…", as the docs show); only the sandbox's own table gives it meaning. */
  #mint(kind: TokenKind): string {
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(JSON.stringify({ token_type: kind, jti: randomBytes(16).toString('hex') }));
    return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
  }

  #add(token: string, kind: TokenKind, userId: number, name: string, lifetimeS: number): { token: string; id: number } {
    const id = this.#nextId++;
    this.#tokens.set(token, { id, kind, userId, name, expiresAt: this.#clock.now() + lifetimeS * 1000 });
    return { token, id };
  }

  /** A personal access token; `fixed` gives the seeded demo tokens their well-known values. */
  addPersonal(userId: number, name: string, fixed?: string): { token: string; id: number } {
    return this.#add(fixed ?? this.#mint('personal'), 'personal', userId, name, PAT_LIFETIME_S);
  }

  issuePair(userId: number): { access: string; refresh: string } {
    const access = this.#add(this.#mint('access'), 'access', userId, 'access', ACCESS_LIFETIME_S).token;
    const refresh = this.#add(this.#mint('refresh'), 'refresh', userId, 'refresh', REFRESH_LIFETIME_S).token;
    return { access, refresh };
  }

  /** Rotates a refresh token: the old one stops working. Undefined when it is unknown, used or expired. */
  rotate(refresh: string): { access: string; refresh: string } | undefined {
    const record = this.#tokens.get(refresh);
    if (record === undefined || record.kind !== 'refresh' || record.expiresAt <= this.#clock.now()) return undefined;
    this.#tokens.delete(refresh);
    return this.issuePair(record.userId);
  }

  /** The user behind a bearer token, or undefined; a personal token's expiry slides forward on use. */
  userOf(token: string): number | undefined {
    const record = this.#tokens.get(token);
    if (record === undefined || record.kind === 'refresh') return undefined;
    const now = this.#clock.now();
    if (record.expiresAt <= now) return undefined;
    if (record.kind === 'personal') record.expiresAt = now + PAT_LIFETIME_S * 1000;
    return record.userId;
  }

  revoke(token: string): boolean {
    return this.#tokens.delete(token);
  }
}
