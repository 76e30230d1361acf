import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { addConnection, expect, focusCell, test } from './carrel-fixture.ts';
import { redcapRecords } from '../helpers/redcap-truth.ts';
import { recordFile } from './sandbox-api.ts';

test.use({ records: 30 });

/** Drops a file on an element the way the desktop does: dragenter, dragover, drop with a DataTransfer. */
async function dropFile(page: Page, target: Locator, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(({ name, text }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], name, { type: 'text/plain' }));
    return transfer;
  }, { name, text });
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

test('Enter opens a record beside the table; Alt+↓/↑ go through the records and Escape closes it', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');
  const truth = await redcapRecords(carrel.redcapUrl, carrel.token);

  await focusCell(page, grid, 1, 3);
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('record-detail');
  await expect(detail).toHaveAttribute('data-record-id', truth[0]!.record_id!);
  await expect(detail.getByRole('heading', { name: `Record ${truth[0]!.record_id}` })).toBeFocused();
  // Grouped by instrument, labels for values.
  await expect(detail.locator('.record-section-title').first()).toHaveText('Enrollment and Demographics');
  await expect(detail.locator('[data-field="first_name"] dd')).toHaveText(truth[0]!.first_name || '—');
  const sexLabels: Record<string, string> = { '1': 'Female', '2': 'Male', '3': 'Intersex', '': '—' };
  await expect(detail.locator('[data-field="sex"] dd')).toHaveText(sexLabels[truth[0]!.sex!]!);

  await expect(detail.getByRole('button', { name: 'Next record' })).toBeEnabled();
  await expect(detail.getByRole('button', { name: 'Previous record' })).toBeDisabled();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(detail).toHaveAttribute('data-record-id', truth[1]!.record_id!);
  await expect(detail.locator('[data-field="first_name"] dd')).toHaveText(truth[1]!.first_name || '—');
  await expect(grid.locator('.dg-focus')).toHaveText(truth[1]!.first_name!);
  await expect(detail.getByRole('button', { name: 'Previous record' })).toBeEnabled();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(detail).toHaveAttribute('data-record-id', truth[2]!.record_id!);
  await page.keyboard.press('Alt+ArrowUp');
  await expect(detail).toHaveAttribute('data-record-id', truth[1]!.record_id!);

  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(grid).toBeFocused();

  // A double-click opens a record too; the ✕ closes it.
  await grid.locator('[aria-rowindex="4"] [aria-colindex="2"]').dblclick();
  await expect(detail).toHaveAttribute('data-record-id', truth[2]!.record_id!);
  await detail.getByRole('button', { name: 'Close record' }).click();
  await expect(detail).toHaveCount(0);
});

test('a record\'s file field: drop a file to upload it through /upload, download it, replace it, delete it', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');
  const truth = await redcapRecords(carrel.redcapUrl, carrel.token);
  const record = truth.find((row) => row.consent_form === '')!.record_id!;
  await page.getByTestId('filter').fill(record);
  await expect(grid.locator('[aria-rowindex="2"] [aria-colindex="1"]')).toHaveText(record);
  await grid.locator('[aria-rowindex="2"] [aria-colindex="1"]').dblclick();
  const detail = page.getByTestId('record-detail');
  await expect(detail).toHaveAttribute('data-record-id', record);
  const field = detail.locator('[data-testid="file-field"][data-field="consent_form"]');
  await expect(field).toHaveAttribute('data-has-file', 'false');
  await expect(field).toContainText('No file');

  // Drop: the bytes go to the web shell's /upload, then to REDCap.
  const staged = page.waitForRequest((request) => new URL(request.url()).pathname === '/upload' && request.method() === 'POST');
  await dropFile(page, field, 'consent-signed.txt', 'signed on paper, scanned');
  expect((await staged).headers()['x-file-name']).toBe('consent-signed.txt');
  await expect(field).toHaveAttribute('data-has-file', 'true', { timeout: 20_000 });
  await expect(field).toContainText('consent-signed.txt');
  await expect.poll(() => recordFile(carrel.redcapUrl, carrel.token, { record, field: 'consent_form' })).toBe('signed on paper, scanned');

  // Download: the browser receives the file.
  const download = page.waitForEvent('download');
  await field.getByRole('button', { name: 'Download' }).click();
  expect(readFileSync(await (await download).path(), 'utf8')).toBe('signed on paper, scanned');

  // Replacing asks first; cancelling keeps the file.
  await dropFile(page, field, 'second.txt', 'second version');
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Replace it with second.txt');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect(await recordFile(carrel.redcapUrl, carrel.token, { record, field: 'consent_form' })).toBe('signed on paper, scanned');
  await field.getByTestId('file-input').setInputFiles({ name: 'second.txt', mimeType: 'text/plain', buffer: Buffer.from('second version') });
  await confirm.getByRole('button', { name: 'Replace' }).click();
  await expect.poll(() => recordFile(carrel.redcapUrl, carrel.token, { record, field: 'consent_form' }), { timeout: 20_000 }).toBe('second version');
  await expect(field).toContainText('second.txt');

  // Delete, confirmed.
  await field.getByRole('button', { name: /^Delete / }).click();
  await expect(confirm).toContainText('Delete second.txt');
  await confirm.getByRole('button', { name: 'Delete file' }).click();
  await expect(field).toHaveAttribute('data-has-file', 'false', { timeout: 20_000 });
  await expect.poll(() => recordFile(carrel.redcapUrl, carrel.token, { record, field: 'consent_form' })).toBeNull();
});
