import { readFileSync } from 'node:fs';
import { addConnection, expect, test } from './carrel-fixture.ts';
import { repositoryFile, repositoryList } from './sandbox-api.ts';

test.use({ records: 5 });

test('the file repository: browse folders, download, upload into the folder shown, make a folder, delete with a confirmation', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('navigator').locator('[data-nav-key="dataset:file_repository"]').click();
  const pane = page.getByTestId('repository');
  const list = pane.getByTestId('repository-list');
  const item = (name: string) => list.locator(`li[data-name="${name}"]`);

  // The top folder as the sandbox lists it: folders first, then files.
  const top = await repositoryList(carrel.redcapUrl, carrel.token);
  const folders = top.filter((e) => e.folder_id !== undefined).map((e) => e.name).sort((a, b) => a.localeCompare(b));
  const files = top.filter((e) => e.doc_id !== undefined).map((e) => e.name).sort((a, b) => a.localeCompare(b));
  await expect(list.locator('li')).toHaveCount(top.length);
  expect(await list.locator('li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.name))).toEqual([...folders, ...files]);

  // Download a document.
  const readme = top.find((e) => e.doc_id !== undefined)!;
  const download = page.waitForEvent('download');
  await item(readme.name).getByRole('button', { name: `Download ${readme.name}` }).click();
  expect(readFileSync(await (await download).path(), 'utf8')).toBe(await repositoryFile(carrel.redcapUrl, carrel.token, readme.doc_id!));

  // A new folder, then into it, then an upload there.
  await pane.getByRole('button', { name: 'New folder…' }).click();
  await page.getByTestId('new-folder-dialog').getByLabel('Folder name').fill('Scanned CRFs');
  await page.getByRole('button', { name: 'Create folder' }).click();
  await expect(item('Scanned CRFs')).toBeVisible({ timeout: 20_000 });
  const created = (await repositoryList(carrel.redcapUrl, carrel.token)).find((e) => e.name === 'Scanned CRFs');
  expect(created?.folder_id).toBeGreaterThan(0);

  await pane.getByRole('button', { name: 'Open folder Scanned CRFs' }).click();
  await expect(pane.getByRole('navigation', { name: 'Folder path' })).toContainText('Scanned CRFs');
  await expect(pane.getByRole('heading', { name: 'This folder is empty' })).toBeVisible();
  const staged = page.waitForRequest((request) => new URL(request.url()).pathname === '/upload');
  await pane.getByTestId('repository-file-input').setInputFiles({ name: 'crf-001.txt', mimeType: 'text/plain', buffer: Buffer.from('case report form 1') });
  await staged;
  await expect(item('crf-001.txt')).toBeVisible({ timeout: 20_000 });
  const inside = await repositoryList(carrel.redcapUrl, carrel.token, created!.folder_id);
  expect(inside.map((e) => e.name)).toEqual(['crf-001.txt']);
  expect(await repositoryFile(carrel.redcapUrl, carrel.token, inside[0]!.doc_id!)).toBe('case report form 1');

  // Delete asks first.
  await item('crf-001.txt').getByRole('button', { name: 'Delete crf-001.txt' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Delete crf-001.txt');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(item('crf-001.txt')).toHaveCount(0, { timeout: 20_000 });
  expect(await repositoryList(carrel.redcapUrl, carrel.token, created!.folder_id)).toEqual([]);

  // Back to the top through the path.
  await pane.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: 'File repository' }).click();
  await expect(item('Scanned CRFs')).toBeVisible();
});
