// A local REDCap for tests, benchmarks and the demo: POST http://127.0.0.1:PORT/api/ answers like
// REDCap 14.1.5 (see shared/reference/redcap-api.md), with two seeded projects (classic and
// longitudinal), users with different rights, a server clock and faults on demand.

import type { TokenGrant } from './api.ts';
import { DEFAULT_TIMEZONE, SandboxClock } from './clock.ts';
import { RecordFiles } from './file-stores.ts';
import { FaultController } from './faults.ts';
import type { FaultSpec } from './faults.ts';
import { ProjectLog } from './project-log.ts';
import { SandboxProject } from './project-state.ts';
import { RecordStore } from './record-store.ts';
import { RequestStats } from './sandbox-admin.ts';
import { heartFailureProject, HEART_FAILURE_TITLE } from './seed-longitudinal.ts';
import { heartFailureRecipe } from './seed-longitudinal-values.ts';
import { cardiometabolicProject, CARDIOMETABOLIC_TITLE } from './seed-project.ts';
import {
  CARDIOMETABOLIC_REPORTS, HEART_FAILURE_REPORTS, cardiometabolicRepository, cardiometabolicTeam, heartFailureRepository, heartFailureTeam,
} from './seed-teams.ts';
import type { TokenSeed } from './seed-teams.ts';
import { cardiometabolicRecipe } from './seed-values.ts';
import { createSandboxServer } from './server.ts';

export { FaultController } from './faults.ts';
export type { Fault, FaultKind, FaultSpec } from './faults.ts';
export { parseFaultSpec, FaultSpecError } from './faults.ts';
export { SandboxClock, DEFAULT_TIMEZONE } from './clock.ts';
export { REDCAP_DEMO_TOKENS } from './seed-teams.ts';
export type { SandboxProject } from './project-state.ts';

export const DEFAULT_RECORDS = 1000;
export const DEFAULT_SEED = 1;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RedcapSandboxOptions {
  /** 0 = a free port chosen by the OS. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seeded records in each project (default 1000). */
  records?: number;
  /** Seeded records in the longitudinal project (default: `records`). */
  longitudinalRecords?: number;
  seed?: number;
  /** Bigger request bodies get 413 (default 64 MB). */
  maxBodyBytes?: number;
  /** The server's IANA time zone for logs, record times and date ranges (default America/Chicago). */
  timezone?: string;
  /** Where the server clock starts (default: now). */
  now?: Date;
  /** Faults active from the start (more can be added and cleared at run time). */
  faults?: readonly FaultSpec[];
  /** Further tokens of the classic project's owner, e.g. canaries a secret-hygiene test plants (32 hex each). */
  extraTokens?: readonly string[];
}

export interface SandboxProjectInfo {
  name: string;
  token: string;
  longitudinal: boolean;
  projectId: number;
  /** The token's user and what is special about its rights ("full" for the owners). */
  username: string;
  rights: string;
}

export interface RedcapSandbox {
  /** http://127.0.0.1:PORT/api/ */
  url: string;
  port: number;
  /** The data projects with their owners' (full-rights) tokens: classic first, then longitudinal. */
  projects: SandboxProjectInfo[];
  /** Tokens of users with restricted rights (no API export, de-identified, DAG). */
  restrictedTokens: SandboxProjectInfo[];
  faults: FaultController;
  /** The server clock: `clock.advance(seconds)` moves it forward. */
  clock: SandboxClock;
  /** The live project behind a token, for tests that look inside. */
  projectByToken(token: string): SandboxProject | undefined;
  /** Requests to /api/ so far, by `content`. */
  stats(): Record<string, number>;
  close(): Promise<void>;
}

function checkCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

function seededProjects(records: number, longitudinalRecords: number, seed: number): Array<{ project: SandboxProject; tokens: TokenSeed[] }> {
  const classic = cardiometabolicProject(1207);
  const classicTeam = cardiometabolicTeam(classic.instruments.map((form) => form.name));
  const longitudinal = heartFailureProject(1342);
  const longitudinalTeam = heartFailureTeam(longitudinal.instruments.map((form) => form.name));
  return [
    {
      project: new SandboxProject({
        key: 'cardiometabolic', name: CARDIOMETABOLIC_TITLE, token: classicTeam.tokens[0]?.token ?? '', definition: classic,
        store: (schema) => new RecordStore(schema, cardiometabolicRecipe, records, seed),
        people: classicTeam.people, log: new ProjectLog(), files: new RecordFiles(),
        repository: cardiometabolicRepository(classicTeam.people.dag('boston')?.id ?? 0), reports: [...CARDIOMETABOLIC_REPORTS],
      }),
      tokens: classicTeam.tokens,
    },
    {
      project: new SandboxProject({
        key: 'heartFailure', name: HEART_FAILURE_TITLE, token: longitudinalTeam.tokens[0]?.token ?? '', definition: longitudinal,
        store: (schema) => new RecordStore(schema, heartFailureRecipe, longitudinalRecords, seed),
        people: longitudinalTeam.people, log: new ProjectLog(), files: new RecordFiles(),
        repository: heartFailureRepository(), reports: [...HEART_FAILURE_REPORTS],
      }),
      tokens: longitudinalTeam.tokens,
    },
  ];
}

export async function startRedcapSandbox(options: RedcapSandboxOptions = {}): Promise<RedcapSandbox> {
  const records = checkCount('records', options.records ?? DEFAULT_RECORDS);
  const longitudinalRecords = checkCount('longitudinalRecords', options.longitudinalRecords ?? records);
  const host = options.host ?? '127.0.0.1';
  const clock = new SandboxClock(options.timezone ?? DEFAULT_TIMEZONE, options.now);
  const seeded = seededProjects(records, longitudinalRecords, options.seed ?? DEFAULT_SEED);
  const tokens = new Map<string, TokenGrant>();
  const infos: SandboxProjectInfo[] = [];
  for (const { project, tokens: seeds } of seeded) {
    for (const seed of seeds) {
      tokens.set(seed.token, { project, username: seed.username });
      infos.push({ name: project.name, token: seed.token, longitudinal: project.schema.isLongitudinal, projectId: project.projectId, username: seed.username, rights: seed.rights });
    }
  }
  const owner = infos[0] ? tokens.get(infos[0].token) : undefined;
  for (const extra of options.extraTokens ?? []) if (owner) tokens.set(extra, owner);
  const faults = new FaultController();
  for (const spec of options.faults ?? []) faults.add(spec);
  const stats = new RequestStats();
  const api = { tokens, clock, origin: '' };
  const { server, close: closeServer } = createSandboxServer({ api, faults, stats, clock, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the sandbox server has no TCP address');
  const port = address.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  api.origin = `http://${urlHost}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${api.origin}/api/`,
    port,
    projects: infos.filter((info) => info.rights === 'full'),
    restrictedTokens: infos.filter((info) => info.rights !== 'full'),
    faults,
    clock,
    projectByToken: (token) => tokens.get(token)?.project,
    stats: () => stats.snapshot(),
    close: () => {
      // Idempotent: a test's own close() and its afterEach may both call it.
      closing ??= closeServer();
      return closing;
    },
  };
}
