// Run as a child process by crash-recovery.test.ts, which SIGKILLs it at a seeded random moment: Carrel's
// core on a given user-data folder doing one thing (a sync, an import, an export, settings writes) and
// printing one JSON line per step, so that the parent knows when the work began and what was committed.

import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Core } from '../../main/ipc/core.ts';
import { FakeKeychain, recordingPorts, testCore } from '../helpers/test-core.ts';

export interface CrashChildArgs {
  op: 'sync' | 'import' | 'export' | 'settings';
  userDataDir: string;
  connectionId: string;
  /** The connection's keychain entry: the OS keychain outlives the process, the test's stand-in does not. */
  vaultAccount: string;
  token: string;
  /** export: the file the save dialog returns. */
  target?: string;
  format?: 'csv' | 'xlsx';
  /** import: the CSV file's text. */
  csv?: string;
}

const say = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

async function call<T>(core: Core, method: string, input: unknown): Promise<T> {
  const reply = await core.dispatch(method as 'app.info', input as Record<string, never>, { shell: 'desktop' });
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result as T;
}

async function settled(core: Core, jobId: string): Promise<string> {
  const job = await core.services.jobs.settled(jobId);
  return job?.state ?? 'missing';
}

const args = JSON.parse(process.argv[2] ?? '{}') as CrashChildArgs;
const keychain = new FakeKeychain();
await keychain.set(args.vaultAccount, args.token);
const ports = recordingPorts(join(args.userDataDir, 'saves'));
const { core } = await testCore(args.userDataDir, ports, keychain);

switch (args.op) {
  case 'sync': {
    const { jobId } = await call<{ jobId: string }>(core, 'sync.start', { connectionId: args.connectionId, mode: 'full' });
    // "go" once Carrel has taken the sync on: from here a kill is a sync cut off.
    say({ go: true });
    say({ done: await settled(core, jobId) });
    break;
  }
  case 'import': {
    const staged = await core.services.staging.fromStream('crash-import.csv', Readable.from([Buffer.from(args.csv ?? '', 'utf8')]));
    const { jobId } = await call<{ jobId: string }>(core, 'imports.plan', { connectionId: args.connectionId, stageId: staged.stageId, options: {} });
    const plan = await core.services.jobs.settled(jobId);
    if (plan?.result?.kind !== 'import-plan') throw new Error(`plan ${plan?.state ?? 'missing'}`);
    say({ go: true });
    const started = await call<{ jobId: string; importId: string }>(core, 'imports.start', { planId: plan.result.planId });
    say({ importId: started.importId });
    say({ done: await settled(core, started.jobId) });
    break;
  }
  case 'export': {
    ports.nextSavePath = args.target ?? '';
    say({ go: true });
    const view = { connectionId: args.connectionId, dataset: 'records', mode: 'raw', sort: [], filter: '' };
    const { jobId } = await call<{ jobId: string }>(core, 'export.start', { view, format: args.format ?? 'csv', header: 'names', bom: false });
    say({ done: await settled(core, jobId) });
    break;
  }
  case 'settings': {
    say({ go: true });
    // Each line is printed once the write returned: that value is committed, the next one is in flight.
    for (let i = 1; i <= 150; i++) {
      await call(core, 'settings.update', { redcapBatchSize: 100 + i });
      await call(core, 'connections.update', { connectionId: args.connectionId, name: `Crash test ${i}` });
      say({ set: i });
    }
    say({ done: 'succeeded' });
    break;
  }
}
await core.shutdown();
