import { readFileSync } from 'node:fs';
import { addConnection, expect, focusCell, test } from './carrel-fixture.ts';
import { parseCsv } from '../helpers/csv-parse.ts';
import { matchesFilter, redcapRecords } from '../helpers/redcap-truth.ts';

test('add a connection, sync, sort, filter and export: the file holds exactly the records the table shows', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await expect(page.getByRole('heading', { name: 'Add your first connection' })).toBeVisible();
  await addConnection(page, carrel.redcapUrl, carrel.token);

  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('row-count')).toHaveText(/^120 rows · \d+ columns$/);
  await expect(page.getByTestId('last-synced')).toHaveText('Synced just now');
  await expect(page.getByTestId('online-status')).toHaveText(/Online/);

  const truth = await redcapRecords(carrel.redcapUrl, carrel.token);
  expect(truth).toHaveLength(120);
  const fields = Object.keys(truth[0]!);

  // Raw codes, sorted by systolic blood pressure, highest first.
  await page.getByRole('button', { name: 'Raw codes' }).click();
  await focusCell(page, grid, 1, fields.indexOf('sbp') + 1);
  const sbpHeader = grid.locator('[role=columnheader][data-column="sbp"]');
  await sbpHeader.click();
  await sbpHeader.click();
  await expect(sbpHeader).toHaveAttribute('aria-sort', 'descending');

  // Filter by a word that several records share.
  const word = truth[7]!.last_name!.slice(0, 3);
  await page.getByTestId('filter').fill(word);
  const expected = truth
    .filter((record) => matchesFilter(fields.map((f) => record[f]!), word))
    .map((record, index) => ({ record, index }))
    .sort((a, b) => {
      const x = a.record.sbp!;
      const y = b.record.sbp!;
      if ((x === '') !== (y === '')) return x === '' ? 1 : -1;
      return Number(y) - Number(x) || a.index - b.index;
    })
    .map(({ record }) => fields.map((f) => record[f]!));
  expect(expected.length).toBeGreaterThan(0);
  await expect(page.getByTestId('row-count')).toHaveText(new RegExp(`^${expected.length} of 120 rows`));
  await expect(grid.locator('[aria-rowindex="2"] [aria-colindex="1"]')).toHaveText(expected[0]![0]!);

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toContainText(`${expected.length} of 120 rows`);
  await expect(dialog).toContainText('raw codes');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export and download' }).click();
  const file = await (await download).path();
  const content = readFileSync(file, 'utf8');
  expect(content.startsWith('\uFEFF')).toBe(false);
  const [header, ...rows] = parseCsv(content);
  expect(header).toEqual(fields);
  expect(rows).toEqual(expected);

  await expect(page.getByTestId('jobs-panel').getByTestId('job').filter({ hasText: 'Export' })).toHaveAttribute('data-job-state', 'succeeded');
});

test('the table works from the keyboard and copies the selection as tab-separated text', async ({ page, carrel, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Raw codes' }).click();
  await expect(grid).toHaveAttribute('data-ready', 'true');

  await grid.locator('[aria-rowindex="2"] [aria-colindex="1"]').click();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(grid.locator('[aria-selected="true"]')).toHaveCount(4);
  await page.keyboard.press('Control+c');
  await expect(page.getByText(/Copied 2 × 2 cells/)).toBeVisible();

  const truth = await redcapRecords(carrel.redcapUrl, carrel.token);
  const fields = Object.keys(truth[0]!);
  const expected = [1, 2].map((row) => [fields[1]!, fields[2]!].map((f) => truth[row]![f]!).join('\t')).join('\n');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);

  // Ctrl+End goes to the last cell; the grid scrolls there.
  await page.keyboard.press('Control+End');
  await expect(grid.locator('.dg-focus')).toHaveText(truth[119]![fields.at(-1)!]!);
  await expect(grid.locator('[aria-rowindex="121"]')).toBeVisible();
  await page.keyboard.press('Control+Home');
  await expect(grid.locator('.dg-focus')).toHaveText(truth[0]![fields[0]!]!);

  // Labels: coded values read as words.
  await page.keyboard.press('Alt+l');
  await expect(page.getByRole('button', { name: 'Labels' })).toHaveAttribute('aria-pressed', 'true');
  const sexColumn = fields.indexOf('sex') + 1;
  await focusCell(page, grid, 1, sexColumn);
  const sexLabels: Record<string, string> = { '1': 'Female', '2': 'Male', '3': 'Intersex', '': '' };
  await expect(grid.locator('.dg-focus')).toHaveText(sexLabels[truth[0]!.sex!]!);
});

test('an unreachable server leaves the cached copy browsable and says the app is offline', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  await carrel.stopSandbox();

  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Server not reachable', { timeout: 30_000 });
  await expect(page.getByText('The cached copy below is unchanged.')).toBeVisible();
  await expect(page.getByTestId('online-status')).toHaveText(/Offline — showing cached data/);
  await expect(page.getByTestId('row-count')).toHaveText(/^120 rows/);
  await page.getByTestId('filter').fill('zzzz-no-such-value');
  await expect(page.getByRole('heading', { name: 'No rows match “zzzz-no-such-value”' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear the filter' }).click();
  await expect(page.getByTestId('filter')).toHaveValue('');
  await expect(page.getByTestId('row-count')).toHaveText(/^120 rows/);
});
