// Runs one `carrel brainstem …` / `carrel brim …` command in-process: the real argument parser, the real
// printer writing into buffers, and a core started with the CLI's own ports against a sandbox.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { Core } from '../../../main/ipc/core.ts';
import { globalOptions, globalsFrom, parseOptions } from '../../../main/shells/cli/cli-args.ts';
import { createPrinter } from '../../../main/shells/cli/cli-output.ts';
import { cliPorts } from '../../../main/shells/cli/cli-ports.ts';
import type { CliCommand, CliRunContext } from '../../../main/shells/cli/cli-types.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/index.ts';
import { startBrainstemSandbox, type BrainstemSandbox } from '../../sandbox/brainstem/index.ts';
import { startBrimSandbox, type BrimSandbox } from '../../sandbox/brim/index.ts';
import { FakeKeychain, testCore } from '../../helpers/test-core.ts';

export interface CliCoreHandle<S> {
  core: Core;
  sandbox: S;
  connectionId: string;
  /** The working folder commands run in (relative --out paths land here). */
  cwd: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  close(): Promise<void>;
}

async function startCore<S extends { close(): Promise<void> }>(sandbox: S, connect: (call: CliCoreHandle<S>['call']) => Promise<string>): Promise<CliCoreHandle<S>> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'carrel-cli-test-'));
  const cwd = mkdtempSync(join(tmpdir(), 'carrel-cli-cwd-'));
  const { core } = await testCore(userDataDir, cliPorts({ cwd, print: () => undefined }), new FakeKeychain());
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const reply = await core.dispatch(method, input, { shell: 'desktop' });
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return reply.result as MethodOutput<M>;
  };
  const close = async (): Promise<void> => {
    await core.shutdown();
    await sandbox.close();
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  };
  try {
    return { core, sandbox, connectionId: await connect(call), cwd, call, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A BrainSTEM connection to a fresh sandbox, signed in with the demo user's personal access token. */
export async function startBrainstemCli(sessions = 40): Promise<CliCoreHandle<BrainstemSandbox>> {
  const sandbox = await startBrainstemSandbox({ port: 0, sessions });
  return startCore(sandbox, async (call) => {
    const connection = await call('brainstem.connect', { url: sandbox.url, portal: 'private', name: 'Lab BrainSTEM' });
    await call('brainstem.signIn.token', { connectionId: connection.id, token: sandbox.token });
    return connection.id;
  });
}

/** A Brim connection to a fresh sandbox's demo project, polling fast (the sandbox's tasks take milliseconds). */
export async function startBrimCli(): Promise<CliCoreHandle<BrimSandbox>> {
  const sandbox = await startBrimSandbox({ port: 0 });
  return startCore(sandbox, async (call) => {
    const connection = await call('brim.connect', { url: sandbox.url, token: sandbox.token, projectId: sandbox.projectId, name: 'Chart review' });
    return connection.id;
  });
}

export function setFastPolling(core: Core): void {
  core.services.brim.pollSchedule = { initialDelayMs: 50, factor: 1.5, maxDelayMs: 400 };
}

export interface CommandRun {
  /** The exit code, or null when run() threw (the runner then prints the error). */
  code: number | null;
  error: unknown;
  stdout: string;
  stderr: string;
  /** stdout as JSON lines. */
  lines(): unknown[];
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/**
 * Parses `words` with the CLI's own option parser for `command` (so `--sort -name` goes through it as on a
 * real command line) and runs the command against `core`.
 */
export async function runCommand(core: Core, command: CliCommand, words: readonly string[], options: { stdin?: string; stdinIsTTY?: boolean; env?: Record<string, string> } = {}): Promise<CommandRun> {
  const { values, positionals } = parseOptions(words, { ...globalOptions, ...command.options }, command);
  const globals = globalsFrom(values, () => '/nonexistent');
  const stdout = collector();
  const stderr = collector();
  const stdin = new PassThrough();
  if (options.stdin !== undefined) stdin.end(options.stdin);
  const context: CliRunContext = {
    values,
    positionals,
    globals,
    io: { stdout: stdout.stream, stderr: stderr.stream, stdin, stdoutIsTTY: false, stdinIsTTY: options.stdinIsTTY ?? false, env: options.env ?? {} },
    out: createPrinter({ json: globals.json, stdout: stdout.stream, stderr: stderr.stream }),
    core: async () => core,
    readSecret: async () => {
      throw new Error('no secret is read by these commands');
    },
  };
  let code: number | null = null;
  let error: unknown = null;
  try {
    code = await command.run(context);
  } catch (thrown) {
    error = thrown;
  }
  return {
    code,
    error,
    stdout: stdout.text(),
    stderr: stderr.text(),
    lines: () => stdout.text().split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown),
  };
}

export function commandAt(commands: readonly CliCommand[], ...path: string[]): CliCommand {
  const found = commands.find((c) => c.path.join(' ') === path.join(' '));
  if (!found) throw new Error(`no command ${path.join(' ')}`);
  return found;
}
