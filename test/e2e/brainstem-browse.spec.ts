import { addBrainstemConnection, brainstemCount, expect, test } from './carrel-fixture.ts';
import type { Locator, Page } from '@playwright/test';

test.use({ records: 5 });

/** The sandbox's `app/model` path of a model, as the API addresses it. */
const paths: Record<string, string> = {
  project: 'stem/project',
  subject: 'stem/subject',
  session: 'stem/session',
  species: 'taxonomies/species',
  publication: 'dissemination/publication',
};

function browser(page: Page): { nav: Locator; entry: (model: string) => Locator } {
  const nav = page.getByTestId('model-browser');
  return { nav, entry: (model: string) => nav.locator(`[data-model="${model}"]`) };
}

async function addCondition(page: Page, condition: { column: string; op: string; value: string; not?: boolean }): Promise<void> {
  const bar = page.getByTestId('condition-bar');
  await bar.getByRole('button', { name: '+ Condition' }).click();
  const editor = bar.getByRole('form', { name: 'New condition' });
  await editor.getByLabel('Column').selectOption(condition.column);
  await editor.getByLabel('Operator').selectOption(condition.op);
  if (condition.not) await editor.getByLabel('not').check();
  await editor.getByLabel('Value').fill(condition.value);
  await editor.getByRole('button', { name: 'Add' }).click();
}

test('the public portal of a BrainSTEM server browses without signing in, with the server\'s counts, operator filters, and offline', async ({ page, carrel }) => {
  const base = carrel.brainstem.url;
  await page.goto(carrel.url);
  await addBrainstemConnection(page, base, 'public');

  const screen = page.getByTestId('brainstem-screen');
  await expect(screen).toHaveAttribute('data-portal', 'public');
  await expect(page.getByTestId('sign-in-state')).toHaveAttribute('data-signed-in', 'false');
  const { nav, entry } = browser(page);
  await expect(nav).toBeVisible({ timeout: 30_000 });
  for (const app of ['stem', 'modules', 'taxonomies', 'dissemination']) await expect(nav.locator(`[data-app="${app}"]`).getByRole('heading')).toBeVisible();

  // Every model's count is what the server itself reports to an anonymous reader.
  await expect(entry('project')).toContainText(String(carrel.brainstem.publicProjects));
  for (const [model, path] of Object.entries(paths)) {
    const count = await brainstemCount(base, 'public', path);
    await expect(entry(model)).toHaveAttribute('data-state', 'ok');
    await expect(entry(model).locator('.nav-count')).toHaveText(`${count} records`);
  }

  // Sessions in the grid.
  const sessions = await brainstemCount(base, 'public', paths.session!);
  await entry('session').click();
  await expect(entry('session')).toHaveAttribute('aria-current', 'page');
  const rowCount = page.getByTestId('row-count');
  const grid = page.getByTestId('records-grid');
  await expect(rowCount).toHaveText(new RegExp(`^${sessions} rows · \\d+ columns$`));
  await expect(grid).toHaveAttribute('data-ready', 'true');

  // The server's operators narrow the offline table exactly as the server's own filter would.
  const named = await brainstemCount(base, 'public', paths.session!, { 'name.icontains': 'r01' });
  expect(named).toBeGreaterThan(0);
  expect(named).toBeLessThan(sessions);
  await addCondition(page, { column: 'name', op: 'icontains', value: 'r01' });
  await expect(page.getByTestId('condition-chip')).toHaveText(/contains “r01”/);
  await expect(rowCount).toHaveText(new RegExp(`^${named} of ${sessions} rows`));

  const later = await brainstemCount(base, 'public', paths.session!, { 'name.icontains': 'r01', 'date_time.gt': '2024-03-01T00:00' });
  expect(later).toBeLessThan(named);
  await addCondition(page, { column: 'date_time', op: 'gt', value: '2024-03-01T00:00' });
  await expect(page.getByTestId('condition-chip')).toHaveCount(2);
  await expect(rowCount).toHaveText(new RegExp(`^${later} of ${sessions} rows`));

  // Negated: the first chip opens for editing; "not contains" keeps the rest.
  await page.getByTestId('condition-chip').nth(1).getByRole('button', { name: /^Remove the condition/ }).click();
  await page.getByTestId('condition-chip').first().getByTitle('Change this condition').click();
  const editor = page.getByTestId('condition-bar').getByRole('form', { name: 'Change condition' });
  await editor.getByLabel('not').check();
  await editor.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('condition-chip')).toHaveText(/does not contain “r01”/);
  await expect(rowCount).toHaveText(new RegExp(`^${sessions - named} of ${sessions} rows`));

  // Ctrl+F reaches the filter box; its words narrow the rows further.
  await grid.locator('[aria-rowindex="2"] [aria-colindex="1"]').click();
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('filter')).toBeFocused();

  // The server goes away: the cached tables keep working, and the screen says it is offline.
  await carrel.stopSandbox();
  await page.reload();
  await page.getByRole('button', { name: /^Open / }).click();
  await expect(page.getByTestId('online-status')).toHaveText(/Offline/, { timeout: 20_000 });
  await expect(entry('session')).toHaveAttribute('aria-current', 'page');
  await expect(rowCount).toHaveText(new RegExp(`^${sessions} rows`));
  await addCondition(page, { column: 'name', op: 'icontains', value: 'r01' });
  await expect(rowCount).toHaveText(new RegExp(`^${named} of ${sessions} rows`));
  await entry('project').click();
  await expect(rowCount).toHaveText(new RegExp(`^${carrel.brainstem.publicProjects} rows`));
  await expect(grid).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('last-synced')).toHaveText(/Synced/);
});

test('keyboard: the model browser is one tab stop; arrows, Home and typing a name move through the models', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addBrainstemConnection(page, carrel.brainstem.url, 'public');
  const { nav, entry } = browser(page);
  await expect(nav).toBeVisible({ timeout: 30_000 });
  await expect(nav.locator('[tabindex="0"]')).toHaveCount(1);

  await entry('project').click();
  await page.keyboard.press('ArrowDown');
  const second = nav.locator('button[data-model]').nth(1);
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('Home');
  await expect(entry('project')).toHaveAttribute('aria-current', 'page');
  await page.keyboard.type('sess');
  await expect(entry('session')).toBeFocused();
  await expect(entry('session')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('row-count')).toHaveText(/^\d+ rows/);

  // Ctrl+R syncs again (the first sync ran when the connection was added).
  const result = page.getByTestId('sync-result');
  await expect(result).toContainText(/^Synced \d+ records of the public portal/);
  await result.getByRole('button', { name: 'Dismiss' }).click();
  await expect(result).toBeHidden();
  await page.keyboard.press('Control+r');
  await expect(result).toContainText(/^Synced \d+ records of the public portal/, { timeout: 30_000 });

  // The choice comes back when the connection is opened again.
  await page.reload();
  await page.getByRole('button', { name: /^Open / }).click();
  await expect(entry('session')).toHaveAttribute('aria-current', 'page');
});
