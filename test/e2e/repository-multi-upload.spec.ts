import { addBrimConnection, addConnection, expect, test } from './carrel-fixture.ts';
import { repositoryFile, repositoryList } from './sandbox-api.ts';

test.use({ records: 5 });

const dropped = [
  { name: 'crf-001.txt', text: 'case report form 1' },
  { name: 'crf-002.txt', text: 'case report form 2' },
  { name: 'consent.txt', text: 'signed consent, scanned' },
  { name: 'empty.txt', text: '' },
  { name: 'protocol-v3.txt', text: 'protocol version 3' },
];

test('dropping several files into a folder: empty one skipped, a failed one retried, all others uploaded once', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('navigator').locator('[data-nav-key="dataset:file_repository"]').click();
  const pane = page.getByTestId('repository');
  const list = pane.getByTestId('repository-list');

  await pane.getByRole('button', { name: 'New folder…' }).click();
  await page.getByTestId('new-folder-dialog').getByLabel('Folder name').fill('Batch');
  await page.getByRole('button', { name: 'Create folder' }).click();
  await pane.getByRole('button', { name: 'Open folder Batch' }).click({ timeout: 20_000 });
  await expect(pane.getByRole('heading', { name: 'This folder is empty' })).toBeVisible();
  const folderId = (await repositoryList(carrel.redcapUrl, carrel.token)).find((e) => e.name === 'Batch')!.folder_id!;

  // REDCap answers one of the uploads with its 500 error page.
  await carrel.fault({ kind: 'status', status: 500, times: 1, match: { content: 'fileRepository', action: 'import' } });

  // Five files dropped at once, as from a file manager.
  const transfer = await page.evaluateHandle((files) => {
    const data = new DataTransfer();
    for (const f of files) data.items.add(new File([f.text], f.name, { type: 'text/plain' }));
    return data;
  }, dropped);
  const target = pane.locator('.repo-drop');
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });

  const queue = pane.getByTestId('upload-queue');
  const row = (name: string) => queue.locator(`li[data-name="${name}"]`);
  await expect(queue.getByTestId('upload-summary')).toHaveText('3 uploaded, 1 failed, 1 skipped', { timeout: 20_000 });
  await expect(row('empty.txt')).toHaveAttribute('data-state', 'skipped');
  await expect(row('empty.txt')).toContainText('The file is empty');
  const failed = queue.locator('li[data-state="failed"]');
  await expect(failed).toHaveCount(1);
  const failedName = (await failed.getAttribute('data-name'))!;
  await expect(failed).not.toContainText(carrel.token);

  // The folder shows what arrived; the failed file is not there yet.
  const sent = dropped.filter((f) => f.text !== '');
  for (const f of sent.filter((f) => f.name !== failedName)) await expect(list.locator(`li[data-name="${f.name}"]`)).toBeVisible({ timeout: 20_000 });
  await expect(list.locator(`li[data-name="${failedName}"]`)).toHaveCount(0);

  // Retry, by keyboard.
  await failed.getByRole('button', { name: `Retry ${failedName}` }).focus();
  await page.keyboard.press('Enter');
  await expect(row(failedName)).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(queue.getByTestId('upload-summary')).toHaveText('4 uploaded, 1 skipped');
  await expect(list.locator(`li[data-name="${failedName}"]`)).toBeVisible({ timeout: 20_000 });
  await expect(list.locator('li')).toHaveCount(4);

  // REDCap has each file exactly once, with its bytes; the empty one was never sent.
  const inside = await repositoryList(carrel.redcapUrl, carrel.token, folderId);
  expect(inside.map((e) => e.name).sort()).toEqual(sent.map((f) => f.name).sort());
  for (const f of sent) expect(await repositoryFile(carrel.redcapUrl, carrel.token, inside.find((e) => e.name === f.name)!.doc_id!)).toBe(f.text);

  // The summary stays until dismissed.
  await queue.getByRole('button', { name: 'Dismiss' }).click();
  await expect(queue).toHaveCount(0);
});

test('several Brim reference documents at once through the same queue; a type Brim does not take is skipped', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addBrimConnection(page, carrel.brim.url, carrel.brim.token, { id: carrel.brim.projectId });
  const screen = page.getByTestId('brim-screen');
  await screen.getByText('Structured data and reference documents').click();
  const card = screen.getByTestId('brim-resource');
  await card.getByLabel(/Description/).fill('Study documents');
  await card.getByTestId('brim-resource-input').setInputFiles([
    { name: 'protocol.md', mimeType: 'text/markdown', buffer: Buffer.from('# Protocol\nInclusion: adults.') },
    { name: 'staging.txt', mimeType: 'text/plain', buffer: Buffer.from('TNM staging, 8th edition.') },
    { name: 'scans.zip', mimeType: 'application/zip', buffer: Buffer.from('PK not really') },
  ]);
  const queue = card.getByTestId('upload-queue');
  await expect(queue.getByTestId('upload-summary')).toHaveText('2 uploaded, 1 skipped', { timeout: 30_000 });
  await expect(queue.locator('li[data-name="scans.zip"]')).toContainText('Only PDF, DOCX, TXT, MD files can be sent to Brim.');
  await expect(queue.locator('li[data-name="protocol.md"]')).toContainText("Brim's task");

  const response = await fetch(new URL('/__sandbox/uploads', carrel.brim.url));
  const uploads = (await response.json()) as Array<{ fileName: string; bytes: number; accepted: boolean }>;
  expect(uploads.filter((u) => u.accepted).map((u) => u.fileName).sort()).toEqual(['protocol.md', 'staging.txt']);
});
