import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../../main/ipc/core.ts';
import type { WireReply } from '../../shared/channels.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.ts';
import { startBrainstemSandbox, type BrainstemSandbox, type BrainstemSandboxOptions } from '../sandbox/brainstem/index.ts';
import { FakeKeychain, recordingPorts, testCore } from './test-core.ts';

export interface BrainstemCoreOptions {
  /** Sessions in the demo user's projects (default 60; keep it small for speed). */
  sessions?: number;
  /** Sign in with the sandbox's demo personal access token (default true). */
  signIn?: boolean;
  /** The portal the connection opens in (default private). */
  portal?: 'private' | 'public';
  /** Anything else the sandbox takes (device-flow timing, faults, …). */
  sandbox?: Omit<BrainstemSandboxOptions, 'sessions' | 'port'>;
}

/** A failed call, as the renderer would see it. */
export class CallError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(error: { code: string; message: string; details?: Record<string, unknown> }) {
    super(error.message);
    this.name = 'CallError';
    this.code = error.code;
    this.details = error.details;
  }
}

export interface BrainstemCore {
  /** The running core (a new one after `restart`). */
  readonly core: Core;
  sandbox: BrainstemSandbox;
  keychain: FakeKeychain;
  ports: ReturnType<typeof recordingPorts>;
  /** The saved BrainSTEM connection to the sandbox. */
  connectionId: string;
  /** The fresh user-data folder (removed by close). */
  userDataDir: string;
  /** Every event the core pushed, in order. */
  events: Array<{ name: string; payload: unknown }>;
  /** Calls a contract method as the window does; a failure throws a CallError with the code and details. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** The raw reply, for tests that look at failures. */
  reply<M extends MethodName>(method: M, input: MethodInput<M>): Promise<WireReply>;
  /** Quits and starts Carrel again on the same user-data folder and keychain (the sandbox keeps running). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A core with a fresh user-data folder, a BrainSTEM sandbox started in-process, a BrainSTEM connection
 * to it and (unless `signIn: false`) the demo user's personal access token kept for that server — what a
 * user has after "Connect to BrainSTEM" and signing in.
 */
export async function startBrainstemCore(options: BrainstemCoreOptions = {}): Promise<BrainstemCore> {
  const sandbox = await startBrainstemSandbox({ port: 0, sessions: options.sessions ?? 60, ...options.sandbox });
  const userDataDir = mkdtempSync(join(tmpdir(), 'carrel-bs-test-'));
  const ports = recordingPorts(join(userDataDir, 'saves'));
  const keychain = new FakeKeychain();
  let core: Core;
  try {
    ({ core } = await testCore(userDataDir, ports, keychain));
  } catch (error) {
    await sandbox.close();
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const events: Array<{ name: string; payload: unknown }> = [];
  const listen = (c: Core): void => {
    c.subscribe((name, payload) => events.push({ name, payload }));
  };
  listen(core);
  const reply = <M extends MethodName>(method: M, input: MethodInput<M>): Promise<WireReply> => core.dispatch(method, input, { shell: 'desktop' });
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const answer = await reply(method, input);
    if (!answer.ok) throw new CallError(answer.error);
    return answer.result as MethodOutput<M>;
  };
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
    ({ core } = await testCore(userDataDir, ports, keychain));
    listen(core);
  };
  try {
    const connection = await call('brainstem.connect', { url: sandbox.url, portal: options.portal ?? 'private', name: 'Sandbox BrainSTEM' });
    if (options.signIn ?? true) await call('brainstem.signIn.token', { connectionId: connection.id, token: sandbox.token });
    return {
      get core() {
        return core;
      },
      sandbox, keychain, ports, connectionId: connection.id, userDataDir, events, call, reply, restart, close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
