// A local Brim for tests, benchmarks and the demo: http://127.0.0.1:PORT/api/v1/… answers like Brim's
// API as written in shared/reference/brim-api.md: project and organization tokens, streamed notes
// and structured-data uploads with Brim's validation messages, the task state machine, a
// deterministic fake labeller, results as JSON-then-CSV, invitations, the inferred endpoints behind
// switches, both response generations, and faults on demand.

import { SandboxClock } from '../brainstem/clock.ts';
import { FaultController } from '../brainstem/faults.ts';
import type { FaultSpec } from '../brainstem/faults.ts';
import { Prng } from '../brainstem/random.ts';
import { BRIM_CAPABILITIES } from './context.ts';
import type { BrimCapability, BrimContext, CapabilityMode, UploadRecord } from './context.ts';
import { makeControls } from './controls.ts';
import type { BrimSandboxControls, TaskView } from './controls.ts';
import type { ResponseGeneration } from './responses.ts';
import {
  BRIM_DEFAULT_NOTES, BRIM_DEMO_PROJECT_ID, BRIM_DEMO_PROJECT_NAME, BRIM_DEMO_TOKEN, BRIM_INACTIVE_TOKEN, BRIM_ORG_TOKEN, BRIM_OTHER_PROJECT_ID, BRIM_OTHER_TOKEN, seedStore,
} from './seed.ts';
import { createSandboxServer } from './server.ts';
import type { Store } from './store.ts';
import { FAST_DELAYS, REALISTIC_DELAYS } from './tasks.ts';
import type { DelayKind, TaskDelays } from './tasks.ts';

export {
  BRIM_DEFAULT_NOTES, BRIM_DEMO_PROJECT_ID, BRIM_DEMO_PROJECT_NAME, BRIM_DEMO_TOKEN, BRIM_INACTIVE_TOKEN, BRIM_MEMBER_EMAIL, BRIM_ORG_TOKEN,
  BRIM_OTHER_PROJECT_ID, BRIM_OTHER_PROJECT_NAME, BRIM_OTHER_TOKEN, BRIM_OWNER_EMAIL, syntheticNotes,
} from './seed.ts';
export { BRIM_CAPABILITIES } from './context.ts';
export type { BrimCapability, CapabilityMode, UploadRecord } from './context.ts';
export type { BrimSandboxControls, TaskView } from './controls.ts';
export type { ResponseGeneration } from './responses.ts';
export type { DelayKind, TaskDelays } from './tasks.ts';
export { NO_NOTES_ERROR, EMPTY_NOTE_ERROR } from './tasks.ts';
export { STILL_RUNNING, NOTHING_TO_EXPORT } from './results.ts';
export { DETAILED_COLUMNS, patientColumns } from './exports.ts';
export { VARIABLES as BRIM_VARIABLES, DEPENDENT_VARIABLES as BRIM_DEPENDENT_VARIABLES } from './labeller.ts';
export { FaultController, FaultSpecError, parseFaultSpec } from '../brainstem/faults.ts';
export type { Fault, FaultKind, FaultSpec } from '../brainstem/faults.ts';

export interface BrimSandboxOptions {
  /** 0 = a free port chosen by the OS (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed of the generated notes and ids (default 1). */
  seed?: number;
  /** Notes already uploaded and generated in the demo project (default 120, about 3 per patient). */
  notes?: number;
  /** 'fast' (default; tasks end in a few hundred ms) or 'realistic' (seconds, more for big runs: the demo). */
  pace?: 'fast' | 'realistic';
  /** Per-kind delays on top of the pace. */
  delays?: Partial<Record<DelayKind, Partial<TaskDelays>>>;
  /** '2026' (default: `{"status":"success","data":…}`) or '2025' (`{"data":…}` only). */
  generation?: ResponseGeneration;
  /** Inferred endpoints: 'on' (default), or answer 404 / 405 as a server without them would. */
  capabilities?: Partial<Record<BrimCapability, CapabilityMode>>;
  /** Faults active from the start. */
  faults?: readonly FaultSpec[];
  /** Bigger uploads get 413 (default 1 GiB; Brim takes multi-hundred-MB notes files). */
  maxUploadBytes?: number;
}

