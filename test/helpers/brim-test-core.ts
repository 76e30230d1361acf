import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../../main/ipc/core.ts';
import type { WireReply } from '../../shared/channels.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.ts';
import type { Job } from '../../shared/contract/jobs.ts';
import { startBrimSandbox, type BrimSandbox, type BrimSandboxOptions } from '../sandbox/brim/index.ts';
import { CallError } from './brainstem-test-core.ts';
import { FakeKeychain, recordingPorts, testCore } from './test-core.ts';

export { CallError };

export interface BrimCoreOptions {
  /** Anything the sandbox takes (capabilities, delays, response generation, faults…). */
  sandbox?: Omit<BrimSandboxOptions, 'port'>;
  /** Connect to the sandbox's demo project with its project token (default true). */
  connect?: boolean;
  /**
   * How often Carrel asks Brim about a task. Brim's own schedule starts at 2 s; the sandbox's tasks end in
   * a few hundred ms, so tests poll every 50 ms (×1.5, at most 400 ms) unless they say otherwise.
   */
  poll?: { initialDelayMs: number; factor: number; maxDelayMs: number };
}

export interface BrimCore {
  readonly core: Core;
  sandbox: BrimSandbox;
  keychain: FakeKeychain;
  /** The saved connection to the sandbox's demo project ('' when `connect: false`). */
  connectionId: string;
  userDataDir: string;
  events: Array<{ name: string; payload: unknown }>;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  reply<M extends MethodName>(method: M, input: MethodInput<M>): Promise<WireReply>;
  /** Starts a job through the contract and waits for it to end (any outcome). */
  job<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Job>;
  /** Every `job.updated` event of one job, in order. */
  updates(jobId: string): Job[];
  restart(): Promise<void>;
  close(): Promise<void>;
}

const testPoll = { initialDelayMs: 50, factor: 1.5, maxDelayMs: 400 };

/**
 * A core with a fresh user-data folder, a Brim sandbox started in-process and (unless `connect: false`) a
 * Brim connection to its demo project made through `brim.connect` — what a user has after "Connect to Brim".
 */
export async function startBrimCore(options: BrimCoreOptions = {}): Promise<BrimCore> {
  const sandbox = await startBrimSandbox({ port: 0, ...options.sandbox });
  const userDataDir = mkdtempSync(join(tmpdir(), 'carrel-brim-test-'));
  // Exports "chosen" in the save dialog land here.
  mkdirSync(join(userDataDir, 'saves'));
  const ports = recordingPorts(join(userDataDir, 'saves'));
  const keychain = new FakeKeychain();
  const poll = options.poll ?? testPoll;
  let core: Core;
  const events: Array<{ name: string; payload: unknown }> = [];
  const boot = async (): Promise<void> => {
    ({ core } = await testCore(userDataDir, ports, keychain));
    core.services.brim.pollSchedule = poll;
    core.subscribe((name, payload) => events.push({ name, payload }));
  };
  try {
    await boot();
  } catch (error) {
    await sandbox.close();
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const reply = <M extends MethodName>(method: M, input: MethodInput<M>): Promise<WireReply> => core.dispatch(method, input, { shell: 'desktop' });
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const answer = await reply(method, input);
    if (!answer.ok) throw new CallError(answer.error);
    return answer.result as MethodOutput<M>;
  };
  const job = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<Job> => {
    const { jobId } = (await call(method, input)) as { jobId: string };
    const settled = await core.services.jobs.settled(jobId);
    if (!settled) throw new Error(`job ${jobId} disappeared`);
    return settled;
  };
  const updates = (jobId: string): Job[] => events.filter((e) => e.name === 'job.updated' && (e.payload as Job).id === jobId).map((e) => e.payload as Job);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await core.shutdown();
    await sandbox.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  const restart = async (): Promise<void> => {
    await core.shutdown();
    await boot();
  };
  try {
    const connectionId = options.connect === false ? '' : (await call('brim.connect', { url: sandbox.url, token: sandbox.token, projectId: sandbox.projectId })).id;
    return {
      get core() {
        return core;
      },
      sandbox, keychain, connectionId, userDataDir, events, call, reply, job, updates, restart, close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
