import type { Page } from '@playwright/test';
import { addConnection, expect, test } from './carrel-fixture.ts';

/** The colour a person sees for an element, as [r, g, b]: its text colour, or the first opaque background up its ancestors. */
async function rgb(page: Page, selector: string, property: 'backgroundColor' | 'color'): Promise<number[]> {
  const value = await page.locator(selector).first().evaluate((element, prop) => {
    for (let at: Element | null = element; at; at = at.parentElement) {
      const colour = getComputedStyle(at)[prop];
      if (prop === 'color' || !/^rgba\(.*,\s*0\)$|^transparent$/.test(colour)) return colour;
    }
    return 'rgb(255, 255, 255)';
  }, property);
  return (value.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
}
const brightness = ([r, g, b]: number[]): number => (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;

test('Ctrl+K runs any command, the shortcuts sheet lists them, and the theme switches to a complete dark', async ({ page, carrel }, testInfo) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');

  // The palette: filter by a few letters, Enter runs the best match.
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  const search = palette.getByRole('combobox', { name: 'Type a command' });
  await expect(search).toBeFocused();
  await search.fill('exp');
  const first = palette.getByRole('option').first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(first).toContainText('Export…');
  await expect(first).toContainText('Ctrl+E');
  await page.screenshot({ path: testInfo.outputPath('palette.png') });
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  const exportDialog = page.getByTestId('export-dialog');
  await expect(exportDialog.getByRole('heading', { name: 'Export', exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(exportDialog).toBeHidden();

  // Arrows move through the list; Escape leaves without running anything.
  await page.keyboard.press('Control+k');
  await expect(palette.getByRole('option')).not.toHaveCount(0);
  await page.keyboard.press('ArrowDown');
  await expect(palette.getByRole('option').first()).toHaveAttribute('aria-selected', 'false');
  await expect(palette.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
  await search.fill('import');
  await expect(palette.getByRole('option').first()).toContainText('Import CSV…');
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);

  // Existing shortcuts still work as before, now through the registry.
  await grid.locator('[aria-rowindex="2"] [aria-colindex="1"]').click();
  await page.keyboard.press('Control+j');
  await expect(page.getByTestId('jobs-button')).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Control+j');
  await expect(page.getByTestId('jobs-button')).toHaveAttribute('aria-expanded', 'false');

  // The sheet: `?` outside a text field, Ctrl+/ anywhere; generated from the same registry.
  await grid.locator('[aria-rowindex="2"] [aria-colindex="1"]').click();
  await page.keyboard.press('Shift+Slash');
  const sheet = page.getByTestId('shortcuts-sheet');
  await expect(sheet).toBeVisible();
  const data = sheet.getByRole('region', { name: 'Data' });
  await expect(data.getByText('Import CSV…')).toBeVisible();
  await expect(data.locator('dd', { hasText: 'Ctrl+I' })).toBeVisible();
  await expect(data.locator('dd', { hasText: 'Ctrl+Shift+F' })).toBeVisible();
  await expect(sheet.getByRole('region', { name: 'General' }).locator('dd', { hasText: 'Ctrl+K' })).toBeVisible();
  await expect(sheet.getByRole('region', { name: 'Navigation' }).getByText('Go to Records')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('shortcuts.png') });
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  // Typing `?` into the filter types it; it does not open the sheet.
  const filter = page.getByPlaceholder(/^Filter rows/);
  await filter.click();
  await page.keyboard.press('Shift+Slash');
  await expect(filter).toHaveValue('?');
  await expect(sheet).toBeHidden();
  await filter.fill('');
  await page.keyboard.press('Control+/');
  await expect(sheet).toBeVisible();
  await page.keyboard.press('Escape');

  // Theme: the setting switches data-theme and every colour with it.
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme-choice', 'system');
  await page.keyboard.press('Control+k');
  await search.fill('theme dark');
  await page.keyboard.press('Enter');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(html).toHaveAttribute('data-theme-choice', 'dark');
  expect(brightness(await rgb(page, 'body', 'backgroundColor'))).toBeLessThan(0.15);
  expect(brightness(await rgb(page, '.topbar', 'backgroundColor'))).toBeLessThan(0.15);
  expect(brightness(await rgb(page, '[data-testid="records-grid"] [aria-rowindex="2"] [aria-colindex="2"]', 'backgroundColor'))).toBeLessThan(0.2);
  expect(brightness(await rgb(page, 'h1', 'color'))).toBeGreaterThan(0.75);
  await page.screenshot({ path: testInfo.outputPath('dark.png') });

  // The choice is saved: a second window (or the next start) gets it from the settings.
  const second = await page.context().newPage();
  await second.goto(carrel.url);
  await expect(second.locator('html')).toHaveAttribute('data-theme', 'dark');
  await second.close();

  await page.keyboard.press('Control+k');
  await search.fill('theme light');
  await page.keyboard.press('Enter');
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(brightness(await rgb(page, 'body', 'backgroundColor'))).toBeGreaterThan(0.85);

  // Navigation commands: back to the connections and into a connection again, from the keyboard.
  await page.keyboard.press('Control+Shift+H');
  await expect(page.getByTestId('home')).toBeVisible();
  await page.keyboard.press('Control+k');
  await search.fill('open');
  await expect(palette.getByRole('option').first()).toContainText('Open ');
  await page.keyboard.press('Enter');
  await expect(grid).toHaveAttribute('data-ready', 'true');
});
