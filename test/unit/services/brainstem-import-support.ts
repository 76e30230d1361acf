// A synced BrainSTEM sandbox behind a test core, and the calls the import dialog makes, for the
// BrainSTEM import tests. Each test starts its own sandbox: imports change the server.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach } from 'vitest';
import type { ImportEntryView } from '../../../shared/contract/imports.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import { startBrainstemCore, type BrainstemCore } from '../../helpers/brainstem-test-core.ts';
import { syncJob, tableRows, type TableRow } from './brainstem-sync-support.ts';

const open: BrainstemCore[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

export async function brainstemImportSetup(): Promise<BrainstemCore> {
  const c = await startBrainstemCore({ sessions: 8 });
  open.push(c);
  // Where the recording ports save files the user "chose" (the problems CSV).
  mkdirSync(join(c.userDataDir, 'saves'), { recursive: true });
  const sync = await syncJob(c);
  if (sync.state !== 'succeeded') throw new Error(`sync ${sync.state}`);
  return c;
}

export function csv(rows: string[][]): string {
  return rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',')).join('\r\n') + '\r\n';
}

export async function settled(c: BrainstemCore, jobId: string): Promise<Job> {
  const job = await c.core.services.jobs.settled(jobId);
  if (!job) throw new Error('the job vanished');
  return job;
}

/** Stages a file and plans it into `model`: the finished plan job's result. */
export async function planFile(c: BrainstemCore, model: string, fileName: string, text: string, options: Record<string, unknown> = {}): Promise<{ planId: string; rowsRead: number; rowsToSend: number; errors: number }> {
  const { stageId } = await c.core.services.staging.fromStream(fileName, Readable.from([Buffer.from(text, 'utf8')]));
  const { jobId } = await c.call('imports.plan', { connectionId: c.connectionId, stageId, model, options: { dateFormat: 'YMD', labelsToCodes: false, overwrite: false, ...options } });
  const job = await settled(c, jobId);
  if (job.state !== 'succeeded' || job.result?.kind !== 'import-plan') throw new Error(`plan ${job.state}: ${job.error?.message ?? ''}`);
  return job.result;
}

/** Starts the import of a plan and waits for its job. */
export async function importPlan(c: BrainstemCore, planId: string): Promise<{ job: Job; importId: string }> {
  const { jobId, importId } = await c.call('imports.start', { planId });
  return { job: await settled(c, jobId), importId };
}

export async function entry(c: BrainstemCore, importId: string): Promise<ImportEntryView> {
  const found = (await c.call('imports.list', { connectionId: c.connectionId })).find((e) => e.importId === importId);
  if (!found) throw new Error('the import is not listed');
  return found;
}

/** What the sandbox holds, read with plain HTTP (not through Carrel's client): the sessions by name. */
export async function serverSessions(c: BrainstemCore): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (let offset = 0; ; offset += 100) {
    const response = await fetch(`${c.sandbox.url}api/private/stem/session/?limit=100&offset=${offset}`, { headers: { authorization: `Bearer ${c.sandbox.token}` } });
    if (!response.ok) throw new Error(`the sandbox answered ${response.status}`);
    const page = ((await response.json()) as { sessions: Array<Record<string, unknown>> }).sessions;
    for (const session of page) out.set(String(session.name), session);
    if (page.length < 100) return out;
  }
}

/** A project the demo user may write to, and one of its sessions. */
export async function writableSession(c: BrainstemCore): Promise<{ projectId: string; projectName: string; session: TableRow }> {
  const projectName = 'Hippocampal Replay in Rats';
  const projectId = (await tableRows(c, 'bs_private_project')).rows.find((r) => r.name === projectName)!.id;
  const session = (await tableRows(c, 'bs_private_session')).rows.find((r) => r.projects === projectName)!;
  return { projectId, projectName, session };
}

export const writes = (c: BrainstemCore, method: 'POST' | 'PATCH' | 'DELETE'): number => c.sandbox.stats()[`${method} private/stem/session`] ?? 0;
