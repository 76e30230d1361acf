// The sandbox's own controls, outside /api/ so no BrainSTEM client can stumble on them:
//   GET    /__sandbox/faults                  active faults
//   POST   /__sandbox/faults                  add one (JSON FaultSpec) → 201 with its id
//   DELETE /__sandbox/faults[/<id>]           clear all, or one
//   POST   /__sandbox/reset                   every record and token back to the seeded state
//   GET    /__sandbox/device                  pending device codes [{user_code, session_id, client_name}]
//   POST   /__sandbox/device/approve          {"user_code" or "session_id", "email"?} (default: the demo user)
//   POST   /__sandbox/device/deny             {"user_code" or "session_id"}
//   POST   /__sandbox/device/expire           {"user_code" or "session_id"}
//   POST   /__sandbox/tokens                  {"email", "name"?} → 201 {"token"}: a new personal access token
//   GET    /__sandbox/clock                   {"now": ISO}
//   POST   /__sandbox/clock                   {"advanceSeconds": N}
//   GET    /__sandbox/stats                   request counts by "METHOD portal/app/model"
//   POST   /__sandbox/reset-stats

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxClock } from './clock.ts';
import type { DeviceFlow } from './device-flow.ts';
import { FaultSpecError, parseFaultSpec } from './faults.ts';
import type { FaultController } from './faults.ts';

export class RequestStats {
  #counts = new Map<string, number>();

  count(key: string): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  reset(): void {
    this.#counts = new Map();
  }
}

export interface AdminContext {
  faults: FaultController;
  stats: RequestStats;
  clock: SandboxClock;
  device: DeviceFlow;
  /** Approves as this email, or as the demo user; false when the code or user is unknown or done. */
  decideDevice(code: string, approve: boolean, email?: string): boolean;
  createToken(email: string, name?: string): string | undefined;
  reset(): void;
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function codeOf(body: Record<string, unknown>): string {
  const code = body.user_code ?? body.session_id;
  return typeof code === 'string' ? code : '';
}

export function handleAdmin(context: AdminContext, method: string, path: string, body: unknown, res: ServerResponse): void {
  const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const route = `${method} ${path.replace(/\/$/, '')}`;
  switch (route) {
    case 'GET /__sandbox/faults':
      return send(res, 200, context.faults.list());
    case 'POST /__sandbox/faults':
      try {
        return send(res, 201, context.faults.add(parseFaultSpec(body)));
      } catch (error) {
        if (error instanceof FaultSpecError) return send(res, 400, { error: error.message });
        throw error;
      }
    case 'DELETE /__sandbox/faults':
      return send(res, 200, { cleared: context.faults.clear() });
    case 'POST /__sandbox/reset':
      context.reset();
      return send(res, 200, { reset: true });
    case 'GET /__sandbox/device':
      return send(res, 200, context.device.pending().map((grant) => ({ user_code: grant.userCode, session_id: grant.sessionId, client_name: grant.clientName })));
    case 'POST /__sandbox/device/approve':
    case 'POST /__sandbox/device/deny': {
      const ok = context.decideDevice(codeOf(fields), route.endsWith('approve'), typeof fields.email === 'string' ? fields.email : undefined);
      return send(res, ok ? 200 : 404, ok ? { decided: true } : { error: 'no pending, unexpired code (or no such user)' });
    }
    case 'POST /__sandbox/device/expire': {
      const ok = context.device.expire(codeOf(fields));
      return send(res, ok ? 200 : 404, ok ? { expired: true } : { error: 'no such code' });
    }
    case 'POST /__sandbox/tokens': {
      const token = typeof fields.email === 'string' ? context.createToken(fields.email, typeof fields.name === 'string' ? fields.name : undefined) : undefined;
      return send(res, token === undefined ? 404 : 201, token === undefined ? { error: 'no user with that email' } : { token });
    }
    case 'GET /__sandbox/clock':
      return send(res, 200, { now: context.clock.iso() });
    case 'POST /__sandbox/clock': {
      const seconds = fields.advanceSeconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return send(res, 400, { error: 'advanceSeconds must be a non-negative number' });
      context.clock.advance(seconds);
      return send(res, 200, { now: context.clock.iso() });
    }
    case 'GET /__sandbox/stats':
      return send(res, 200, context.stats.snapshot());
    case 'POST /__sandbox/reset-stats':
      context.stats.reset();
      return send(res, 200, {});
  }
  const one = /^DELETE \/__sandbox\/faults\/([\w-]+)$/.exec(route);
  if (one?.[1] !== undefined) {
    const cleared = context.faults.clear(one[1]);
    return send(res, cleared > 0 ? 200 : 404, cleared > 0 ? { cleared } : { error: `no fault ${one[1]}` });
  }
  return send(res, 404, { error: `no sandbox control at ${route}` });
}
