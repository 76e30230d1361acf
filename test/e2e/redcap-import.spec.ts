import type { Locator, Page } from '@playwright/test';
import { addConnection, expect, test } from './carrel-fixture.ts';
import { redcapRecords } from '../helpers/redcap-truth.ts';

test.use({ records: 20 });

/** Drags a file from the desktop onto `target`, as the browser reports it: dragenter, dragover, drop. */
async function dropFile(page: Page, target: Locator, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(({ name, text }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], name, { type: 'text/csv' }));
    return transfer;
  }, { name, text });
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

test('a CSV dropped on the records: unknown column and invalid value shown, fixed by the mapping, imported into REDCap and undone', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');

  const before = await redcapRecords(carrel.redcapUrl, carrel.token);
  const [first, second] = before;
  const newId = '9001';
  expect(before.some((row) => row.record_id === newId)).toBe(false);
  const newFirst = `${first!.first_name}-renamed`;
  const newLast = `${second!.last_name}-renamed`;
  // A changed first name, a changed last name, a new record; "abc" is not a blood pressure; favourite_colour is no field.
  const csv = [
    'record_id,first_name,last_name,sbp,favourite_colour',
    [first!.record_id!, newFirst, first!.last_name!, '120', 'blue'].map(csvCell).join(','),
    [second!.record_id!, second!.first_name!, newLast, 'abc', 'green'].map(csvCell).join(','),
    [newId, 'Zed', 'Newman', '130', 'red'].join(','),
  ].join('\n');

  await dropFile(page, page.getByTestId('project-main'), 'corrections.csv', `${csv}\n`);
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByTestId('import-rows-read')).toHaveText('3');

  // The mapping: the unknown column is highlighted and goes nowhere.
  await dialog.getByRole('button', { name: /Mapping/ }).click();
  const colour = dialog.locator('[data-testid="import-mapping-row"][data-column="favourite_colour"]');
  await expect(colour).toHaveClass(/import-unmapped/);
  await expect(colour.getByRole('combobox')).toHaveValue('');
  await expect(dialog.getByLabel('Field for column sbp')).toHaveValue('sbp');

  // The invalid value blocks the import and says where it is.
  await dialog.getByRole('button', { name: /Problems/ }).click();
  const errors = dialog.locator('[data-testid="import-problem"][data-severity="error"]');
  await expect(errors).toHaveCount(1);
  await expect(errors.first()).toContainText('sbp');
  await expect(errors.first().locator('td').first()).toHaveText('2');
  await expect(dialog.getByTestId('import-blocked')).toBeVisible();
  const importButton = dialog.getByRole('button', { name: /^Import \d+ rows into/ });
  await expect(importButton).toBeDisabled();

  // Fixed by skipping the column: replanned, no errors left.
  await dialog.getByRole('button', { name: /Mapping/ }).click();
  await dialog.getByLabel('Field for column sbp').selectOption('');
  await dialog.getByRole('button', { name: 'Apply mapping' }).click();
  await expect(dialog.locator('[data-testid="import-mapping-row"][data-column="sbp"]')).toHaveClass(/import-unmapped/);
  await dialog.getByRole('button', { name: /Problems/ }).click();
  await expect(dialog.locator('[data-testid="import-problem"][data-severity="error"]')).toHaveCount(0);
  await expect(dialog.getByTestId('import-blocked')).toHaveCount(0);

  // The changes: old → new for existing records, the new record marked.
  await dialog.getByRole('button', { name: /Changes/ }).click();
  await expect(dialog.getByTestId('import-count-new')).toHaveText('1');
  await expect(dialog.getByTestId('import-count-changed')).toHaveText('2');
  const renamed = dialog.locator(`[data-testid="import-change"][data-record="${first!.record_id}"][data-field="first_name"]`);
  await expect(renamed.locator('.import-old')).toHaveText(first!.first_name!);
  await expect(renamed.locator('.import-newvalue')).toHaveText(newFirst);
  await expect(dialog.locator(`[data-testid="import-change"][data-record="${second!.record_id}"][data-field="last_name"] .import-newvalue`)).toHaveText(newLast);
  await expect(dialog.locator(`[data-testid="import-change"][data-record="${newId}"]`).first()).toHaveAttribute('data-kind', 'new');
  await expect(dialog.locator(`[data-testid="import-change"][data-record="${second!.record_id}"][data-field="sbp"]`)).toHaveCount(0);

  await expect(importButton).toHaveText(/^Import 3 rows into/);
  await importButton.click();
  await expect(dialog.getByTestId('import-outcome')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });

  // REDCap holds the new values, and nothing from the skipped column.
  const after = await redcapRecords(carrel.redcapUrl, carrel.token);
  const byId = (rows: Array<Record<string, string>>, id: string) => rows.find((row) => row.record_id === id);
  expect(byId(after, first!.record_id!)!.first_name).toBe(newFirst);
  expect(byId(after, second!.record_id!)!.last_name).toBe(newLast);
  expect(byId(after, second!.record_id!)!.sbp).toBe(second!.sbp);
  expect(byId(after, newId)).toMatchObject({ first_name: 'Zed', last_name: 'Newman' });

  // Undo, after seeing what it will do: REDCap is back as it was.
  await dialog.getByRole('button', { name: 'Undo this import' }).click();
  const undo = page.getByTestId('undo-import-dialog');
  await expect(undo.getByTestId('undo-preview')).toContainText('Delete 1 record');
  await undo.getByRole('button', { name: 'Undo import' }).click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect
    .poll(async () => {
      const rows = await redcapRecords(carrel.redcapUrl, carrel.token);
      return [byId(rows, first!.record_id!)?.first_name, byId(rows, second!.record_id!)?.last_name, byId(rows, newId) === undefined];
    }, { timeout: 30_000 })
    .toEqual([first!.first_name, second!.last_name, true]);
  expect(await redcapRecords(carrel.redcapUrl, carrel.token)).toEqual(before);
  // The jobs panel (opened by the undo) says what each import job did.
  const undoJob = page.locator('[data-testid="job"][data-job-kind="import"][data-job-state="succeeded"]').first();
  await expect(undoJob).toContainText('rows confirmed by REDCap');

  // The imports list tells the story: the import undone, its undo done.
  await page.getByRole('button', { name: 'Imports', exact: true }).click();
  const list = page.getByTestId('imports-list');
  await expect(list.locator('[data-testid="import-entry"][data-kind="import"]')).toHaveAttribute('data-state', 'undone');
  await expect(list.locator('[data-testid="import-entry"][data-kind="undo"]')).toHaveAttribute('data-state', 'done');
});

test('Ctrl+I opens the import; a chosen file with nothing new says so and cannot be imported; Cancel leaves REDCap alone', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  const before = await redcapRecords(carrel.redcapUrl, carrel.token);
  const csv = ['record_id,first_name', ...before.slice(0, 3).map((row) => [row.record_id!, row.first_name!].map(csvCell).join(','))].join('\n');

  await page.getByTestId('records-grid').click();
  await page.keyboard.press('Control+i');
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByRole('button', { name: 'Choose file…' })).toBeFocused();
  await dialog.getByTestId('import-input').setInputFiles({ name: 'same.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(dialog.getByTestId('import-rows-read')).toHaveText('3');
  await expect(dialog.getByTestId('import-verdict')).toHaveText('Nothing to import: the file matches REDCap.');
  await expect(dialog.getByRole('button', { name: /^Import 0 rows into/ })).toBeDisabled();
  await dialog.getByRole('button', { name: /Changes/ }).click();
  await expect(dialog.getByTestId('import-change')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await redcapRecords(carrel.redcapUrl, carrel.token)).toEqual(before);
});
