import type { Locator, Page } from '@playwright/test';
import { redcapRecords } from '../helpers/redcap-truth.ts';
import { addConnection, expect, focusCell, test } from './carrel-fixture.ts';
import { recordFile } from './sandbox-api.ts';

test.use({ records: 10 });

/** Records whose consent form field is empty on the sandbox (a few seeded records hold one). */
async function recordsWithoutFile(url: string, token: string): Promise<string[]> {
  return (await redcapRecords(url, token)).filter((row) => row.consent_form === '').map((row) => row.record_id!);
}

/** Puts a file into a record's field straight through the sandbox's API, as another REDCap user would. */
async function putRecordFile(url: string, token: string, record: string, field: string, name: string, text: string): Promise<void> {
  const body = new FormData();
  for (const [key, value] of Object.entries({ token, content: 'file', action: 'import', record, field, returnFormat: 'json' })) body.append(key, value);
  body.append('file', new Blob([text], { type: 'text/plain' }), name);
  const response = await fetch(url, { method: 'POST', body });
  if (!response.ok) throw new Error(`sandbox file import failed: HTTP ${response.status}`);
}

/** Drops files on an element as a file manager does: dragenter, dragover, drop with one DataTransfer. */
async function dropFiles(page: Page, target: Locator, files: Array<{ name: string; text: string }>): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const f of list) data.items.add(new File([f.text], f.name, { type: 'text/plain' }));
    return data;
  }, files);
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

test('many files into a file field: matched by name, previewed, one unmatched and one duplicate left out, a failed one retried', async ({ page, carrel }) => {
  const [a, b, c] = await recordsWithoutFile(carrel.redcapUrl, carrel.token) as [string, string, string];
  // Record c already holds a file: the preview warns that it will be replaced.
  await putRecordFile(carrel.redcapUrl, carrel.token, c, 'consent_form', 'old-consent.txt', 'the old scan');
  const files = [
    { name: `${a}.txt`, text: `consent of record ${a}` },
    { name: `${b}_consent.txt`, text: `consent of record ${b}` },
    { name: `${c} - scan.txt`, text: `new scan for record ${c}` },
    { name: '9999_consent.txt', text: 'no such record' },
    { name: `${b}-second copy.txt`, text: 'a second file for the same record' },
  ];

  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');

  // Keyboard: the shortcut opens the dialog; the only file field of the project is chosen.
  await grid.focus();
  await page.keyboard.press('Control+Shift+F');
  const dialog = page.getByTestId('bulk-file-upload');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'File field' })).toHaveValue('consent_form');
  await expect(dialog.getByTestId('bulk-rule')).toContainText('1001_consent.pdf');
  await dialog.getByTestId('bulk-file-input').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'text/plain', buffer: Buffer.from(f.text) })));

  const preview = dialog.getByTestId('bulk-preview');
  const row = (name: string) => preview.locator(`tr[data-name="${name}"]`);
  await expect(dialog.getByTestId('bulk-counts')).toHaveText('3 files go to 3 records · 1 replaces a file already there · 2 files will not be sent', { timeout: 20_000 });
  await expect(row(`${a}.txt`)).toHaveAttribute('data-record', a);
  await expect(row(`${a}.txt`)).toContainText('New file');
  await expect(row(`${b}_consent.txt`)).toHaveAttribute('data-record', b);
  await expect(row(`${c} - scan.txt`)).toHaveAttribute('data-state', 'replace');
  await expect(row(`${c} - scan.txt`)).toContainText('Replaces old-consent.txt');
  await expect(row('9999_consent.txt')).toHaveAttribute('data-state', 'refused');
  await expect(row('9999_consent.txt')).toContainText('No record 9999 in the cached project');
  await expect(row(`${b}-second copy.txt`)).toHaveAttribute('data-state', 'refused');
  await expect(row(`${b}-second copy.txt`)).toContainText(`also goes to record ${b}`);

  // REDCap answers one of the uploads with its 500 error page.
  await carrel.fault({ kind: 'status', status: 500, times: 1, match: { content: 'file', action: 'import' } });
  await dialog.getByRole('button', { name: 'Upload 3 files' }).click();
  const summary = dialog.getByTestId('bulk-summary');
  await expect(summary).toHaveText('2 uploaded, 1 failed, 2 skipped', { timeout: 20_000 });
  await expect(dialog.getByTestId('bulk-not-sent').locator('li')).toHaveCount(2);
  const queue = dialog.getByTestId('upload-queue');
  const failed = queue.locator('li[data-state="failed"]');
  await expect(failed).toHaveCount(1);
  const failedName = (await failed.getAttribute('data-name'))!;
  await expect(failed).not.toContainText(carrel.token);

  // Retry, by keyboard.
  await failed.getByRole('button', { name: `Retry ${failedName}` }).focus();
  await page.keyboard.press('Enter');
  await expect(queue.locator(`li[data-name="${failedName}"]`)).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(summary).toHaveText('3 uploaded, 2 skipped');

  // REDCap holds each matched file in its record's field; the refused ones went nowhere.
  const sent = { [a]: files[0]!, [b]: files[1]!, [c]: files[2]! };
  for (const [record, file] of Object.entries(sent)) expect(await recordFile(carrel.redcapUrl, carrel.token, { record, field: 'consent_form' })).toBe(file.text);
  expect(await recordFile(carrel.redcapUrl, carrel.token, { record: '9999', field: 'consent_form' })).toBeNull();

  // The table shows the new files without a sync.
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByTestId('filter').fill(`${b}_consent.txt`);
  await expect(grid.locator('[aria-rowindex="2"] [aria-colindex="1"]')).toHaveText(b, { timeout: 20_000 });
  await expect(page.getByTestId('row-count')).toHaveText(/^1 of \d+ rows/);
});

