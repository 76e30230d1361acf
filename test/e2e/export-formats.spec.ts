import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { addConnection, expect, test } from './carrel-fixture.ts';
import { parseCsv } from '../helpers/csv-parse.ts';
import { redcapRecords } from '../helpers/redcap-truth.ts';

/** Opens the dialog from the keyboard, picks a format, exports, and returns the downloaded file's path and name. */
async function exportAs(page: Page, format: RegExp, configure: (dialog: ReturnType<Page['getByTestId']>) => Promise<void> = async () => undefined): Promise<{ path: string; name: string }> {
  await page.getByTestId('records-grid').locator('[aria-rowindex="2"] [aria-colindex="1"]').click();
  await page.keyboard.press('Control+e');
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog.getByRole('heading', { name: 'Export', exact: true })).toBeVisible();
  await dialog.getByRole('radio', { name: format }).check();
  await configure(dialog);
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export and download' }).click();
  const file = await download;
  return { path: await file.path(), name: file.suggestedFilename() };
}

test('export the records as XLSX, as CSV with semicolons, and as an R bundle: each file holds the table, typed', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Raw codes' }).click();
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  const truth = await redcapRecords(carrel.redcapUrl, carrel.token);
  const fields = Object.keys(truth[0]!);

  // XLSX: numbers are numbers, dates are dates, the MRN keeps its leading zeros; Dictionary and About sheets.
  const xlsx = await exportAs(page, /^Excel/);
  expect(xlsx.name).toMatch(/_records_.*\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(xlsx.path);
  expect(book.worksheets.map((s) => s.name)).toEqual(['Data', 'Dictionary', 'About']);
  const data = book.getWorksheet('Data')!;
  expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(fields);
  expect(data.rowCount).toBe(truth.length + 1);
  const at = (row: number, field: string): unknown => data.getRow(row + 2).getCell(fields.indexOf(field) + 1).value;
  const zeroMrn = truth.findIndex((r) => r.mrn!.startsWith('0'));
  expect(at(zeroMrn, 'mrn')).toBe(truth[zeroMrn]!.mrn);
  const measured = truth.findIndex((r) => r.weight_kg !== '' && r.sbp !== '');
  expect(at(measured, 'weight_kg')).toBe(Number(truth[measured]!.weight_kg));
  expect(at(measured, 'sbp')).toBe(Number(truth[measured]!.sbp));
  expect((at(0, 'dob') as Date).toISOString().slice(0, 10)).toBe(truth[0]!.dob);
  const about = new Map<string, string>();
  book.getWorksheet('About')!.eachRow((row) => about.set(String(row.getCell(1).value), String(row.getCell(2).value)));
  expect(about.get('Server')).toBe(carrel.redcapUrl);
  expect(about.get('Values')).toBe('raw codes');
  expect(about.get('Exported by')).toMatch(/^Carrel \d/);

  // CSV with semicolons, as Excel wants it where the decimal mark is a comma.
  const csv = await exportAs(page, /^CSV/, async (dialog) => {
    await dialog.getByRole('combobox').selectOption(';');
  });
  expect(csv.name).toMatch(/\.csv$/);
  const [header, ...rows] = parseCsv(readFileSync(csv.path, 'utf8'), ';');
  expect(header).toEqual(fields);
  expect(rows).toEqual(truth.map((record) => fields.map((f) => record[f]!)));

  // The R bundle: one ZIP in the browser, with the script and its data CSV.
  const r = await exportAs(page, /^R\b/, async (dialog) => {
    await expect(dialog.getByTestId('bundle-hint')).toHaveText(/one ZIP holding the script and its data CSV/);
    await expect(dialog.getByRole('radio', { name: /Field labels/ })).toHaveCount(0);
  });
  expect(r.name).toMatch(/\.zip$/);
  const stem = r.name.replace(/\.zip$/, '');
  expect(execFileSync('unzip', ['-Z1', r.path], { encoding: 'utf8' }).trim().split('\n').sort()).toEqual([`${stem}.csv`, `${stem}.r`]);
  const script = execFileSync('unzip', ['-p', r.path, `${stem}.r`], { encoding: 'utf8' });
  expect(script).toContain(`data <- read.csv("${stem}.csv"`);
  expect(script).toContain('data[["sex.factor"]] <- factor(data[["sex"]], levels = c("1", "2", "3"), labels = c("Female", "Male", "Intersex"))');
  expect(script).toContain('attr(data[["dob"]], "label") <- "Date of birth"');
  const bundled = parseCsv(execFileSync('unzip', ['-p', r.path, `${stem}.csv`], { encoding: 'utf8' }));
  expect(bundled).toEqual([fields, ...truth.map((record) => fields.map((f) => record[f]!))]);

  // What the user should know about the file is in the jobs panel.
  const job = page.getByTestId('jobs-panel').getByTestId('job').filter({ hasText: 'to R' });
  await expect(job).toHaveAttribute('data-job-state', 'succeeded');
  await expect(job.getByTestId('job-notes')).toContainText(`The ZIP holds ${stem}.r and ${stem}.csv`);
});
