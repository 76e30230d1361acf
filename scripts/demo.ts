import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.ts';
import { electronBinary, missingElectronLine } from './electron-binary.ts';
import { freePort } from './free-port.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeFlags = ['--disable-warning=ExperimentalWarning'];

async function waitFor(file: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!existsSync(file)) {
    if (child.exitCode !== null) throw new Error('The sandbox stopped before it was ready.');
    if (Date.now() > deadline) throw new Error('The sandbox did not start in time.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * `npm run demo`: the sandbox REDCap with its two demo projects (classic and longitudinal), the
 * sandbox BrainSTEM and the sandbox Brim (a project with notes already labelled), and Carrel with all
 * of them already added (BrainSTEM signed in as the demo user), synced and Brim's results fetched, in a
 * throw-away user-data folder (your own connections are not touched).
 */
const records = process.env.CARREL_DEMO_RECORDS ?? '1000';
const sessions = process.env.CARREL_DEMO_SESSIONS ?? '60';
const brimNotes = process.env.CARREL_DEMO_BRIM_NOTES;
const work = mkdtempSync(join(tmpdir(), 'carrel-demo-'));
const infoFile = join(work, 'sandbox.json');
const children: ChildProcess[] = [];
const cleanUp = (): void => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  cleanUp();
  process.exit(0);
});
process.on('SIGTERM', () => {
  cleanUp();
  process.exit(0);
});

await buildAll({ quiet: true });
const sandbox = spawn(process.execPath, [...nodeFlags, 'test/sandbox/main.ts', '--port', String(await freePort()), '--records', records, '--brainstem-sessions', sessions, ...(brimNotes ? ['--brim-notes', brimNotes] : []), '--info', infoFile], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
children.push(sandbox);
await waitFor(infoFile, sandbox, 30_000);

const electron = electronBinary();
const userData = join(work, 'user-data');
const app = electron
  ? spawn(electron, ['.'], { cwd: root, stdio: 'inherit', env: { ...process.env, CARREL_USER_DATA: userData, CARREL_DEMO_INFO: infoFile } })
  : (process.stdout.write(`${missingElectronLine}\n`),
    spawn(process.execPath, [...nodeFlags, 'main/shells/web/main.ts', '--user-data', userData, '--demo-info', infoFile, '--port', String(await freePort())], { cwd: root, stdio: 'inherit' }));
children.push(app);
app.on('exit', (code) => {
  cleanUp();
  process.exit(code ?? 0);
});