export interface BrimSandbox extends BrimSandboxControls {
  /** http://127.0.0.1:PORT — the API URL clients take (Brim's scripts add /api/v1/…). */
  url: string;
  port: number;
  /** Project token of the demo project. */
  token: string;
  projectId: number;
  projectName: string;
  /** Organization token: every project, and can create projects. */
  orgToken: string;
  /** A second project and its project token (refused on the demo project with 403). */
  otherProject: { id: number; token: string };
  /** A deactivated token (401). */
  inactiveToken: string;
  faults: FaultController;
  /** The live data, for tests that look inside. */
  store(): Store;
  /** Requests to /api/ so far, by "METHOD route". */
  stats(): Record<string, number>;
  close(): Promise<void>;
}

export type { TaskView as BrimTaskView };

function nonNegative(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

function delaysFor(options: BrimSandboxOptions): Record<DelayKind, TaskDelays> {
  const base = options.pace === 'realistic' ? REALISTIC_DELAYS : FAST_DELAYS;
  const out = { ...base };
  for (const kind of Object.keys(base) as DelayKind[]) out[kind] = { ...base[kind], ...options.delays?.[kind] };
  return out;
}

export async function startBrimSandbox(options: BrimSandboxOptions = {}): Promise<BrimSandbox> {
  const seed = nonNegative('seed', options.seed ?? 1);
  const notes = nonNegative('notes', options.notes ?? BRIM_DEFAULT_NOTES);
  const host = options.host ?? '127.0.0.1';
  const clock = new SandboxClock();
  const capabilities = Object.fromEntries(BRIM_CAPABILITIES.map((name) => [name, options.capabilities?.[name] ?? 'on'])) as Record<BrimCapability, CapabilityMode>;
  const brim: BrimContext = {
    engine: { store: seedStore(seed, notes, clock), clock, ids: new Prng(seed + 7919), delays: delaysFor(options), failNextGenerations: [] },
    generation: options.generation ?? '2026',
    capabilities,
    uploads: [] as UploadRecord[],
    maxUploadBytes: options.maxUploadBytes ?? 1024 ** 3,
  };
  const reset = (): void => {
    brim.engine.store = seedStore(seed, notes, clock);
    brim.engine.ids = new Prng(seed + 7919);
    brim.engine.failNextGenerations = [];
    brim.uploads = [];
  };
  const controls = makeControls(brim, reset);
  controls.setGeneration(brim.generation);
  for (const [name, mode] of Object.entries(capabilities)) controls.setCapability(name as BrimCapability, mode);
  const faults = new FaultController();
  for (const spec of options.faults ?? []) faults.add(spec);
  const stats = new Map<string, number>();
  const serverContext = { brim, controls, faults, stats, origin: '' };
  const { server, close: closeServer } = createSandboxServer(serverContext);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the sandbox server has no TCP address');
  const urlHost = host.includes(':') ? `[${host}]` : host;
  serverContext.origin = `http://${urlHost}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    ...controls,
    url: serverContext.origin,
    port: address.port,
    token: BRIM_DEMO_TOKEN,
    projectId: BRIM_DEMO_PROJECT_ID,
    projectName: BRIM_DEMO_PROJECT_NAME,
    orgToken: BRIM_ORG_TOKEN,
    otherProject: { id: BRIM_OTHER_PROJECT_ID, token: BRIM_OTHER_TOKEN },
    inactiveToken: BRIM_INACTIVE_TOKEN,
    faults,
    store: () => brim.engine.store,
    stats: () => Object.fromEntries(stats),
    close: () => {
      closing ??= closeServer();
      return closing;
    },
  };
}
