// The sandbox's own controls, outside /api/ so no Brim client can stumble on them:
//   GET    /__sandbox/faults | POST (a FaultSpec) | DELETE [/<id>]     faults, as in the other sandboxes
//   POST   /__sandbox/reset                      everything back to the seeded state
//   GET    /__sandbox/capabilities               {resourceUpload: "on" | 404 | 405, …}
//   POST   /__sandbox/capabilities               {"name": "singleNote", "mode": "on" | 404 | 405}
//   POST   /__sandbox/generation                 {"generation": "2025" | "2026"}: the response envelopes
//   POST   /__sandbox/delays                     {"kind": "upload" | "generation" | "export", "waitingMs"?, "runningMs"?}
//   GET    /__sandbox/tasks                      every task with its state
//   POST   /__sandbox/tasks/<id>/stop            STOPPED now
//   POST   /__sandbox/fail-next-generation       {"message"?}: the next generation ends in ERROR
//   GET    /__sandbox/uploads                    bytes, rows and memory held per upload
//   GET    /__sandbox/clock | POST {"advanceSeconds": N}

import type { ServerResponse } from 'node:http';
import type { FaultController } from '../brainstem/faults.ts';
import { FaultSpecError, parseFaultSpec } from '../brainstem/faults.ts';
import type { BrimSandboxControls } from './controls.ts';

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function handleAdmin(controls: BrimSandboxControls, faults: FaultController, method: string, path: string, body: unknown, res: ServerResponse): void {
  const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const route = `${method} ${path.replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET /__sandbox/faults':
        return send(res, 200, faults.list());
      case 'POST /__sandbox/faults':
        return send(res, 201, faults.add(parseFaultSpec(body)));
      case 'DELETE /__sandbox/faults':
        return send(res, 200, { cleared: faults.clear() });
      case 'POST /__sandbox/reset':
        controls.reset();
        return send(res, 200, { reset: true });
      case 'GET /__sandbox/capabilities':
        return send(res, 200, controls.capabilities());
      case 'POST /__sandbox/capabilities':
        controls.setCapability(fields.name as never, fields.mode as never);
        return send(res, 200, controls.capabilities());
      case 'POST /__sandbox/generation':
        controls.setGeneration(fields.generation as never);
        return send(res, 200, { generation: fields.generation });
      case 'POST /__sandbox/delays':
        controls.setDelays(fields.kind as never, { ...(typeof fields.waitingMs === 'number' ? { waitingMs: fields.waitingMs } : {}), ...(typeof fields.runningMs === 'number' ? { runningMs: fields.runningMs } : {}) });
        return send(res, 200, { ok: true });
      case 'GET /__sandbox/tasks':
        return send(res, 200, controls.tasks());
      case 'POST /__sandbox/fail-next-generation':
        controls.failNextGeneration(typeof fields.message === 'string' ? fields.message : undefined);
        return send(res, 200, { ok: true });
      case 'GET /__sandbox/uploads':
        return send(res, 200, controls.uploads());
      case 'GET /__sandbox/clock':
        return send(res, 200, { now: controls.clock.iso() });
      case 'POST /__sandbox/clock': {
        const seconds = fields.advanceSeconds;
        if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return send(res, 400, { error: 'advanceSeconds must be a non-negative number' });
        controls.clock.advance(seconds);
        return send(res, 200, { now: controls.clock.iso() });
      }
    }
  } catch (error) {
    if (error instanceof FaultSpecError || error instanceof RangeError) return send(res, 400, { error: error.message });
    throw error;
  }
  const stop = /^POST \/__sandbox\/tasks\/([\w-]+)\/stop$/.exec(route);
  if (stop?.[1] !== undefined) {
    const stopped = controls.stopTask(stop[1]);
    return send(res, stopped ? 200 : 409, stopped ? { stopped: true } : { error: 'no such task, or it has already ended' });
  }
  const one = /^DELETE \/__sandbox\/faults\/([\w-]+)$/.exec(route);
  if (one?.[1] !== undefined) {
    const cleared = faults.clear(one[1]);
    return send(res, cleared > 0 ? 200 : 404, cleared > 0 ? { cleared } : { error: `no fault ${one[1]}` });
  }
  return send(res, 404, { error: `no sandbox control at ${route}` });
}
