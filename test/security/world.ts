import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../main/ipc/core.ts';
import { openConfStore } from '../../main/services/settings/conf-store.ts';
import { createLogger } from '../../main/services/log/logger.ts';
import type { WireReply } from '../../shared/channels.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.ts';
import { startBrainstemSandbox, type BrainstemSandbox } from '../sandbox/brainstem/index.ts';
import { startBrimSandbox, type BrimSandbox } from '../sandbox/brim/index.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../sandbox/redcap/index.ts';
import { FakeKeychain, recordingPorts, syncAndWait } from '../helpers/test-core.ts';

/** The test keychain, also remembering every secret ever stored in it (to prove the canaries went there). */
export class RecordingKeychain extends FakeKeychain {
  readonly stored: string[] = [];

  override async set(account: string, secret: string): Promise<void> {
    this.stored.push(secret);
    await super.set(account, secret);
  }
}

export interface WorldTokens {
  /** 32 hex characters, registered in the REDCap sandbox with the classic project owner's rights. */
  redcap?: string;
  /** Registered in the Brim sandbox as a project token of the demo project. */
  brim?: string;
}

/**
 * What a user has after connecting to all three services and syncing: one core on a fresh user-data
 * folder (with a real log file), the three sandboxes in-process, every event and every reply recorded.
 */
export interface World {
  core: Core;
  redcap: RedcapSandbox;
  brainstem: BrainstemSandbox;
  brim: BrimSandbox;
  keychain: RecordingKeychain;
  ports: ReturnType<typeof recordingPorts>;
  userDataDir: string;
  saveDir: string;
  ids: { redcap: string; brainstem: string; brim: string };
  tokens: { redcap: string; brainstem: string; brim: string };
  events: Array<{ name: string; payload: unknown }>;
  /** JSON of every reply `call`/`reply` received, in order. */
  replies: string[];
  reply(method: string, input: unknown): Promise<WireReply>;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Requests each sandbox has answered so far (their own counters). */
  serverRequests(): string;
  /** Quits the core (caches and logs closed); close() then only stops the sandboxes and removes the folders. */
  shutdown(): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(options: { tokens?: WorldTokens; sync?: boolean } = {}): Promise<World> {
  const redcapToken = options.tokens?.redcap;
  const redcap = await startRedcapSandbox({ records: 40, ...(redcapToken ? { extraTokens: [redcapToken] } : {}) });
  const brainstem = await startBrainstemSandbox({ port: 0, sessions: 12 });
  const brim = await startBrimSandbox({ port: 0, notes: 12 });
  const brimToken = options.tokens?.brim ?? brim.token;
  if (options.tokens?.brim) {
    brim.store().tokens.set(brimToken, { token: brimToken, kind: 'project', projectId: brim.projectId, ownerEmail: 'owner@brim.example', active: true });
  }
  // A fresh personal access token of the demo user: random, so it doubles as a canary.
  const brainstemToken = brainstem.createToken(brainstem.users.demo.email, 'Carrel security test') ?? brainstem.token;
  const userDataDir = mkdtempSync(join(tmpdir(), 'carrel-sec-'));
  const saveDir = mkdtempSync(join(tmpdir(), 'carrel-sec-saves-'));
  mkdirSync(join(userDataDir, 'logs'), { recursive: true });
  const ports = recordingPorts(saveDir);
  const keychain = new RecordingKeychain();
  const core = await createCore({
    userDataDir,
    version: '0.0.0-test',
    fetch: (url, init) => fetch(url, init),
    store: openConfStore(userDataDir),
    keychain: () => keychain,
    ports,
    log: createLogger({ dir: join(userDataDir, 'logs'), level: 'debug' }),
  });
  const events: Array<{ name: string; payload: unknown }> = [];
  core.subscribe((name, payload) => events.push({ name, payload }));
  const replies: string[] = [];
  const reply = async (method: string, input: unknown): Promise<WireReply> => {
    const answer = await core.dispatch(method, input, { shell: 'desktop' });
    replies.push(JSON.stringify(answer));
    return answer;
  };
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const answer = await reply(method, input);
    if (!answer.ok) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
    return answer.result as MethodOutput<M>;
  };
  let down: Promise<void> | null = null;
  const shutdown = (): Promise<void> => (down ??= core.shutdown());
  const close = async (): Promise<void> => {
    await shutdown();
    await Promise.all([redcap.close(), brainstem.close(), brim.close()]);
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(saveDir, { recursive: true, force: true });
  };
  try {
    const redcapTokenUsed = redcapToken ?? redcap.projects[0]!.token;
    const r = await call('connections.add', { kind: 'redcap', url: redcap.url, token: redcapTokenUsed, name: 'Sandbox REDCap' });
    const b = await call('brainstem.connect', { url: brainstem.url, portal: 'private', name: 'Sandbox BrainSTEM' });
    await call('brainstem.signIn.token', { connectionId: b.id, token: brainstemToken });
    const m = await call('brim.connect', { url: brim.url, token: brimToken, projectId: brim.projectId });
    core.services.brim.pollSchedule = { initialDelayMs: 50, factor: 1.5, maxDelayMs: 400 };
    if (options.sync ?? true) {
      for (const id of [r.id, b.id]) {
        const job = await syncAndWait(core, id);
        if (job.error) throw new Error(`sync of ${id} ended ${job.state}: ${job.error.message}`);
      }
    }
    return {
      core, redcap, brainstem, brim, keychain, ports, userDataDir, saveDir, events, replies, reply, call, shutdown, close,
      ids: { redcap: r.id, brainstem: b.id, brim: m.id },
      tokens: { redcap: redcapTokenUsed, brainstem: brainstemToken, brim: brimToken },
      serverRequests: () => JSON.stringify([redcap.stats(), brainstem.stats(), brim.stats()]),
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Every file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** Name, size and modification time of every file: equal snapshots mean nothing was written. */
export function folderSnapshot(dir: string): string {
  return filesUnder(dir)
    .map((path) => {
      const stats = statSync(path, { throwIfNoEntry: false });
      return `${path.slice(dir.length)} ${stats?.size ?? -1} ${stats?.mtimeMs ?? -1}`;
    })
    .sort()
    .join('\n');
}
