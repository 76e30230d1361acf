import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { addBrimConnection, expect, test } from './carrel-fixture.ts';
import { brimExport, notesCsv } from './brim-sandbox.ts';

test.use({ records: 5 });

/** Twelve notes for four patients, the columns in another order and case; dates not in Brim's format, two titles empty. */
function notesWithFixableProblems(): Buffer {
  const rows: string[][] = [];
  for (let i = 0; i < 12; i++) {
    const patient = `E2E${100 + Math.floor(i / 3)}`;
    const when = i % 2 === 0 ? `2024-03-${String(i + 1).padStart(2, '0')}T09:30` : `2024-03-${String(i + 1).padStart(2, '0')} 09:30:00`;
    const title = i === 4 || i === 9 ? '' : 'Progress Note';
    rows.push([patient, `NOTE-${i + 1}`, title, when, `Seen today. Former smoker, quit smoking in 2015. A spiculated mass measuring ${i + 1}.0 cm is seen, "stable".`]);
  }
  return notesCsv(['person_id', 'Note_Id', 'note_title', 'NOTE_DATETIME', 'note_text'], rows);
}

/** Drags a file from the desktop onto `target`, as the browser reports it: dragenter, dragover, drop. */
async function dropFile(page: Page, target: Locator, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(([fileName, content]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([content!], fileName!, { type: 'text/csv' }));
    return transfer;
  }, [name, text]);
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
}

