// For crash-recovery.test.ts: a REDCap project synced into a user-data folder (the "world" a child
// process works on), the child run that is SIGKILLed at a chosen moment, and a core restarted on the
// same folder afterwards, as the user starts Carrel again.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../../main/ipc/core.ts';
import { FakeKeychain, recordingPorts, syncAndWait, testCore } from '../helpers/test-core.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../sandbox/redcap/index.ts';
import { REDCAP_DEMO_TOKENS } from '../sandbox/redcap/seed-teams.ts';
import type { CrashChildArgs } from './crash-child.ts';

export const TOKEN = REDCAP_DEMO_TOKENS.cardiometabolic;

export interface World {
  sandbox: RedcapSandbox;
  dir: string;
  connectionId: string;
  vaultAccount: string;
  keychain: FakeKeychain;
  ports: ReturnType<typeof recordingPorts>;
  close(): Promise<void>;
}

/** A sandbox with `records` records, a connection to it and a first full sync; no core is left running. */
export async function syncedWorld(records: number): Promise<World> {
  const sandbox = await startRedcapSandbox({ records, longitudinalRecords: 2, seed: 11 });
  const dir = mkdtempSync(join(tmpdir(), 'carrel-crash-'));
  const ports = recordingPorts(join(dir, 'saves'));
  const keychain = new FakeKeychain();
  const close = async (): Promise<void> => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const { core } = await testCore(dir, ports, keychain);
  try {
    const added = await core.dispatch('connections.add', { kind: 'redcap', url: sandbox.url, token: TOKEN }, { shell: 'desktop' });
    if (!added.ok) throw new Error(added.error.message);
    const connectionId = (added.result as { id: string }).id;
    await core.dispatch('settings.update', { redcapBatchSize: 100 }, { shell: 'desktop' });
    const job = await syncAndWait(core, connectionId, 'full');
    if (job.state !== 'succeeded') throw new Error(`setup sync ${job.state}`);
    const vaultAccount = core.services.settings.connections().find((c) => c.id === connectionId)!.vaultAccount;
    return { sandbox, dir, connectionId, vaultAccount, keychain, ports, close };
  } catch (error) {
    await close();
    throw error;
  } finally {
    await core.shutdown();
  }
}

export interface ChildRun {
  killed: boolean;
  lines: Array<Record<string, unknown>>;
  /** From the child's "go" to its "done" (runs that were not killed). */
  workMs: number | null;
}

/** Runs crash-child.ts on the world's folder; SIGKILLs it `killAfterMs` after it says "go" (null: never). */
export function runChild(world: World, extra: Pick<CrashChildArgs, 'op' | 'target' | 'format' | 'csv'>, killAfterMs: number | null): Promise<ChildRun> {
  const args: CrashChildArgs = { ...extra, userDataDir: world.dir, connectionId: world.connectionId, vaultAccount: world.vaultAccount, token: TOKEN };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'crash-child.ts'), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Array<Record<string, unknown>> = [];
    let buffered = '';
    let stderr = '';
    let goAt = 0;
    let doneAt = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts.filter((line) => line.startsWith('{'))) {
        const line = JSON.parse(part) as Record<string, unknown>;
        lines.push(line);
        if (line.go === true) {
          goAt = performance.now();
          if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        }
        if (line.done !== undefined) doneAt = performance.now();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`the crash child failed (${code}): ${stderr.slice(0, 2000)}`));
      else resolve({ killed: signal === 'SIGKILL', lines, workMs: doneAt > 0 ? doneAt - goAt : null });
    });
  });
}

/** Carrel started again on the world's folder: the core and the notices its first window hears. */
export async function restartCore(world: World): Promise<{ core: Core; notices: string[] }> {
  const { core } = await testCore(world.dir, world.ports, world.keychain);
  const notices: string[] = [];
  core.subscribe((name, payload) => {
    if (name === 'app.notice') notices.push((payload as { message: string }).message);
  });
  await core.dispatch('app.info', {}, { shell: 'desktop' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { core, notices };
}

export async function call<T>(core: Core, method: string, input: unknown): Promise<T> {
  const reply = await core.dispatch(method as 'app.info', input as Record<string, never>, { shell: 'desktop' });
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result as T;
}

/**
 * Seeded kill delays over a measured working time, one in each of `count` equal slices (so even three
 * points cover the start, the middle and the end), the last slice reaching a little past the end so
 * that some runs finish first.
 */
export function killPoints(random: () => number, workMs: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor(((i + random()) / count) * workMs * 1.1));
}
