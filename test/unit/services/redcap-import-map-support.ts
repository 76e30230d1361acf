// A synced offline cache of a REDCap sandbox project, for the import planner's tests. Planning only
// reads the cache, so one sync serves every test of a file.
import type { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll } from 'vitest';
import type { Core } from '../../../main/ipc/core.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { REDCAP_DEMO_TOKENS } from '../../sandbox/redcap/seed-teams.ts';
import { redcapRecords } from '../../helpers/redcap-truth.ts';
import { recordingPorts, syncAndWait, testCore } from '../../helpers/test-core.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SyncedProject {
  db: DatabaseSync;
  sandbox: RedcapSandbox;
  token: string;
  /** What the server held when the cache was synced. */
  truth: Array<Record<string, string>>;
  core: Core;
}

export function useSyncedProject(project: 'classic' | 'longitudinal', records = 30): () => SyncedProject {
  let synced: SyncedProject | null = null;
  let dir = '';
  beforeAll(async () => {
    const sandbox = await startRedcapSandbox({ records, longitudinalRecords: records });
    dir = mkdtempSync(join(tmpdir(), 'carrel-import-'));
    const { core } = await testCore(dir, recordingPorts(dir));
    const token = project === 'classic' ? REDCAP_DEMO_TOKENS.cardiometabolic : REDCAP_DEMO_TOKENS.heartFailure;
    const added = await core.dispatch('connections.add', { kind: 'redcap', url: sandbox.url, token }, { shell: 'desktop' });
    if (!added.ok) throw new Error(added.error.message);
    const connectionId = (added.result as { id: string }).id;
    const job = await syncAndWait(core, connectionId);
    if (job.state !== 'succeeded') throw new Error(`sync ${job.state}`);
    synced = { db: core.services.cache.db(connectionId), sandbox, token, truth: await redcapRecords(sandbox.url, token), core };
  }, 60_000);
  afterAll(async () => {
    await synced?.core.shutdown();
    await synced?.sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!synced) throw new Error('project not synced');
    return synced;
  };
}

/** Sends rows to the sandbox as any REDCap client would; returns REDCap's answer (its error text when it refuses). */
export async function sandboxImport(url: string, token: string, rows: Array<Record<string, string>>, options: { overwrite?: boolean; dateFormat?: string } = {}): Promise<{ ok: boolean; text: string }> {
  const body = new URLSearchParams({ token, content: 'record', format: 'json', type: 'flat', overwriteBehavior: options.overwrite ? 'overwrite' : 'normal', returnContent: 'count', returnFormat: 'json', dateFormat: options.dateFormat ?? 'YMD', data: JSON.stringify(rows) });
  const response = await fetch(url, { method: 'POST', body });
  return { ok: response.ok, text: await response.text() };
}
