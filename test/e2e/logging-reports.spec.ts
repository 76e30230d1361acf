import type { Locator } from '@playwright/test';
import { addConnection, expect, test } from './carrel-fixture.ts';
import { redcapImport } from '../helpers/redcap-truth.ts';
import { redcapJson } from './sandbox-api.ts';

test.use({ records: 12 });

/**
 * The values of one column in the grid's rows on screen (the log here is short enough to be all on
 * screen). Rows arrive a moment after the row count changes, so callers poll it.
 */
function column(grid: Locator, index: number): Promise<string[]> {
  return grid.locator(`[role=row]:not([aria-rowindex="1"]) [aria-colindex="${index}"]`).allTextContents();
}

test('logging: quick filters for the kind of action, the user and the record narrow the log', async ({ page, carrel }) => {
  await redcapImport(carrel.redcapUrl, carrel.token, [{ record_id: '3', last_name: 'Renamed' }]);
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('navigator').locator('[data-nav-key="dataset:logging"]').click();
  const grid = page.getByTestId('records-grid');
  const rowCount = page.getByTestId('row-count');
  await expect(rowCount).toHaveText(/^\d+ rows · 5 columns$/);
  const all = Number((await rowCount.textContent())!.match(/^(\d+)/)![1]);
  const shown = (n: RegExp) => expect(rowCount).toHaveText(n);

  await page.getByRole('button', { name: 'Exports' }).click();
  await shown(new RegExp(`^\\d+ of ${all} rows`));
  await expect(grid).toHaveAttribute('data-ready', 'true');
  await expect.poll(async () => new Set(await column(grid, 3))).toEqual(new Set(['Data export']));

  await page.getByRole('button', { name: 'Design' }).click();
  await shown(new RegExp(`^\\d+ of ${all} rows`));
  await expect(grid).toHaveAttribute('data-ready', 'true');
  await expect.poll(async () => new Set(await column(grid, 3))).toEqual(new Set(['Manage/Design']));

  await page.getByRole('button', { name: 'Data changes' }).click();
  await expect(grid.locator('[role=row]', { hasText: /Update record( \(import\))? 3/ })).toHaveCount(1);
  await expect(grid.locator('[role=row]', { hasText: 'Manage/Design' })).toHaveCount(0);

  await page.getByRole('button', { name: 'All', exact: true }).click();
  await page.getByTestId('log-record').fill('3');
  await shown(new RegExp(`^\\d+ of ${all} rows`));
  await expect(grid).toHaveAttribute('data-ready', 'true');
  await expect.poll(async () => new Set(await column(grid, 5))).toEqual(new Set(['3']));
  await page.getByTestId('log-record').fill('');
  await shown(new RegExp(`^${all} rows`));

  // Users come from the project's user list; the token's own user has exported data.
  const users = await redcapJson<Array<{ username: string }>>(carrel.redcapUrl, carrel.token, { content: 'user' });
  const entries = await redcapJson<Array<{ username: string }>>(carrel.redcapUrl, carrel.token, { content: 'log' });
  const active = entries[0]!.username;
  const idle = users.map((u) => u.username).find((name) => !entries.some((e) => e.username === name));
  await page.getByTestId('log-user').selectOption(active);
  await expect(grid).toHaveAttribute('data-ready', 'true');
  await expect.poll(async () => new Set(await column(grid, 2))).toEqual(new Set([active]));
  if (idle) {
    await page.getByTestId('log-user').selectOption(idle);
    await expect(page.getByRole('heading', { name: 'No rows match the filter' })).toBeVisible();
  }
});

test('reports: add one by its ID (the API cannot list them), browse it, remove it', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  const nav = page.getByTestId('navigator');

  await nav.getByRole('button', { name: 'Add a report by ID…' }).click();
  const dialog = page.getByTestId('add-report-dialog');
  await expect(dialog).toContainText('cannot list them');
  await dialog.getByLabel('Report ID').fill('12ab');
  await expect(dialog).toContainText('A report ID is a number');
  await expect(dialog.getByRole('button', { name: 'Add report' })).toBeDisabled();
  await dialog.getByLabel('Report ID').fill('999999');
  await dialog.getByRole('button', { name: 'Add report' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible({ timeout: 20_000 });

  const rows = await redcapJson<Array<Record<string, string>>>(carrel.redcapUrl, carrel.token, { content: 'report', report_id: '4101' });
  await dialog.getByLabel('Report ID').fill('4101');
  await dialog.getByRole('button', { name: 'Add report' }).click();
  await expect(dialog).toHaveCount(0, { timeout: 20_000 });
  const entry = nav.locator('[data-nav-key="dataset:report_4101"]');
  await expect(entry).toHaveAttribute('aria-current', 'page');
  await expect(entry).toContainText(String(rows.length));
  await expect(page.getByTestId('row-count')).toHaveText(`${rows.length} rows · ${Object.keys(rows[0]!).length} columns`);
  await expect(page.getByTestId('records-grid').locator('[aria-rowindex="2"] [aria-colindex="1"]')).toHaveText(rows[0]!.record_id!);

  // Delete on the sidebar entry removes it, after asking.
  await entry.focus();
  await page.keyboard.press('Delete');
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('report 4101');
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(entry).toHaveCount(0);
  await expect(nav.locator('[data-nav-key="preset:all"]')).toHaveAttribute('aria-current', 'page');
});
