// One fault vocabulary for the three sandboxes. REDCap's and BrainSTEM's (which Brim shares) fault
// controllers take the same spec fields for every kind used here; only `match` differs, and the matrix
// never matches: it places a fault by counting the requests of a clean run (see `pointIndex`).

export type FaultName =
  | 'latency-spike' | '429-retry-after' | '500' | '502' | '503' | '504'
  | 'reset' | 'html-200' | 'truncated-body' | 'timeout' | 'server-restart';

export const FAULT_NAMES: readonly FaultName[] = [
  'latency-spike', '429-retry-after', '500', '502', '503', '504', 'reset', 'html-200', 'truncated-body', 'timeout', 'server-restart',
];

/** The spec fields both sandboxes' `faults.add` understand. */
export interface SandboxFault {
  kind: 'latency' | 'status' | 'reset' | 'html200' | 'truncate' | 'hang' | 'restart';
  status?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  downMs?: number;
  times?: number;
  afterRequests?: number;
}

/** What the fault controllers of all three sandboxes have in common. */
export interface FaultSwitch {
  add(spec: SandboxFault): unknown;
  clear(): number;
}

/** The request timeout the matrix sets (the lowest Settings allow), so a stalled request costs 5 s, not 120. */
export const MATRIX_TIMEOUT_SECONDS = 5;

export function faultSpec(name: FaultName, afterRequests: number): SandboxFault {
  const once = { times: 1, afterRequests };
  switch (name) {
    case 'latency-spike': return { kind: 'latency', latencyMs: 1500, ...once };
    case '429-retry-after': return { kind: 'status', status: 429, retryAfterSeconds: 1, ...once };
    case '500': return { kind: 'status', status: 500, ...once };
    case '502': return { kind: 'status', status: 502, ...once };
    case '503': return { kind: 'status', status: 503, ...once };
    case '504': return { kind: 'status', status: 504, ...once };
    case 'reset': return { kind: 'reset', ...once };
    case 'html-200': return { kind: 'html200', ...once };
    case 'truncated-body': return { kind: 'truncate', ...once };
    // Longer than the request timeout: the sandbox never answers.
    case 'timeout': return { kind: 'hang', ...once };
    case 'server-restart': return { kind: 'restart', downMs: 400, ...once };
  }
}

export type FaultPoint = 'first' | 'middle' | 'last';
export const FAULT_POINTS: readonly FaultPoint[] = ['first', 'middle', 'last'];

/** Which request (0-based, of the `requests` a clean run makes) a fault at `point` hits. */
export function pointIndex(point: FaultPoint, requests: number): number {
  if (point === 'first' || requests <= 1) return 0;
  return point === 'last' ? requests - 1 : Math.floor(requests / 2);
}
