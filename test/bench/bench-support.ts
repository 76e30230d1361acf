import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const nodeFlags = ['--disable-warning=ExperimentalWarning'];

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export interface SandboxProcess {
  url: string;
  token: string;
  /** The longitudinal project's token (two arms, repeating instrument and event). */
  longitudinalToken: string;
  infoFile: string;
  stop(): Promise<void>;
}

/** The REDCap sandbox in its own process, as users and the demo run it (its CPU is not ours to count). */
export async function startSandbox(records: number, infoFile: string, longitudinalRecords = records): Promise<SandboxProcess> {
  const args = ['--port', '0', '--records', String(records), '--longitudinal-records', String(longitudinalRecords), '--info', infoFile];
  const child = spawn(process.execPath, [...nodeFlags, 'test/sandbox/main.ts', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 60_000;
  while (!existsSync(infoFile)) {
    if (child.exitCode !== null) throw new Error('the sandbox exited');
    if (Date.now() > deadline) throw new Error('the sandbox did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { redcap: { url: string; projects: Array<{ token: string; longitudinal: boolean }> } };
  const { projects } = info.redcap;
  const longitudinal = projects.find((project) => project.longitudinal);
  if (!longitudinal) throw new Error('the sandbox has no longitudinal project');
  return { url: info.redcap.url, token: projects.find((project) => !project.longitudinal)!.token, longitudinalToken: longitudinal.token, infoFile, stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs a worker script in a fresh Node process and returns the JSON line it prints last. */
export function runWorker<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`${script} exited with ${code}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ')).join('\n');
}
