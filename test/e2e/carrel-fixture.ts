import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/free-port.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nodeFlags = ['--disable-warning=ExperimentalWarning'];

export interface SandboxInfo {
  redcap: { url: string; projects: Array<{ name: string; token: string; longitudinal: boolean }> };
  /** The BrainSTEM sandbox: its base URL, the demo user's personal access token, how many projects are public. */
  brainstem: { url: string; token: string; publicProjects: number };
  /** The Brim sandbox: its API URL, a project token for the demo project, and that project's id. */
  brim: { url: string; token: string; projectId: number };
}

export interface Carrel {
  url: string;
  userData: string;
  sandbox: SandboxInfo;
  /** The chosen project's token (the `projectToken` option; the demo project's by default) and the sandbox's API address. */
  redcapUrl: string;
  token: string;
  /** The BrainSTEM sandbox (`sandbox.brainstem`), for the BrainSTEM specs. */
  brainstem: SandboxInfo['brainstem'];
  /** The Brim sandbox (`sandbox.brim`), for the Brim specs. */
  brim: SandboxInfo['brim'];
  stopSandbox(): Promise<void>;
  /** Adds a fault to the sandbox through its admin endpoint (see test/sandbox/redcap/faults.ts). */
  fault(spec: Record<string, unknown>): Promise<void>;
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${seen.slice(-400)}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code}: ${seen.slice(-400)}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const test = base.extend<{ carrel: Carrel; records: number; projectToken: string | null }>({
  records: [120, { option: true }],
  /** The sandbox token `carrel.token` names (default: the first project's, the classic demo project). */
  projectToken: [null, { option: true }],
  carrel: async ({ records, projectToken }, use) => {
    const work = mkdtempSync(join(tmpdir(), 'carrel-e2e-'));
    const infoFile = join(work, 'sandbox.json');
    const sandbox = spawn(process.execPath, [...nodeFlags, 'test/sandbox/main.ts', '--port', '0', '--records', String(records), '--info', infoFile], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForLine(sandbox, /REDCap\s+http/, 'The sandbox');
    while (!existsSync(infoFile)) await new Promise((r) => setTimeout(r, 50));
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as SandboxInfo;

    const userData = join(work, 'user-data');
    const shell = spawn(process.execPath, [...nodeFlags, 'main/shells/web/main.ts', '--user-data', userData, '--port', '0', '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await waitForLine(shell, /\{"url":"[^"]+","port":\d+\}/, 'The web shell');
    const { url } = JSON.parse(line) as { url: string };
    const admin = new URL('/__sandbox/faults', info.redcap.url).toString();

    await use({
      url,
      userData,
      sandbox: info,
      redcapUrl: info.redcap.url,
      token: projectToken ?? info.redcap.projects[0]!.token,
      brainstem: info.brainstem,
      brim: info.brim,
      stopSandbox: () => stop(sandbox),
      fault: async (spec) => {
        const response = await fetch(admin, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
        expect(response.ok).toBe(true);
      },
    });
    await stop(shell);
    await stop(sandbox);
    rmSync(work, { recursive: true, force: true });
  },
  // Depends on carrel so that the page closes before its web shell stops: requests still in flight
  // at the end of a test (background counts, a refresh) then never meet a refused connection.
  page: async ({ page, carrel }, use) => {
    void carrel;
    // Any console error (a CSP violation, an uncaught exception) fails the test.
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await use(page);
    expect(problems.filter((text) => !/Failed to load resource: the server responded with a status of 404/.test(text))).toEqual([]);
  },
});

export { expect };

export async function addConnection(page: Page, url: string, token: string): Promise<void> {
  await page.getByRole('button', { name: /Add (a REDCap )?connection/ }).first().click();
  const dialog = page.getByTestId('add-connection');
  await dialog.getByLabel('API address').fill(url);
  await dialog.getByLabel('API token').fill(token);
  await dialog.getByRole('button', { name: 'Add connection' }).click();
}

/** Adds a BrainSTEM server through the dialog, as a user would: service, address, portal. */
export async function addBrainstemConnection(page: Page, url: string, portal: 'private' | 'public'): Promise<void> {
  await page.getByRole('button', { name: /^Add (a BrainSTEM server|connection)$/ }).first().click();
  const dialog = page.getByTestId('add-connection');
  await dialog.getByRole('radio', { name: /BrainSTEM/ }).check();
  await dialog.getByLabel('Server address').fill(url);
  await dialog.getByRole('radio', { name: portal === 'private' ? /^Private/ : /^Public/ }).check();
  await dialog.getByRole('button', { name: 'Add connection' }).click();
}

/** Adds a Brim project through the dialog, as a user would: service, API address, token, project id or name. */
export async function addBrimConnection(page: Page, url: string, token: string, project: { id: number } | { name: string }): Promise<void> {
  await page.getByRole('button', { name: /^Add (a Brim project|connection)$/ }).first().click();
  const dialog = page.getByTestId('add-connection');
  await dialog.getByRole('radio', { name: /^Brim/ }).check();
  await dialog.getByLabel('API address').fill(url);
  await dialog.getByLabel('API token').fill(token);
  if ('id' in project) {
    await dialog.getByRole('radio', { name: /by its id/ }).check();
    await dialog.getByLabel('Project id').fill(String(project.id));
  } else {
    await dialog.getByRole('radio', { name: /with this name/ }).check();
    await dialog.getByLabel('Project name').fill(project.name);
  }
  await dialog.getByRole('button', { name: 'Add connection' }).click();
}

/**
 * What the BrainSTEM sandbox itself answers for a list (the oracle for counts and filters): the
 * total the server reports for `filter{…}` parameters, read with the given token or anonymously.
 */
export async function brainstemCount(base: string, portal: 'private' | 'public', appModel: string, filters: Record<string, string> = {}, token?: string): Promise<number> {
  const url = new URL(`api/${portal}/${appModel}/`, base);
  url.searchParams.set('limit', '1');
  for (const [key, value] of Object.entries(filters)) url.searchParams.set(`filter{${key}}`, value);
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (!response.ok) throw new Error(`sandbox ${appModel} list failed: HTTP ${response.status}`);
  const body = (await response.json()) as { count?: number };
  if (typeof body.count !== 'number') throw new Error(`sandbox ${appModel} list has no count`);
  return body.count;
}

/** Moves the grid's focus to a cell the way a user would (click, then arrow keys), scrolling it into view. */
export async function focusCell(page: Page, grid: Locator, row: number, col: number): Promise<void> {
  await grid.locator('[aria-rowindex="2"] [aria-colindex="1"]').click();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < row; i++) await page.keyboard.press('ArrowDown');
  for (let i = 1; i < col; i++) await page.keyboard.press('ArrowRight');
}

/** A port on 127.0.0.1 where nothing listens. */
export const closedPort = freePort;
