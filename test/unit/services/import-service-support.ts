// A synced REDCap sandbox project behind a test core, and the calls the imports screen makes, for the
// import service's tests. Every test gets its own sandbox and user-data folder: imports change the server.

import { Readable } from 'node:stream';
import { afterEach } from 'vitest';
import type { Core } from '../../../main/ipc/core.ts';
import type { MethodName } from '../../../shared/contract/index.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { REDCAP_DEMO_TOKENS } from '../../sandbox/redcap/seed-teams.ts';
import { redcapRecords } from '../../helpers/redcap-truth.ts';
import { FakeKeychain, recordingPorts, syncAndWait, testCore } from '../../helpers/test-core.ts';

export const TOKEN = REDCAP_DEMO_TOKENS.cardiometabolic;

export interface ImportSetup {
  core: Core;
  sandbox: RedcapSandbox;
  connectionId: string;
  ports: ReturnType<typeof recordingPorts>;
  keychain: FakeKeychain;
  dir: string;
}

const open: Array<{ core: Core; sandbox: RedcapSandbox }> = [];
afterEach(async () => {
  for (const { core, sandbox } of open.splice(0)) {
    await core.shutdown();
    await sandbox.close();
  }
});

export async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected the call to fail');
}

/** A contract call as the window makes it; a refused call throws its wire error ({code, message}). */
export async function call<T = unknown>(core: Core, method: MethodName, input: unknown): Promise<T> {
  const reply = await core.dispatch(method, input, { shell: 'desktop' });
  if (!reply.ok) throw reply.error;
  return reply.result as T;
}

export async function importSetup(dir: string, records = 10): Promise<ImportSetup> {
  const sandbox = await startRedcapSandbox({ records, longitudinalRecords: 5 });
  const ports = recordingPorts(dir);
  const keychain = new FakeKeychain();
  const { core } = await testCore(dir, ports, keychain);
  open.push({ core, sandbox });
  const added = await call<{ id: string }>(core, 'connections.add', { kind: 'redcap', url: sandbox.url, token: TOKEN });
  const job = await syncAndWait(core, added.id);
  if (job.state !== 'succeeded') throw new Error(`sync ${job.state}`);
  return { core, sandbox, connectionId: added.id, ports, keychain, dir };
}

/** A second core on the same user data, as after a restart of the app. */
export async function restart(setup: ImportSetup): Promise<Core> {
  await setup.core.shutdown();
  const { core } = await testCore(setup.dir, setup.ports, setup.keychain);
  open.push({ core, sandbox: setup.sandbox });
  return core;
}

export async function stage(core: Core, fileName: string, text: string): Promise<string> {
  return (await core.services.staging.fromStream(fileName, Readable.from([Buffer.from(text, 'utf8')]))).stageId;
}

export async function settled(core: Core, jobId: string): Promise<Job> {
  return (await core.services.jobs.settled(jobId))!;
}

/** Plans a staged file and waits: the job and its result. */
export async function planFile(s: ImportSetup, fileName: string, text: string, options: Record<string, unknown> = {}): Promise<{ job: Job; planId: string; rowsRead: number; rowsToSend: number; errors: number }> {
  const stageId = await stage(s.core, fileName, text);
  const { jobId } = await call<{ jobId: string }>(s.core, 'imports.plan', { connectionId: s.connectionId, stageId, options });
  const job = await settled(s.core, jobId);
  if (job.state !== 'succeeded' || job.result?.kind !== 'import-plan') throw new Error(`plan ${job.state}: ${job.error?.message ?? ''}`);
  return { job, ...job.result };
}

export async function serverRecords(s: ImportSetup): Promise<Map<string, Record<string, string>>> {
  return new Map((await redcapRecords(s.sandbox.url, TOKEN)).map((row) => [row.record_id!, row]));
}

export function csv(rows: string[][]): string {
  return rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',')).join('\r\n') + '\r\n';
}
