import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildAll } from './build.ts';

/**
 * `npm run screenshots`: the README's pictures, taken from the real app on demo data (sandbox +
 * web shell in Debian's Chromium), light and dark: connections, records with the navigator, a
 * record's detail, the export dialog, a CSV's review before import, the form–event grid, the file
 * repository and the log; BrainSTEM's sessions with a
 * record beside them, and its browser sign-in; Brim's pre-flight report, history and results. CJK
 * names need a CJK font installed to render (Debian: fonts-noto-cjk).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs', 'screenshots');
const work = mkdtempSync(join(tmpdir(), 'carrel-shots-'));
const flags = ['--disable-warning=ExperimentalWarning'];

function lineFrom(child: ReturnType<typeof spawn>, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) resolve(match[1] ?? match[0]);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
}

await buildAll({ quiet: true });
mkdirSync(out, { recursive: true });
const sandbox = spawn(process.execPath, [...flags, 'test/sandbox/main.ts', '--port', '0', '--records', '2500', '--info', join(work, 'sandbox.json')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
await lineFrom(sandbox, /REDCap\s+http/);
const shell = spawn(process.execPath, [...flags, 'main/shells/web/main.ts', '--user-data', join(work, 'user-data'), '--demo-info', join(work, 'sandbox.json'), '--port', '0', '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await lineFrom(shell, /"url":"([^"]+)"/);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 1360, height: 800 }, colorScheme: scheme, deviceScaleFactor: 1 });
    const shot = (name: string) => page.screenshot({ path: join(out, `${name}-${scheme}.png`) });
    const open = async (project: RegExp) => {
      await page.getByRole('button', { name: '← Connections' }).click();
      await page.getByRole('button', { name: project }).click();
      await page.getByTestId('navigator').waitFor();
    };
    const select = async (key: string) => {
      await page.getByTestId('navigator').locator(`[data-nav-key="${key}"]`).click();
      await page.waitForTimeout(500);
    };
    await page.goto(url);
    await page.locator('.connection-open').first().waitFor();
    await shot('connections');

    // The records of the classic demo project, sorted, filtered, with a selection and the jobs panel.
    await page.getByRole('button', { name: /^Open Cardiometabolic/ }).click();
    const grid = page.getByTestId('records-grid');
    await grid.and(page.locator('[data-ready=true]')).waitFor();
    await page.getByTestId('sync-result').getByRole('button', { name: 'Dismiss' }).click().catch(() => undefined);
    await grid.locator('[role=columnheader][data-column="last_name"]').click();
    await page.getByTestId('filter').fill('patel');
    await page.waitForTimeout(600);
    await grid.locator('[aria-rowindex="3"] [aria-colindex="3"]').click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await page.getByTestId('jobs-button').click();
    await page.waitForTimeout(300);
    await shot('records');
    await page.getByTestId('jobs-button').click();

    // One record beside the table.
    await grid.locator('[aria-rowindex="2"] [aria-colindex="2"]').click();
    await page.keyboard.press('Enter');
    await page.getByTestId('record-detail').and(page.locator('[aria-busy=false]')).waitFor();
    await page.waitForTimeout(300);
    await shot('record-detail');
    await page.keyboard.press('Escape');

    // The export dialog over the filtered view, then a CSV's review before import (cancelled: nothing is sent).
    await grid.locator('[aria-rowindex="2"] [aria-colindex="1"]').click();
    await page.keyboard.press('Control+e');
    const exportDialog = page.getByTestId('export-dialog');
    await exportDialog.getByRole('heading', { name: 'Export', exact: true }).waitFor();
    await exportDialog.getByRole('radio', { name: /^Excel/ }).check().catch(() => undefined);
    await page.waitForTimeout(300);
    await shot('export-dialog');
    await exportDialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('filter').fill('');
    await grid.and(page.locator('[data-ready=true]')).waitFor();
    const ids = await grid.locator('[role=row] [aria-colindex="1"]').allTextContents();
    const [firstId = '1', secondId = '2'] = ids.map((id) => id.trim()).filter((id) => /^[\w-]+$/.test(id) && id !== 'record_id');
    await page.getByRole('button', { name: /^Import CSV/ }).click();
    const importDialog = page.getByTestId('import-dialog');
    const corrections = ['record_id,first_name,last_name,sbp', `${firstId},Amara,Okafor,128`, `${secondId},Jonas,Lindqvist,141`, '9001,Zed,Newman,130'];
    await importDialog.locator('input[type=file]').setInputFiles({ name: 'corrections.csv', mimeType: 'text/csv', buffer: Buffer.from(corrections.join('\n') + '\n') });
    await importDialog.getByTestId('import-rows-read').waitFor();
    await importDialog.getByRole('button', { name: /Changes/ }).click();
    await page.waitForTimeout(500);
    await shot('import-review');
    await importDialog.getByRole('button', { name: 'Cancel' }).click();

    // The longitudinal demo project: its form–event grid, file repository and log.
    await open(/^Open Heart Failure/);
    await select('special:arms-events');
    await page.getByTestId('form-event-grid').waitFor();
    await shot('arms-events');
    await select('dataset:file_repository');
    await page.getByTestId('repository-list').waitFor();
    await shot('file-repository');
    await select('dataset:logging');
    await page.getByRole('button', { name: 'Exports' }).click();
    await page.waitForTimeout(500);
    await shot('logging');

    // BrainSTEM: the private portal's sessions narrowed by a condition, one session beside the table,
    // then the browser sign-in (after signing out, which only forgets this run's demo token).
    await page.getByRole('button', { name: '← Connections' }).click();
    await page.getByRole('button', { name: /^Open BrainSTEM/ }).click();
    const models = page.getByTestId('model-browser');
    await models.waitFor();
    await models.locator('[data-model="session"]').click();
    await grid.and(page.locator('[data-ready=true]')).waitFor();
    await page.getByTestId('sync-result').getByRole('button', { name: 'Dismiss' }).click().catch(() => undefined);
    const conditions = page.getByTestId('condition-bar');
    await conditions.getByRole('button', { name: '+ Condition' }).click();
    await conditions.getByLabel('Column').selectOption('name');
    await conditions.getByLabel('Operator').selectOption('icontains');
    await conditions.getByLabel('Value').fill('v01');
    await conditions.getByRole('button', { name: 'Add' }).click();
    await page.waitForTimeout(500);
    await grid.locator('[aria-rowindex="2"] [aria-colindex="2"]').dblclick();
    await page.getByTestId('record-aside').waitFor();
    await page.waitForTimeout(600);
    await shot('brainstem');
    const signOut = page.getByTestId('sign-in-state').getByRole('button', { name: 'Sign out' });
    if (await signOut.isVisible()) {
      await signOut.click();
      await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Sign out' }).click();
    }
    await page.getByTestId('sign-in-state').getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('sign-in-dialog').getByRole('button', { name: 'Start browser sign-in' }).click();
    await page.getByTestId('user-code').waitFor();
    await shot('brainstem-sign-in');
    await page.keyboard.press('Escape');

    // Brim: a notes CSV with problems checked before upload, the task history, and the demo
    // project's patient-level results fetched into the table.
    await page.getByRole('button', { name: '← Connections' }).click();
    const brimInfo = (JSON.parse(readFileSync(join(work, 'sandbox.json'), 'utf8')) as { brim: { url: string; token: string; projectId: number } }).brim;
    // The home list renders after connections.list answers; isVisible() does not wait for it.
    await page.getByRole('button', { name: /^Open / }).first().waitFor();
    const brimCard = page.getByRole('button', { name: /^Open .*Lung Cancer/ }).first();
    if (!(await brimCard.isVisible())) {
      await page.getByRole('button', { name: 'Add connection' }).click();
      const dialog = page.getByTestId('add-connection');
      await dialog.getByRole('radio', { name: /^Brim/ }).check();
      await dialog.getByLabel('API address').fill(brimInfo.url);
      await dialog.getByLabel('API token').fill(brimInfo.token);
      await dialog.getByLabel('Project id').fill(String(brimInfo.projectId));
      await dialog.getByRole('button', { name: 'Add connection' }).click();
    } else await brimCard.click();
    const brim = page.getByTestId('brim-screen');
    await brim.getByTestId('brim-history-section').waitFor();
    await brim.getByRole('button', { name: 'Fetch patient-level' }).click();
    await brim.getByTestId('brim-results-fetched').waitFor({ timeout: 60_000 });
    await brim.getByTestId('brim-results-progress').waitFor({ state: 'detached', timeout: 60_000 });
    const notes = ['person_id,note_id,note_datetime,note_title,note_text'];
    for (let i = 0; i < 40; i++) notes.push(`MRN${2000 + Math.floor(i / 4)},N${i + 1},${i % 3 === 0 ? `2024-05-${String((i % 28) + 1).padStart(2, '0')}T08:15` : '2024-05-02 08:15:00'},${i % 7 === 0 ? '' : 'Oncology Consult'},"Synthetic note ${i + 1}."`);
    notes.push('MRN2003,N13,2024-05-09 10:00:00,Progress Note,"Repeated id."');
    await brim.getByTestId('brim-notes-input').setInputFiles({ name: 'oncology-notes.csv', mimeType: 'text/csv', buffer: Buffer.from(notes.join('\n') + '\n') });
    await brim.getByTestId('brim-preflight-report').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await shot('brim');
    await page.close();
  }
  process.stdout.write(`Screenshots written to ${out}\n`);
} finally {
  await browser.close();
  shell.kill('SIGTERM');
  sandbox.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
