// Fault injection: the ways real REDCap servers and their gateways misbehave (reference §1.8),
// switchable per test, in-process or over HTTP at /__sandbox/faults. Kinds: latency; status (500
// with REDCap's out-of-memory error, 502/503/504 gateway pages, 429 with Retry-After); reset (at
// once, or after `afterBytes` of the body); html200; truncate; dropRecords; hang; restart (every
// connection drops and the port refuses connections for `downMs`, then answers again).

export const FAULT_KINDS = ['latency', 'status', 'html200', 'truncate', 'reset', 'dropRecords', 'hang', 'restart'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_STATUSES = [429, 500, 502, 503, 504] as const;

export interface FaultSpec {
  kind: FaultKind;
  /** For `status`: 500, 502, 503, 504 or 429 (default 500). */
  status?: number;
  /** Adds a Retry-After header (any kind that answers). */
  retryAfterSeconds?: number;
  /** For `latency`: delay before the normal answer (default 1000). */
  latencyMs?: number;
  /** For `restart`: how long the port refuses connections (default 300). */
  downMs?: number;
  /** For `dropRecords`: records silently left out (default 1). */
  dropCount?: number;
  /** For `reset`: send the status, headers and this many bytes of the body first (a mid-stream cut). */
  afterBytes?: number;
  /** For `html200`: an "unknown error" page (default) or a single-sign-on login page. */
  page?: 'error' | 'login';
  /** How many requests it hits; 0 = every matching request until cleared. Default 1. */
  times?: number;
  /** Only requests with this `content` (and `action`, if given; a request without one has action `export`). */
  match?: { content?: string; action?: string };
  /** Let this many matching requests through untouched before the fault starts. */
  afterRequests?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Requests it has hit so far. */
  hits: number;
}

export class FaultSpecError extends Error {}

/** Validates untrusted input (the HTTP endpoint, or a test's object) into a FaultSpec. */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultSpecError('a fault must be a JSON object');
  const raw = input as Record<string, unknown>;
  const kind = raw.kind;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultSpecError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const spec: FaultSpec = { kind: kind as FaultKind };
  const count = (key: 'status' | 'retryAfterSeconds' | 'latencyMs' | 'downMs' | 'dropCount' | 'afterBytes' | 'times' | 'afterRequests'): void => {
    const value = raw[key];
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new FaultSpecError(`${key} must be a non-negative integer`);
    spec[key] = value;
  };
  for (const key of ['status', 'retryAfterSeconds', 'latencyMs', 'downMs', 'dropCount', 'afterBytes', 'times', 'afterRequests'] as const) count(key);
  if (spec.status !== undefined && !(FAULT_STATUSES as readonly number[]).includes(spec.status)) {
    throw new FaultSpecError(`status must be one of ${FAULT_STATUSES.join(', ')}`);
  }
  if (raw.page !== undefined) {
    if (raw.page !== 'error' && raw.page !== 'login') throw new FaultSpecError('page must be "error" or "login"');
    spec.page = raw.page;
  }
  if (raw.match !== undefined) {
    const match = raw.match;
    if (typeof match !== 'object' || match === null) throw new FaultSpecError('match must be an object');
    const { content, action } = match as Record<string, unknown>;
    if (content !== undefined && typeof content !== 'string') throw new FaultSpecError('match.content must be a string');
    if (action !== undefined && typeof action !== 'string') throw new FaultSpecError('match.action must be a string');
    spec.match = { ...(content === undefined ? {} : { content }), ...(action === undefined ? {} : { action: action.toLowerCase() }) };
  }
  return spec;
}

/** The faults that hit one request: extra latency, then at most one way of answering badly. */
export interface FaultPlan {
  latencyMs: number;
  /** Undefined = answer normally. */
  failure: Fault | undefined;
  /** Records a `dropRecords` fault removes from a record export. */
  dropRecords: number;
  truncate: boolean;
}

export class FaultController {
  /** Set by the server: what a `restart` fault does (see ../listener-restart.ts). */
  onRestart: ((downMs: number | undefined) => void) | undefined;
  #faults: Array<Fault & { seen: number }> = [];
  #nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault = { ...parseFaultSpec(spec), id: `fault-${this.#nextId++}`, hits: 0, seen: 0 };
    this.#faults.push(fault);
    return publicView(fault);
  }

  list(): Fault[] {
    return this.#faults.map(publicView);
  }

  /** Clears one fault by id, or all of them. Returns how many were removed. */
  clear(id?: string): number {
    const before = this.#faults.length;
    this.#faults = id === undefined ? [] : this.#faults.filter((fault) => fault.id !== id);
    return before - this.#faults.length;
  }

  /** Decides (and counts) which faults hit a request to /api/ for `content` and `action`. */
  plan(content: string, isRecordExport: boolean, action = 'export'): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0, failure: undefined, dropRecords: 0, truncate: false };
    for (const fault of this.#faults) {
      if (fault.match?.content !== undefined && fault.match.content !== content) continue;
      if (fault.match?.action !== undefined && fault.match.action !== action) continue;
      // dropRecords only makes sense for record exports; other requests do not use it up.
      if (fault.kind === 'dropRecords' && !isRecordExport) continue;
      // A request already failing in another way is not also counted against later faults.
      const terminal = fault.kind !== 'latency' && fault.kind !== 'dropRecords' && fault.kind !== 'truncate';
      if (terminal && plan.failure !== undefined) continue;
      fault.seen++;
      if (fault.seen <= (fault.afterRequests ?? 0)) continue;
      fault.hits++;
      if (fault.kind === 'latency') plan.latencyMs += fault.latencyMs ?? 1000;
      else if (fault.kind === 'dropRecords') plan.dropRecords += fault.dropCount ?? 1;
      else if (fault.kind === 'truncate') plan.truncate = true;
      else plan.failure = fault;
    }
    const times = (fault: Fault): number => fault.times ?? 1;
    this.#faults = this.#faults.filter((fault) => times(fault) === 0 || fault.hits < times(fault));
    return plan;
  }
}

function publicView(fault: Fault & { seen: number }): Fault {
  const { seen: _seen, ...view } = fault;
  return view;
}