test('a notes CSV with problems: pre-flight shows them by kind, a corrected copy fixes them, the upload generates, and the patient-level results match Brim', async ({ page, carrel }) => {
  test.setTimeout(120_000);
  await page.goto(carrel.url);
  await addBrimConnection(page, carrel.brim.url, carrel.brim.token, { id: carrel.brim.projectId });
  const screen = page.getByTestId('brim-screen');
  await expect(screen.getByTestId('brim-project')).toContainText(`project ${carrel.brim.projectId}`);

  // Dropped anywhere on the project screen (here its header, not the notes card) → pre-flight runs at once.
  await dropFile(page, screen.getByTestId('brim-project'), 'clinic-notes.csv', notesWithFixableProblems().toString('utf8'));
  const report = screen.getByTestId('brim-preflight-report');
  await expect(report).toBeVisible({ timeout: 20_000 });
  await expect(report.getByTestId('brim-report-rows')).toHaveText('12');
  await expect(report.getByTestId('brim-report-patients')).toHaveText('4');
  const dates = report.locator('[data-testid="brim-problem-group"][data-kind="datetime-format"]');
  const titles = report.locator('[data-testid="brim-problem-group"][data-kind="empty-title"]');
  await expect(dates).toHaveAttribute('data-count', '6');
  await expect(titles).toHaveAttribute('data-count', '2');
  // The problems table, as in a REDCap import's review: every listed row, narrowed to one kind from its summary.
  const rows = report.getByTestId('brim-problem-row');
  await expect(rows).toHaveCount(8);
  await titles.getByRole('button', { name: 'Show its 2 rows below' }).click();
  await expect(report.getByLabel('Show problems of kind')).toHaveValue('empty-title');
  await expect(rows).toHaveCount(2);
  // Rows are named by number and ids; the note text is never shown.
  await expect(rows.first()).toHaveAttribute('data-kind', 'empty-title');
  await expect(rows.first()).toContainText('NOTE-5');
  await expect(rows.first()).toContainText('E2E101');
  await expect(rows.first().locator('td').first()).toHaveText('5');
  await expect(rows.first()).toContainText('fixable');
  await expect(report).not.toContainText('spiculated');
  // The problems CSV: every listed problem with its row and ids, and no note text.
  const downloading = page.waitForEvent('download');
  await report.getByRole('button', { name: 'Download problems CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^clinic-notes[ _]-[ _]problems\.csv$/);
  const problemsCsv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(problemsCsv[0]).toBe('row,column,note_id,person_id,severity,kind,message');
  expect(problemsCsv).toHaveLength(9);
  expect(problemsCsv.filter((line) => /,empty-title,/.test(line)).map((line) => line.split(',').slice(0, 5).join(','))).toEqual(['5,NOTE_TITLE,NOTE-5,E2E101,fixable', '10,NOTE_TITLE,NOTE-10,E2E103,fixable']);
  expect(problemsCsv.join('\n')).not.toContain('spiculated');

  // The corrected copy: pre-flight again, writing it; the upload then sends the copy.
  await screen.getByRole('button', { name: 'Write a corrected copy' }).click();
  await expect(screen.getByTestId('brim-fixed-copy')).toBeVisible({ timeout: 20_000 });
  const fixedName = (await screen.getByTestId('brim-fixed-copy').locator('.mono').textContent())!;
  await screen.getByRole('checkbox', { name: 'Generate labels after upload' }).check();
  await screen.getByRole('button', { name: 'Upload the corrected copy' }).click();
  const outcome = screen.getByTestId('brim-upload-outcome');
  await expect(outcome).toHaveAttribute('data-state', 'succeeded', { timeout: 45_000 });
  await expect(outcome).toContainText('Label generation has started');
  // Brim received the corrected copy (not the original), all twelve notes, and accepted it.
  const uploads = (await (await fetch(new URL('/__sandbox/uploads', carrel.brim.url))).json()) as Array<{ endpoint: string; fileName: string | null; rows: number; accepted: boolean }>;
  const notesUploads = uploads.filter((u) => u.endpoint === 'upload/csv/');
  expect(notesUploads.at(-1)).toMatchObject({ fileName: fixedName, rows: 12, accepted: true });
  expect(fixedName).not.toBe('clinic-notes.csv');

  // The history shows the generation the upload started, until Brim says it is complete.
  const history = screen.getByTestId('brim-history');
  const generation = history.locator('[data-testid="brim-task"][data-task-kind="generation"]').first();
  await expect(generation).toBeVisible({ timeout: 20_000 });
  const notesUpload = history.locator('[data-testid="brim-task"][data-task-kind="notes-upload"]').first();
  await expect(notesUpload).toContainText('clinic-notes');
  await expect(generation).toHaveAttribute('data-task-state', 'complete', { timeout: 60_000 });
  await expect(generation.getByTestId('brim-task-state')).toHaveText('Complete');

  // Patient-level results for the whole project: the table holds what Brim exports.
  await screen.getByRole('button', { name: 'Fetch patient-level' }).click();
  const results = screen.getByTestId('brim-results');
  await expect(results.getByTestId('brim-results-fetched')).toBeVisible({ timeout: 45_000 });
  const expected = await brimExport(carrel.brim.url, carrel.brim.token, carrel.brim.projectId, 'patient');
  const header = expected[0]!;
  const patients = expected.slice(1);
  expect(patients.length).toBeGreaterThan(4);
  await expect(results.getByTestId('row-count')).toHaveText(new RegExp(`^${patients.length} rows · ${header.length} columns$`));
  // One of the new patients, found with the filter, with its values as Brim has them.
  const mine = patients.find((row) => row.includes('E2E102'))!;
  expect(mine).toBeDefined();
  await results.getByTestId('filter').fill('E2E102');
  await expect(results.getByTestId('row-count')).toHaveText(new RegExp(`^1 of ${patients.length} rows`));
  const row = results.locator('[role=grid] [aria-rowindex="2"]');
  for (const value of mine.filter((v) => v !== '')) await expect(row).toContainText(value);
});

test('a notes CSV Brim would refuse (a NOTE_ID repeated for one patient) cannot be uploaded, and the report says what to fix', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addBrimConnection(page, carrel.brim.url, carrel.brim.token, { id: carrel.brim.projectId });
  const screen = page.getByTestId('brim-screen');
  const rows = [
    ['N-1', 'P-1', '2024-01-02 10:00:00', 'First note.', 'Consult'],
    ['N-2', 'P-1', '2024-01-03 10:00:00', 'Second note.', 'Consult'],
    ['N-1', 'P-1', '2024-01-04 10:00:00', 'Third note, same id.', 'Consult'],
    ['N-1', 'P-2', '2024-01-04 10:00:00', 'Another patient may reuse the id.', 'Consult'],
  ];
  await screen.getByTestId('brim-notes-input').setInputFiles({ name: 'duplicates.csv', mimeType: 'text/csv', buffer: notesCsv(['NOTE_ID', 'PERSON_ID', 'NOTE_DATETIME', 'NOTE_TEXT', 'NOTE_TITLE'], rows) });
  const report = screen.getByTestId('brim-preflight-report');
  await expect(report).toHaveAttribute('data-uploadable', 'false', { timeout: 20_000 });
  const duplicates = report.locator('[data-testid="brim-problem-group"][data-kind="duplicate-note-id"]');
  await expect(duplicates).toHaveAttribute('data-count', '1');
  await expect(duplicates).toContainText('Blocks the upload');
  await expect(duplicates).toContainText('Give each note of a patient its own NOTE_ID');
  const duplicateRows = report.locator('[data-testid="brim-problem-row"][data-kind="duplicate-note-id"]');
  await expect(duplicateRows).toHaveCount(1);
  await expect(duplicateRows).toContainText('P-1');
  await expect(duplicateRows).toHaveAttribute('data-severity', 'error');
  await expect(report.getByTestId('brim-report-verdict')).toContainText('Brim would refuse this file');
  await expect(screen.getByTestId('brim-upload')).toBeDisabled();
  await expect(screen.getByRole('button', { name: 'Write a corrected copy' })).toHaveCount(0);
});
