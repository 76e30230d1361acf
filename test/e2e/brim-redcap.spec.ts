import { addBrimConnection, addConnection, expect, test } from './carrel-fixture.ts';
import { brimExport } from './brim-sandbox.ts';
import { redcapRecords } from '../helpers/redcap-truth.ts';

test.use({ records: 60 });

const smokingCode: Record<string, string> = { 'Never smoker': '0', 'Former smoker': '1', 'Current smoker': '2' };

test("Brim's patient-level results into REDCap: matched by MRN, mapped with a value fixed by hand, reviewed, imported and undone", async ({ page, carrel }) => {
  test.setTimeout(150_000);
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  const before = await redcapRecords(carrel.redcapUrl, carrel.token);
  const recordByMrn = new Map(before.filter((r) => r.mrn).map((r) => [r.mrn!, r]));
  const [header, ...patients] = await brimExport(carrel.brim.url, carrel.brim.token, carrel.brim.projectId, 'patient');
  const column = (name: string): number => header!.indexOf(name);
  const matched = patients.filter((row) => recordByMrn.has(row[0]!));
  expect(matched.length).toBeGreaterThan(10);
  expect(matched.length).toBeLessThan(patients.length);

  await page.getByRole('button', { name: '← Connections' }).click();
  await addBrimConnection(page, carrel.brim.url, carrel.brim.token, { id: carrel.brim.projectId });
  const screen = page.getByTestId('brim-screen');
  const results = screen.getByTestId('brim-results');
  // Nothing to send before results are on this computer.
  await expect(results.getByTestId('brim-send-redcap')).toBeDisabled();
  await screen.getByRole('button', { name: 'Fetch patient-level' }).click();
  await expect(results.getByTestId('brim-results-fetched')).toBeVisible({ timeout: 45_000 });

  await results.getByRole('button', { name: 'Send to REDCap…' }).click();
  const dialog = page.getByTestId('brim-redcap-dialog');
  await expect(dialog.getByLabel('REDCap project')).toHaveValue(/.+/);
  // Brim's patient IDs are MRNs: the MRN field is chosen and finds the REDCap participants; the others are listed.
  await expect(dialog.getByLabel('Match field')).toHaveValue('mrn');
  const counts = dialog.getByTestId('brim-redcap-counts');
  await expect(counts).toHaveAttribute('data-matched', String(matched.length));
  await expect(counts).toContainText(`${matched.length} of ${patients.length} patients`);
  await expect(counts).toContainText(`${patients.length - matched.length} match no record`);
  // Matching by record ID instead finds nobody; back to the MRN.
  await dialog.getByLabel('Match field').selectOption('record_id');
  await expect(counts).toHaveAttribute('data-matched', '0');
  await dialog.getByLabel('Match field').selectOption('mrn');
  await expect(counts).toHaveAttribute('data-matched', String(matched.length));

  // smoking_status went to the field of the same name; Brim's 'Unknown' has no choice there, so it cannot go yet.
  const smoking = dialog.locator('[data-testid="brim-redcap-row"][data-variable="smoking_status"]');
  await expect(smoking.getByRole('combobox')).toHaveValue('smoking_status');
  await expect(smoking.getByTestId('brim-redcap-verdict')).toHaveAttribute('data-verdict', 'error');
  await expect(dialog.locator('[data-testid="brim-redcap-messages"][data-variable="smoking_status"]')).toContainText("Brim option 'Unknown' has no REDCap choice in smoking_status (choices: Never smoked, Former smoker, Current smoker)");
  const review = dialog.getByRole('button', { name: 'Check and review' });
  await expect(review).toBeDisabled();
  await expect(dialog.locator('[data-testid="brim-redcap-value"][data-value="Never smoker"]')).toHaveAttribute('data-how', 'similar');
  await dialog.getByLabel('smoking_status choice for Unknown').selectOption('__blank');
  await expect(smoking.getByTestId('brim-redcap-verdict')).toHaveAttribute('data-verdict', 'warning');

  // Two more by hand: a boolean into a yes/no field, a date into a date field.
  await dialog.getByLabel('REDCap field for eligible_for_trial').selectOption('hypertension');
  await dialog.getByLabel('REDCap field for diagnosis_date').selectOption('lab_date');
  await expect(dialog.locator('[data-testid="brim-redcap-row"][data-variable="eligible_for_trial"] [data-testid="brim-redcap-verdict"]')).toHaveAttribute('data-verdict', 'ok');
  await expect(dialog.locator('[data-testid="brim-redcap-row"][data-variable="diagnosis_date"] [data-testid="brim-redcap-verdict"]')).toHaveAttribute('data-verdict', 'ok');
  await expect(review).toBeEnabled();
  await review.click();

  // The ordinary import review: the generated file, then old → new per record.
  const imports = page.getByTestId('import-dialog');
  await expect(imports.getByTestId('import-rows-read')).toHaveText(String(matched.length), { timeout: 30_000 });
  await imports.getByRole('button', { name: /Changes/ }).click();
  const changed = matched.find((row) => row[column('smoking_status')] !== 'Unknown' && smokingCode[row[column('smoking_status')]!] !== recordByMrn.get(row[0]!)!.smoking_status)!;
  const record = recordByMrn.get(changed[0]!)!;
  const change = imports.locator(`[data-testid="import-change"][data-record="${record.record_id}"][data-field="smoking_status"]`);
  await expect(change.locator('.import-newvalue')).toContainText(smokingCode[changed[column('smoking_status')]!]!);
  const importButton = imports.getByRole('button', { name: /^Import \d+ rows into/ });
  await importButton.click();
  await expect(imports.getByTestId('import-outcome')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });

  // REDCap holds Brim's values, converted; other records are untouched.
  const after = await redcapRecords(carrel.redcapUrl, carrel.token);
  const byId = new Map(after.map((r) => [r.record_id!, r]));
  for (const row of matched) {
    const target = byId.get(recordByMrn.get(row[0]!)!.record_id!)!;
    const status = row[column('smoking_status')]!;
    expect(target.smoking_status, row[0]).toBe(status === 'Unknown' ? recordByMrn.get(row[0]!)!.smoking_status : smokingCode[status]);
    expect(target.hypertension, row[0]).toBe(row[column('eligible_for_trial')] === 'true' ? '1' : '0');
    if (row[column('diagnosis_date')]) expect(target.lab_date, row[0]).toBe(row[column('diagnosis_date')]);
  }
  const touched = new Set(matched.map((row) => recordByMrn.get(row[0]!)!.record_id));
  for (const row of before) if (!touched.has(row.record_id)) expect(byId.get(row.record_id!)).toEqual(row);

  // Undo: REDCap is back as it was.
  await imports.getByRole('button', { name: 'Undo this import' }).click();
  const undo = page.getByTestId('undo-import-dialog');
  await undo.getByRole('button', { name: 'Undo import' }).click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect.poll(async () => JSON.stringify(await redcapRecords(carrel.redcapUrl, carrel.token)), { timeout: 30_000 }).toBe(JSON.stringify(before));
});
