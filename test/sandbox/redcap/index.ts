// A local REDCap for tests, benchmarks and the demo: POST http://127.0.0.1:PORT/api/ answers like
// REDCap 14.1.5 (see shared/reference/redcap-api.md), with a seeded classic project and faults on demand.

import type { SandboxProject } from './api.ts';
import { FaultController } from './faults.ts';
import { ProjectSchema } from './project-model.ts';
import { RecordStore } from './record-store.ts';
import { RequestStats } from './sandbox-admin.ts';
import { cardiometabolicProject, CARDIOMETABOLIC_TITLE } from './seed-project.ts';
import { cardiometabolicRecipe } from './seed-values.ts';
import { createSandboxServer } from './server.ts';

export { FaultController } from './faults.ts';
export type { Fault, FaultKind, FaultSpec } from './faults.ts';

/** Fixed tokens so that the README, the demo and scripts can name them. Never real credentials. */
export const REDCAP_DEMO_TOKENS = {
  cardiometabolic: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE01',
} as const;

export const DEFAULT_RECORDS = 1000;
export const DEFAULT_SEED = 1;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RedcapSandboxOptions {
  /** 0 = a free port chosen by the OS. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seeded records in the demo project (default 1000). */
  records?: number;
  seed?: number;
  /** Bigger request bodies get 413 (default 64 MB). */
  maxBodyBytes?: number;
}

export interface SandboxProjectInfo {
  name: string;
  token: string;
  longitudinal: boolean;
  projectId: number;
}

export interface RedcapSandbox {
  /** http://127.0.0.1:PORT/api/ */
  url: string;
  port: number;
  projects: SandboxProjectInfo[];
  faults: FaultController;
  /** Requests to /api/ so far, by `content`. */
  stats(): Record<string, number>;
  close(): Promise<void>;
}

function seededProjects(records: number, seed: number): SandboxProject[] {
  const schema = new ProjectSchema(cardiometabolicProject(1207));
  return [
    {
      name: CARDIOMETABOLIC_TITLE,
      token: REDCAP_DEMO_TOKENS.cardiometabolic,
      projectId: schema.info.project_id,
      schema,
      store: new RecordStore(schema, cardiometabolicRecipe, records, seed),
    },
  ];
}

export async function startRedcapSandbox(options: RedcapSandboxOptions = {}): Promise<RedcapSandbox> {
  const records = options.records ?? DEFAULT_RECORDS;
  if (!Number.isInteger(records) || records < 0) throw new RangeError(`records must be a non-negative integer, got ${records}`);
  const host = options.host ?? '127.0.0.1';
  const projects = seededProjects(records, options.seed ?? DEFAULT_SEED);
  const faults = new FaultController();
  const stats = new RequestStats();
  const { server, destroyAll } = createSandboxServer({
    projects: new Map(projects.map((project) => [project.token, project])),
    faults,
    stats,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  });
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
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/api/`,
    port,
    projects: projects.map((project) => ({
      name: project.name,
      token: project.token,
      longitudinal: project.schema.isLongitudinal,
      projectId: project.projectId,
    })),
    faults,
    stats: () => stats.snapshot(),
    close: () => {
      // Idempotent: a test's own close() and its afterEach may both call it.
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        destroyAll();
      });
      return closing;
    },
  };
}
