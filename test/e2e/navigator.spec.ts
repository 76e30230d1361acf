import { readFileSync } from 'node:fs';
import { addConnection, expect, test } from './carrel-fixture.ts';
import { parseCsv } from '../helpers/csv-parse.ts';
import { redcapImport } from '../helpers/redcap-truth.ts';
import { redcapJson } from './sandbox-api.ts';

test('the navigator lists record presets and datasets with the sandbox\'s row counts, opens each in the grid, and remembers the choice', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');
  const nav = page.getByTestId('navigator');
  const entry = (key: string) => nav.locator(`[data-nav-key="${key}"]`);
  const rowCount = page.getByTestId('row-count');

  await expect(entry('preset:all')).toHaveAttribute('aria-current', 'page');
  await expect(entry('preset:all')).toContainText('120');
  for (const group of ['Records', 'Instruments', 'Structure', 'People', 'Activity', 'Files', 'Reports']) {
    await expect(nav.getByRole('heading', { name: group })).toBeVisible();
  }

  // One instrument: its own fields after the record ID, on every record's row.
  const instruments = await redcapJson<Array<{ instrument_name: string; instrument_label: string }>>(carrel.redcapUrl, carrel.token, { content: 'instrument' });
  const medical = await redcapJson<Array<Record<string, string>>>(carrel.redcapUrl, carrel.token, { content: 'record', type: 'flat', 'forms[0]': 'medical_history' });
  const medicalEntry = entry('preset:form:medical_history');
  await expect(medicalEntry).toContainText(instruments.find((i) => i.instrument_name === 'medical_history')!.instrument_label);
  await expect(medicalEntry).toContainText(String(medical.length));
  await medicalEntry.click();
  await expect(medicalEntry).toHaveAttribute('aria-current', 'page');
  const fields = Object.keys(medical[0]!).filter((name) => name !== 'record_id');
  await expect(rowCount).toHaveText(`${medical.length} rows · ${fields.length + 1} columns`);
  await expect(grid.locator('[role=columnheader]').nth(0)).toHaveAttribute('data-column', 'record_id');
  await expect(grid.locator('[role=columnheader]').nth(1)).toHaveAttribute('data-column', fields[0]!);
  // Its export holds the same columns.
  await page.getByRole('button', { name: 'Export…' }).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Export and download' }).click();
  const [header, ...exported] = parseCsv(readFileSync(await (await download).path(), 'utf8'));
  expect(header).toEqual(['record_id', ...fields]);
  expect(exported).toHaveLength(medical.length);

  // Datasets: the data dictionary, users, instruments.
  const checks: Array<{ key: string; content: string }> = [
    { key: 'dataset:dictionary', content: 'metadata' },
    { key: 'dataset:users', content: 'user' },
    { key: 'dataset:instruments', content: 'instrument' },
  ];
  for (const check of checks) {
    const rows = await redcapJson<Array<Record<string, unknown>>>(carrel.redcapUrl, carrel.token, { content: check.content });
    await expect(entry(check.key)).toContainText(String(rows.length));
    await entry(check.key).click();
    await expect(rowCount).toHaveText(new RegExp(`^${rows.length} rows · \\d+ columns$`));
    await expect(grid).toHaveAttribute('data-ready', 'true');
  }
  await expect(grid.locator('[aria-rowindex="2"] [aria-colindex="1"]')).toHaveText(instruments[0]!.instrument_name);

  // Keyboard: one tab stop, arrows move and open, Home goes to the top.
  await entry('dataset:instruments').focus();
  await page.keyboard.press('ArrowUp');
  await expect(entry('dataset:dictionary')).toBeFocused();
  await expect(entry('dataset:dictionary')).toHaveAttribute('aria-current', 'page');
  await expect(rowCount).toHaveText(/^\d+ rows · \d+ columns$/);
  await page.keyboard.press('Home');
  await expect(entry('preset:all')).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('ArrowDown');
  await expect(entry(`preset:form:${instruments[0]!.instrument_name}`)).toHaveAttribute('aria-current', 'page');
  await expect(nav.locator('[tabindex="0"]')).toHaveCount(1);

  // The last choice comes back when the connection is opened again.
  await entry('dataset:users').click();
  await page.reload();
  await page.getByRole('button', { name: /^Open / }).click();
  await expect(entry('dataset:users')).toHaveAttribute('aria-current', 'page');
  await expect(rowCount).toHaveText(/^\d+ rows/);
});

test('a sync says what it did; Full resync downloads everything again', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  const result = page.getByTestId('sync-result');
  await expect(result).toHaveText(/Synced the whole project: 120 records/);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');

  await redcapImport(carrel.redcapUrl, carrel.token, [{ record_id: '7', first_name: 'Changed' }]);
  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  await expect(result).toHaveText(/Synced: 1 changed, 0 deleted/, { timeout: 20_000 });

  await page.getByRole('button', { name: 'More sync options' }).click();
  await expect(page.getByRole('menu')).toBeVisible();
  await page.getByRole('menuitem', { name: /Full resync/ }).click();
  await expect(result).toHaveText(/Synced the whole project: 120 records/, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(result).toHaveCount(0);
});