test('dropping files on the file field\'s column opens the upload for that field', async ({ page, carrel }) => {
  const ids = await recordsWithoutFile(carrel.redcapUrl, carrel.token);
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');
  // The table renders the columns in view: scroll sideways until the file field's column is there.
  const header = grid.locator('[role="columnheader"][data-column="consent_form"]');
  for (let i = 0; i < 40 && (await header.count()) === 0; i++) await grid.evaluate((el) => (el.scrollLeft += 300));
  await expect(header).toHaveCount(1);

  await dropFiles(page, header, [
    { name: `${ids[0]}_consent.txt`, text: 'dropped on the column' },
    { name: `${ids[1]}.txt`, text: 'dropped on the column too' },
  ]);
  const dialog = page.getByTestId('bulk-file-upload');
  await expect(dialog.getByRole('combobox', { name: 'File field' })).toHaveValue('consent_form');
  await expect(dialog.getByTestId('bulk-counts')).toHaveText('2 files go to 2 records', { timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Upload 2 files' }).click();
  await expect(dialog.getByTestId('bulk-summary')).toHaveText('2 uploaded', { timeout: 20_000 });
  expect(await recordFile(carrel.redcapUrl, carrel.token, { record: ids[0]!, field: 'consent_form' })).toBe('dropped on the column');
  expect(await recordFile(carrel.redcapUrl, carrel.token, { record: ids[1]!, field: 'consent_form' })).toBe('dropped on the column too');

  // A CSV dropped elsewhere on the table still starts an import, not a file upload.
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dropFiles(page, grid.locator('[role="columnheader"][aria-colindex="1"]'), [{ name: 'records.csv', text: 'record_id\n1\n' }]);
  await expect(page.getByTestId('import-dialog')).toBeVisible();
  await expect(page.getByTestId('bulk-file-upload')).toHaveCount(0);
});

test.describe('a longitudinal project', () => {
  test.use({ projectToken: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE02' });

  test('files go to the chosen event, instance 1 of a repeating form; a record of the other arm is left out', async ({ page, carrel }) => {
    const truth = await redcapRecords(carrel.redcapUrl, carrel.token);
    const armOf = (arm: number) => new Set(truth.filter((row) => row.redcap_event_name!.endsWith(`_arm_${arm}`)).map((row) => row.study_id!));
    const [one, two] = [armOf(1), armOf(2)];
    const inOne = [...one].find((id) => !two.has(id))!;
    const inTwo = [...two].find((id) => !one.has(id))!;

    await page.goto(carrel.url);
    await addConnection(page, carrel.redcapUrl, carrel.token);
    await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
    await page.getByRole('button', { name: 'Upload files to a field…' }).click();
    const dialog = page.getByTestId('bulk-file-upload');
    await expect(dialog.getByRole('combobox', { name: 'File field' })).toHaveValue('ae_report');
    await dialog.getByRole('combobox', { name: 'Event' }).selectOption('month_3_arm_1');
    await expect(dialog).toContainText('every file goes to instance 1 of its record');
    await dialog.getByTestId('bulk-file-input').setInputFiles([
      { name: `${inOne}_ae.txt`, mimeType: 'text/plain', buffer: Buffer.from('adverse event at month 3') },
      { name: `${inTwo}_ae.txt`, mimeType: 'text/plain', buffer: Buffer.from('wrong arm') },
    ]);
    await expect(dialog.getByTestId('bulk-counts')).toHaveText('1 file goes to 1 record · 1 file will not be sent', { timeout: 20_000 });
    await expect(dialog.locator(`tr[data-name="${inTwo}_ae.txt"]`)).toContainText(`Record ${inTwo} is not in Arm 1`);
    await dialog.getByRole('button', { name: 'Upload 1 file' }).click();
    await expect(dialog.getByTestId('bulk-summary')).toHaveText('1 uploaded, 1 skipped', { timeout: 20_000 });

    expect(await recordFile(carrel.redcapUrl, carrel.token, { record: inOne, field: 'ae_report', event: 'month_3_arm_1' })).toBe('adverse event at month 3');
    expect(await recordFile(carrel.redcapUrl, carrel.token, { record: inOne, field: 'ae_report', event: 'baseline_arm_1' })).not.toBe('adverse event at month 3');
    expect(await recordFile(carrel.redcapUrl, carrel.token, { record: inTwo, field: 'ae_report', event: 'month_3_arm_1' })).toBeNull();
  });
});
