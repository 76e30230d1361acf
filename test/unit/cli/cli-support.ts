// Runs `carrel` as users do — a child process — against an in-process REDCap sandbox, with a fresh
// user-data folder and session-only tokens (the machine's keychain is never touched).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { REDCAP_DEMO_TOKENS } from '../../sandbox/redcap/seed-teams.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
export const TOKEN = REDCAP_DEMO_TOKENS.cardiometabolic;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliSetup {
  sandbox: RedcapSandbox;
  dir: string;
  userData: string;
  /** Every argv and every output so far, to check that the token never shows. */
  transcript: string[];
  carrel(args: string[], options?: { env?: Record<string, string>; input?: string; started?: (child: ChildProcess) => void }): Promise<CliRun>;
}

const tempDir = useTempDirs();
const sandboxes: RedcapSandbox[] = [];
afterEach(async () => {
  for (const sandbox of sandboxes.splice(0)) await sandbox.close();
});

export function runCarrel(args: string[], options: { cwd: string; env: Record<string, string>; input?: string; started?: (child: ChildProcess) => void }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(root, 'main/shells/cli/main.ts'), ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
    options.started?.(child);
  });
}

export async function cliSetup(records = 30): Promise<CliSetup> {
  const sandbox = await startRedcapSandbox({ records, longitudinalRecords: 5 });
  sandboxes.push(sandbox);
  const dir = tempDir();
  const userData = join(dir, 'user-data');
  const transcript: string[] = [];
  return {
    sandbox,
    dir,
    userData,
    transcript,
    async carrel(args, options = {}) {
      // Global flags after the command words, as a script would write them.
      const argv = [...args, '--user-data', userData, '--session-only'];
      const run = await runCarrel(argv, { cwd: dir, env: { CARREL_USER_DATA: userData, ...options.env }, ...(options.input !== undefined ? { input: options.input } : {}), ...(options.started ? { started: options.started } : {}) });
      transcript.push(argv.join(' '), run.stdout, run.stderr);
      return run;
    },
  };
}

/** Adds the sandbox's classic project as "Cohort" with the token in $CARREL_TOKEN. */
export async function addCohort(s: CliSetup): Promise<string> {
  const run = await s.carrel(['connections', 'add', '--kind', 'redcap', '--url', s.sandbox.url, '--name', 'Cohort', '--json'], { env: { CARREL_TOKEN: TOKEN } });
  if (run.code !== 0) throw new Error(`connections add failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { id: string }).id;
}

export const withToken = { env: { CARREL_TOKEN: TOKEN } };
