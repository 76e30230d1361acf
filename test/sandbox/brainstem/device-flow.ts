// The device authorization flow (reference §1.9): a client starts it, a person approves or denies
// the user code in a browser (or a test does it in-process or through /__sandbox/device/…), and the
// client polls until it gets a personal access token. Every poll answer is HTTP 200.

import { randomBytes } from 'node:crypto';
import type { SandboxClock } from './clock.ts';
import type { Json } from './serialize.ts';
import type { TokenRegistry } from './tokens.ts';

export type DeviceState = 'pending' | 'approved' | 'denied' | 'used';

export interface DeviceGrant {
  sessionId: string;
  deviceCode: string;
  userCode: string;
  clientName: string;
  state: DeviceState;
  expiresAt: number;
  userId: number | undefined;
  lastPollAt: number | undefined;
}

export interface DeviceFlowOptions {
  intervalSeconds: number;
  expiresInSeconds: number;
  /**
   * RFC 8628's 400 {"error":"slow_down"} for polls faster than the interval. Off by default: the
   * docs never mention it and it would abort the official Python client.
   */
  slowDown: boolean;
}

const CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';

export class DeviceFlow {
  readonly #clock: SandboxClock;
  readonly #tokens: TokenRegistry;
  readonly options: DeviceFlowOptions;
  #grants: DeviceGrant[] = [];

  constructor(clock: SandboxClock, tokens: TokenRegistry, options: DeviceFlowOptions) {
    this.#clock = clock;
    this.#tokens = tokens;
    this.options = options;
  }

  start(clientName: string): DeviceGrant {
    const bytes = randomBytes(8);
    const letters = [...bytes.subarray(0, 4)].map((b) => CODE_LETTERS[b % CODE_LETTERS.length]).join('');
    const digits = [...bytes.subarray(4, 8)].map((b) => String(b % 10)).join('');
    const grant: DeviceGrant = {
      sessionId: randomBytes(16).toString('hex'),
      deviceCode: randomBytes(32).toString('base64url'),
      userCode: `${letters}-${digits}`,
      clientName,
      state: 'pending',
      expiresAt: this.#clock.now() + this.options.expiresInSeconds * 1000,
      userId: undefined,
      lastPollAt: undefined,
    };
    this.#grants.push(grant);
    return grant;
  }

  /** By user code (any case, with or without the dash) or by the session id of verification_uri_complete. */
  find(code: string): DeviceGrant | undefined {
    const wanted = code.trim().toUpperCase().replace(/[^A-Z0-9]/g, '');
    return this.#grants.find((grant) => grant.sessionId === code.trim() || grant.userCode.replace('-', '') === wanted);
  }

  isExpired(grant: DeviceGrant): boolean {
    return grant.expiresAt <= this.#clock.now();
  }

  /** Approve or deny a pending, unexpired code; false when there is nothing to decide. */
  decide(code: string, approve: boolean, userId: number): boolean {
    const grant = this.find(code);
    if (grant === undefined || grant.state !== 'pending' || this.isExpired(grant)) return false;
    grant.state = approve ? 'approved' : 'denied';
    grant.userId = approve ? userId : undefined;
    return true;
  }

  /** Ends a code's window now (what 15 minutes of waiting would do). */
  expire(code: string): boolean {
    const grant = this.find(code);
    if (grant === undefined) return false;
    grant.expiresAt = Math.min(grant.expiresAt, this.#clock.now());
    return true;
  }

  pending(): DeviceGrant[] {
    return this.#grants.filter((grant) => grant.state === 'pending' && !this.isExpired(grant));
  }

  /** One poll of POST /api/auth/device/token/. */
  poll(deviceCode: string): { status: number; body: Json } {
    const grant = this.#grants.find((candidate) => candidate.deviceCode === deviceCode);
    // Undocumented: an unknown code. A 200 error keeps to "all responses return HTTP 200".
    if (grant === undefined) return { status: 200, body: { error: 'invalid_device_code' } };
    if (grant.state === 'used') return { status: 200, body: { error: 'already_used' } };
    if (grant.state === 'denied') return { status: 200, body: { error: 'access_denied' } };
    if (grant.state === 'approved') {
      grant.state = 'used';
      const { token } = this.#tokens.addPersonal(grant.userId ?? 0, `Device login (${grant.clientName})`);
      return { status: 200, body: { status: 'success', token } };
    }
    if (this.isExpired(grant)) return { status: 200, body: { error: 'expired_token' } };
    const now = this.#clock.now();
    const early = grant.lastPollAt !== undefined && now - grant.lastPollAt < this.options.intervalSeconds * 1000;
    grant.lastPollAt = now;
    if (this.options.slowDown && early) return { status: 400, body: { error: 'slow_down' } };
    return { status: 200, body: { status: 'authorization_pending' } };
  }
}
