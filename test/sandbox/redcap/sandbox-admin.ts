// The sandbox's own controls, outside REDCap's /api/ so no REDCap client can stumble on them:
//   GET    /__sandbox/faults          list active faults
//   POST   /__sandbox/faults          add one (JSON FaultSpec) → 201 with its id
//   DELETE /__sandbox/faults[/<id>]   clear all, or one (POST /__sandbox/faults/clear also clears all)
//   GET    /__sandbox/stats           request counts by `content`
//   POST   /__sandbox/reset-stats
//   GET    /__sandbox/clock           the server clock: {"now": "YYYY-MM-DD HH:MM:SS", "timezone": …, "iso": …}
//   POST   /__sandbox/clock           {"advanceSeconds": N} moves it forward → the new reading

import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from './body.ts';
import type { SandboxClock } from './clock.ts';
import { FaultSpecError, parseFaultSpec } from './faults.ts';
import type { FaultController } from './faults.ts';

export class RequestStats {
  #counts = new Map<string, number>();

  count(content: string): void {
    this.#counts.set(content, (this.#counts.get(content) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  reset(): void {
    this.#counts = new Map();
  }
}

const ADMIN_BODY_LIMIT = 64 * 1024;

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, ADMIN_BODY_LIMIT);
  return JSON.parse(body.toString('utf8')) as unknown;
}

interface AdminContext {
  faults: FaultController;
  stats: RequestStats;
  clock: SandboxClock;
}

function clockReading(clock: SandboxClock): Record<string, string> {
  return { now: clock.local(), timezone: clock.timezone, iso: clock.now().toISOString() };
}

export async function handleAdmin(context: AdminContext, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { faults, stats, clock } = context;
  const method = req.method ?? 'GET';
  if (path === '/__sandbox/clock' && method === 'GET') return json(res, 200, clockReading(clock));
  if (path === '/__sandbox/clock' && method === 'POST') {
    try {
      const body = await readJson(req);
      const seconds = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).advanceSeconds : undefined;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return json(res, 400, { error: 'advanceSeconds must be a non-negative number' });
      clock.advance(seconds);
      return json(res, 200, clockReading(clock));
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof BodyTooLargeError) return json(res, 400, { error: error.message });
      throw error;
    }
  }
  if (path === '/__sandbox/stats' && method === 'GET') return json(res, 200, stats.snapshot());
  if (path === '/__sandbox/reset-stats' && method === 'POST') {
    req.resume();
    stats.reset();
    return json(res, 200, {});
  }
  if (path === '/__sandbox/faults' && method === 'GET') return json(res, 200, faults.list());
  if (path === '/__sandbox/faults' && method === 'POST') {
    try {
      return json(res, 201, faults.add(parseFaultSpec(await readJson(req))));
    } catch (error) {
      if (error instanceof FaultSpecError || error instanceof SyntaxError || error instanceof BodyTooLargeError) {
        return json(res, 400, { error: error.message });
      }
      throw error;
    }
  }
  if ((path === '/__sandbox/faults' && method === 'DELETE') || (path === '/__sandbox/faults/clear' && method === 'POST')) {
    req.resume();
    return json(res, 200, { cleared: faults.clear() });
  }
  const one = /^\/__sandbox\/faults\/([\w-]+)$/.exec(path);
  if (one?.[1] !== undefined && method === 'DELETE') {
    const cleared = faults.clear(one[1]);
    return json(res, cleared > 0 ? 200 : 404, cleared > 0 ? { cleared } : { error: `no fault ${one[1]}` });
  }
  req.resume();
  return json(res, 404, { error: `no sandbox control at ${method} ${path}` });
}
