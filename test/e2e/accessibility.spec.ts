import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { addBrainstemConnection, addBrimConnection, addConnection, expect, test } from './carrel-fixture.ts';

test.use({ records: 20 });

/**
 * axe-core (WCAG 2 A and AA rules) on one screen as the user sees it now. Every violation is printed
 * with its impact; serious and critical ones fail the test, with the rule and the elements named.
 */
async function audit(page: Page, screen: string): Promise<void> {
  // Animations and transitions settle first, so colour contrast is measured on the final colours.
  await page.waitForTimeout(250);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const blocking = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const byImpact = result.violations.map((v) => `${v.id}(${v.impact ?? '?'}×${v.nodes.length})`).join(', ');
  console.log(`axe ${screen}: ${result.passes.length} rules pass, ${result.violations.length} violated, ${blocking.length} serious or critical${byImpact ? ` — ${byImpact}` : ''}`);
  const details = blocking.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`).join('\n')}`);
  expect(details, `${screen}: serious or critical accessibility violations`).toEqual([]);
}

function csvOf(rows: string[][]): string {
  return rows.map((row) => row.join(',')).join('\n') + '\n';
}

test('connections: the empty state, the add-connection dialog and About pass axe', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await expect(page.getByTestId('connections-empty')).toBeVisible();
  await audit(page, 'connections empty state');

  await page.getByRole('button', { name: 'Add a REDCap connection' }).click();
  await expect(page.getByTestId('add-connection')).toBeVisible();
  await audit(page, 'add-connection dialog (REDCap)');
  await page.getByTestId('add-connection').getByRole('radio', { name: /^Brim/ }).check();
  await audit(page, 'add-connection dialog (Brim)');
  await page.keyboard.press('Escape');

  await page.getByTestId('about-button').click();
  const about = page.getByTestId('about-dialog');
  await expect(about.getByTestId('diagnostics-text')).toHaveValue(/## Versions/);
  await audit(page, 'About dialog');
  await page.emulateMedia({ colorScheme: 'dark' });
  await audit(page, 'About dialog, dark');
  await page.keyboard.press('Escape');
  await audit(page, 'connections empty state, dark');
});

test('REDCap: records table, record detail, jobs panel, export and import dialogs pass axe', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');
  await audit(page, 'REDCap project records table');

  await page.getByTestId('filter').fill('zzzz-nothing-matches');
  await expect(page.getByTestId('no-match')).toBeVisible();
  await audit(page, 'records table, no rows match');
  await page.getByRole('button', { name: 'Clear the filter' }).click();
  await expect(grid).toHaveAttribute('data-ready', 'true');

  await grid.locator('[aria-rowindex="2"] [aria-colindex="2"]').click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('record-detail')).toHaveAttribute('aria-busy', 'false');
  await audit(page, 'record detail');
  await page.keyboard.press('Escape');

  await page.getByTestId('jobs-button').click();
  await expect(page.getByTestId('jobs-panel')).toBeVisible();
  await audit(page, 'jobs panel');
  await page.getByTestId('jobs-button').click();

  await grid.locator('[aria-rowindex="2"] [aria-colindex="1"]').click();
  await page.keyboard.press('Control+e');
  const exportDialog = page.getByTestId('export-dialog');
  await expect(exportDialog.getByRole('heading', { name: 'Export', exact: true })).toBeVisible();
  await audit(page, 'export dialog');
  await exportDialog.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: /^Import CSV/ }).click();
  const importDialog = page.getByTestId('import-dialog');
  await expect(importDialog).toBeVisible();
  await audit(page, 'import dialog, choosing a file');
  const csv = csvOf([
    ['record_id', 'first_name', 'sbp', 'favourite_colour'],
    ['1', 'Renamed', 'abc', 'blue'],
    ['9001', 'Zed', '130', 'red'],
  ]);
  await importDialog.locator('input[type=file]').setInputFiles({ name: 'changes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(importDialog.getByTestId('import-rows-read')).toHaveText('2');
  await audit(page, 'import dialog, review');
  await importDialog.getByRole('button', { name: /Mapping/ }).click();
  await audit(page, 'import dialog, mapping');
  await importDialog.getByRole('button', { name: /Problems/ }).click();
  await audit(page, 'import dialog, problems');
  await importDialog.getByRole('button', { name: /Changes/ }).click();
  await audit(page, 'import dialog, changes');
  await importDialog.getByRole('button', { name: 'Cancel' }).click();

  await page.emulateMedia({ colorScheme: 'dark' });
  await grid.locator('[aria-rowindex="2"] [aria-colindex="2"]').click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('record-detail')).toHaveAttribute('aria-busy', 'false');
  await audit(page, 'records table and record detail, dark');
});

test('BrainSTEM: the model browser and a model table pass axe', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addBrainstemConnection(page, carrel.brainstem.url, 'public');
  const nav = page.getByTestId('model-browser');
  await expect(nav).toBeVisible({ timeout: 30_000 });
  await nav.locator('[data-model="session"]').click();
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  await audit(page, 'BrainSTEM screen');
});

test('Brim: the project screen passes axe', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addBrimConnection(page, carrel.brim.url, carrel.brim.token, { id: carrel.brim.projectId });
  const brim = page.getByTestId('brim-screen');
  await expect(brim.getByTestId('brim-history-section')).toBeVisible();
  await audit(page, 'Brim screen');
});
