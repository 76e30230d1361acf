// A synced REDCap sandbox project behind a test core, and an export through the contract as the dialog
// starts it, for the export service's tests.

import { readdirSync } from 'node:fs';
import { afterEach } from 'vitest';
import type { Core } from '../../../main/ipc/core.ts';
import type { PlatformPorts } from '../../../main/ipc/ports.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { REDCAP_DEMO_TOKENS } from '../../sandbox/redcap/seed-teams.ts';
import { recordingPorts, syncAndWait, testCore } from '../../helpers/test-core.ts';

export const TOKEN = REDCAP_DEMO_TOKENS.cardiometabolic;

export interface ExportSetup {
  core: Core;
  /** Where the save dialog puts files. */
  out: string;
  sandbox: RedcapSandbox;
  connectionId: string;
  ports: ReturnType<typeof recordingPorts>;
}

const open: Array<{ core: Core; sandbox: RedcapSandbox }> = [];
afterEach(async () => {
  for (const { core, sandbox } of open.splice(0)) {
    await core.shutdown();
    await sandbox.close();
  }
});

/** `shell: 'web'` gives the web shell's rule that a download is one file. */
export async function exportSetup(userData: string, out: string, options: { records?: number; shell?: 'desktop' | 'web'; before?: (sandbox: RedcapSandbox) => Promise<void> } = {}): Promise<ExportSetup> {
  const sandbox = await startRedcapSandbox({ records: options.records ?? 30, longitudinalRecords: 3 });
  await options.before?.(sandbox);
  const ports = recordingPorts(out);
  const shellPorts: PlatformPorts = options.shell === 'web' ? { ...ports, shell: 'web' } : ports;
  const { core } = await testCore(userData, shellPorts);
  open.push({ core, sandbox });
  const added = await core.dispatch('connections.add', { kind: 'redcap', url: sandbox.url, token: TOKEN }, { shell: 'desktop' });
  if (!added.ok) throw new Error(added.error.message);
  const connectionId = (added.result as { id: string }).id;
  const job = await syncAndWait(core, connectionId);
  if (job.state !== 'succeeded') throw new Error(`sync ${job.state}`);
  return { core, out, sandbox, connectionId, ports };
}

/** export.start as the dialog calls it; resolves with the settled job (or the refusal as {code, message}). */
export async function exportAndWait(core: Core, input: Record<string, unknown>): Promise<Job> {
  const reply = await core.dispatch('export.start', input, { shell: 'desktop' });
  if (!reply.ok) throw reply.error;
  const { jobId } = reply.result as { jobId: string | null };
  if (!jobId) throw new Error('no job: the save dialog was cancelled');
  return (await core.services.jobs.settled(jobId))!;
}

/** Files left in a folder, hidden partial files included. */
export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}
