import type { Locator, Page } from '@playwright/test';
import { addConnection, expect, test } from './carrel-fixture.ts';
import { redcapJson } from './sandbox-api.ts';
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

const byId = (rows: Array<Record<string, string>>): Map<string, Record<string, string>> => new Map(rows.map((row) => [row.record_id!, row]));

test('an import cut off mid-way is reported as interrupted, resumes from the Imports list, and every row reaches REDCap exactly once', async ({ page, carrel }) => {
  test.setTimeout(120_000);
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  const before = await redcapRecords(carrel.redcapUrl, carrel.token);

  // 1,200 new records and a changed name on every existing one: three batches of up to 500 records.
  const added = Array.from({ length: 1200 }, (_, i) => ({ record_id: String(50_001 + i), first_name: `Resumed${i}`, last_name: `Batch${Math.floor(i / 500)}` }));
  const changed = before.map((row) => ({ record_id: row.record_id!, first_name: `${row.first_name}-v2`, last_name: row.last_name! }));
  const wanted = [...changed, ...added];
  const csv = ['record_id,first_name,last_name', ...wanted.map((row) => [row.record_id, row.first_name, row.last_name].map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','))].join('\n');

  await dropFile(page, page.getByTestId('project-main'), 'big-batch.csv', `${csv}\n`);
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByTestId('import-rows-read')).toHaveText('1,220');
  // From the second batch on, REDCap saves each batch but the connection drops before its answer
  // arrives, however often the request is retried: the import stops with that batch uncertain.
  await carrel.fault({ kind: 'reset', afterBytes: 1, match: { content: 'record', action: 'import' }, afterRequests: 1, times: 0 });
  const importButton = dialog.getByRole('button', { name: /^Import 1,220 rows into/ });
  await importButton.click();
  await expect(dialog.getByTestId('import-outcome')).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByTestId('import-outcome')).not.toHaveAttribute('data-state', 'done');
  await dialog.getByRole('button', { name: /^(Close|Cancel)$/ }).first().click();
  await expect(dialog).toHaveCount(0);

  // The project says so, and the Imports list offers to resume it.
  const banner = page.getByTestId('import-interrupted');
  await expect(banner).toContainText('The import of big-batch.csv was interrupted after');
  await expect(banner).toContainText('of 1,220 rows');
  await banner.getByRole('button', { name: 'Imports…' }).click();
  const list = page.getByTestId('imports-list');
  const entry = list.locator('[data-testid="import-entry"][data-kind="import"]');
  await expect(entry).toHaveAttribute('data-state', 'interrupted');
  const partway = await redcapRecords(carrel.redcapUrl, carrel.token);
  expect(partway.length).toBeGreaterThan(before.length);
  expect(partway.length).toBeLessThan(before.length + added.length);

  // The network is back: resume sends only what REDCap has not confirmed.
  const cleared = await fetch(new URL('/__sandbox/faults', carrel.redcapUrl), { method: 'DELETE' });
  expect(cleared.ok).toBe(true);
  await entry.getByRole('button', { name: 'Resume' }).click();
  await expect(entry).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(entry).toContainText('1,220 of 1,220');
  await expect(page.getByTestId('import-interrupted')).toHaveCount(0);

  // REDCap holds what a clean import of the file gives: every row once, with its values; nothing else changed.
  const after = await redcapRecords(carrel.redcapUrl, carrel.token);
  expect(after).toHaveLength(before.length + added.length);
  expect(new Set(after.map((row) => row.record_id)).size).toBe(after.length);
  const stored = byId(after);
  for (const row of wanted) expect([row.record_id, stored.get(row.record_id)?.first_name, stored.get(row.record_id)?.last_name]).toEqual([row.record_id, row.first_name, row.last_name]);
  const old = byId(before);
  for (const row of after.filter((r) => old.has(r.record_id!))) expect({ ...row, first_name: '' }).toEqual({ ...old.get(row.record_id!)!, first_name: '' });
  // REDCap's own log: each new record created exactly once.
  const creations = await redcapJson<Array<{ record: string }>>(carrel.redcapUrl, carrel.token, { content: 'log', logtype: 'record_add' });
  const created = new Map<string, number>();
  for (const entryRow of creations) created.set(entryRow.record, (created.get(entryRow.record) ?? 0) + 1);
  for (const row of added) expect([row.record_id, created.get(row.record_id)]).toEqual([row.record_id, 1]);
});

test('an interrupted import can be undone instead: the confirmation says how much was imported, and REDCap is back as it was', async ({ page, carrel }) => {
  test.setTimeout(120_000);
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  const before = await redcapRecords(carrel.redcapUrl, carrel.token);
  const rows = [...before.map((row) => [row.record_id!, `${row.first_name}-v3`]), ...Array.from({ length: 1100 }, (_, i) => [String(60_001 + i), `Undone${i}`])];
  const csv = ['record_id,first_name', ...rows.map((cells) => cells.map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','))].join('\n');
  await dropFile(page, page.getByTestId('project-main'), 'half.csv', `${csv}\n`);
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByTestId('import-rows-read')).toHaveText('1,120');
  // The second batch never gets an answer (REDCap refuses with 503 every time): one of three batches is in.
  await carrel.fault({ kind: 'status', status: 503, match: { content: 'record', action: 'import' }, afterRequests: 1, times: 0 });
  await dialog.getByRole('button', { name: /^Import 1,120 rows into/ }).click();
  await expect(dialog.getByTestId('import-outcome')).toBeVisible({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect((await fetch(new URL('/__sandbox/faults', carrel.redcapUrl), { method: 'DELETE' })).ok).toBe(true);

  await page.getByTestId('import-interrupted').getByRole('button', { name: 'Imports…' }).click();
  const list = page.getByTestId('imports-list');
  const entry = list.locator('[data-testid="import-entry"][data-kind="import"]');
  await expect(entry).toHaveAttribute('data-state', 'interrupted');
  await entry.getByRole('button', { name: 'Undo what was imported…' }).click();
  const undo = page.getByTestId('undo-import-dialog');
  await expect(undo.getByTestId('undo-partial')).toContainText('1 of 3 batches were imported before the import stopped; undo reverts those, and the batch that may have reached REDCap when it stopped.');
  await undo.getByRole('button', { name: 'Undo import' }).click();
  await expect(entry).toHaveAttribute('data-state', 'undone', { timeout: 60_000 });
  // Undone: it cannot be resumed any more, and nothing of the file is left in REDCap.
  await expect(entry.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await expect(list.locator('[data-testid="import-entry"][data-kind="undo"]')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('import-interrupted')).toHaveCount(0);
  expect(await redcapRecords(carrel.redcapUrl, carrel.token)).toEqual(before);
});
