// Faults on demand for /api/ requests, in-process (`sandbox.faults.add`) or over HTTP
// (/__sandbox/faults): latency; a status (500 with Django's "Server Error (500)" page, 502/503/504
// gateway pages, 429 with Retry-After); a connection reset; an HTML login page with 200; a JSON
// body cut in half; a request nobody answers; a server restart (connections drop, the port refuses
// connections for `downMs`, then answers again).

export const FAULT_KINDS = ['latency', 'status', 'reset', 'html200', 'truncate', 'hang', 'restart'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const FAULT_STATUSES = [429, 500, 502, 503, 504] as const;

export interface FaultSpec {
  kind: FaultKind;
  /** For `status` (default 500). */
  status?: number;
  /** For `latency` (default 1000). */
  latencyMs?: number;
  retryAfterSeconds?: number;
  /** For `restart`: how long the port refuses connections (default 300). */
  downMs?: number;
  /** Requests it hits; 0 = until cleared. Default 1. */
  times?: number;
  /** Matching requests let through before it starts. */
  afterRequests?: number;
  /** Only requests with this method and/or whose path contains `path` (e.g. "/stem/session"). */
  match?: { method?: string; path?: string };
}

export interface Fault extends FaultSpec {
  id: string;
  hits: number;
}

export class FaultSpecError extends Error {}

export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultSpecError('a fault must be a JSON object');
  const raw = input as Record<string, unknown>;
  if (typeof raw.kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(raw.kind)) throw new FaultSpecError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  const spec: FaultSpec = { kind: raw.kind as FaultKind };
  for (const key of ['status', 'latencyMs', 'retryAfterSeconds', 'downMs', 'times', 'afterRequests'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new FaultSpecError(`${key} must be a non-negative integer`);
    spec[key] = value;
  }
  if (spec.status !== undefined && !(FAULT_STATUSES as readonly number[]).includes(spec.status)) throw new FaultSpecError(`status must be one of ${FAULT_STATUSES.join(', ')}`);
  if (raw.match !== undefined) {
    if (typeof raw.match !== 'object' || raw.match === null) throw new FaultSpecError('match must be an object');
    const { method, path } = raw.match as Record<string, unknown>;
    if (method !== undefined && typeof method !== 'string') throw new FaultSpecError('match.method must be a string');
    if (path !== undefined && typeof path !== 'string') throw new FaultSpecError('match.path must be a string');
    spec.match = { ...(method === undefined ? {} : { method: method.toUpperCase() }), ...(path === undefined ? {} : { path }) };
  }
  return spec;
}

export interface FaultPlan {
  latencyMs: number;
  /** The one fault that decides the answer, if any. */
  failure: Fault | undefined;
}

export class FaultController {
  /** Set by the server: what a `restart` fault does (see ../listener-restart.ts). */
  onRestart: ((downMs: number | undefined) => void) | undefined;
  #faults: Array<Fault & { seen: number }> = [];
  #nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault = { ...parseFaultSpec(spec), id: `fault-${this.#nextId++}`, hits: 0, seen: 0 };
    this.#faults.push(fault);
    return view(fault);
  }

  list(): Fault[] {
    return this.#faults.map(view);
  }

  clear(id?: string): number {
    const before = this.#faults.length;
    this.#faults = id === undefined ? [] : this.#faults.filter((fault) => fault.id !== id);
    return before - this.#faults.length;
  }

  plan(method: string, path: string): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0, failure: undefined };
    for (const fault of this.#faults) {
      if (fault.match?.method !== undefined && fault.match.method !== method) continue;
      if (fault.match?.path !== undefined && !path.includes(fault.match.path)) continue;
      if (fault.kind !== 'latency' && plan.failure !== undefined) continue;
      fault.seen++;
      if (fault.seen <= (fault.afterRequests ?? 0)) continue;
      fault.hits++;
      if (fault.kind === 'latency') plan.latencyMs += fault.latencyMs ?? 1000;
      else plan.failure = fault;
    }
    this.#faults = this.#faults.filter((fault) => (fault.times ?? 1) === 0 || fault.hits < (fault.times ?? 1));
    return plan;
  }
}

function view(fault: Fault & { seen: number }): Fault {
  const { seen: _seen, ...rest } = fault;
  return rest;
}

const GATEWAY_TITLES: Record<number, string> = { 429: '429 Too Many Requests', 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out' };

export function gatewayPage(status: number): string | undefined {
  const title = GATEWAY_TITLES[status];
  return title === undefined ? undefined : `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** What a campus SSO proxy or an expired browser session puts in front of the API, with 200 OK. */
export const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Log in | BrainSTEM</title></head>
<body><form method="post" action="/account/login/"><input type="email" name="login"><input type="password" name="password"><button type="submit">Sign in</button></form></body></html>
`;
