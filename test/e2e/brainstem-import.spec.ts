import type { Locator, Page } from '@playwright/test';
import { addBrainstemConnection, expect, test, type Carrel } from './carrel-fixture.ts';

test.use({ records: 5 });

interface SandboxSession {
  id: string;
  name: string;
  description: string;
  projects: string[];
}

/** The sessions the BrainSTEM sandbox itself holds (the demo user's view, read with her token): the oracle. */
async function serverSessions(carrel: Carrel): Promise<SandboxSession[]> {
  const sessions: SandboxSession[] = [];
  for (let offset = 0; ; offset += 100) {
    const url = new URL('api/private/stem/session/', carrel.brainstem.url);
    url.searchParams.set('limit', '100');
    url.searchParams.set('offset', String(offset));
    const response = await fetch(url, { headers: { authorization: `Bearer ${carrel.brainstem.token}` } });
    expect(response.status).toBe(200);
    const page = ((await response.json()) as { sessions: SandboxSession[] }).sessions;
    sessions.push(...page);
    if (page.length < 100) return sessions.sort((a, b) => a.id.localeCompare(b.id));
  }
}

/** Drags a file from the desktop onto `target`, as the browser reports it: dragenter, dragover, drop. */
async function dropFile(page: Page, target: Locator, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(({ name, text }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], name, { type: 'text/csv' }));
    return transfer;
  }, { name, text });
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
}

/** A private-portal connection, signed in with the demo user's personal access token and synced, showing sessions. */
async function openSessions(page: Page, carrel: Carrel): Promise<Locator> {
  await page.goto(carrel.url);
  await addBrainstemConnection(page, carrel.brainstem.url, 'public');
  await expect(page.getByTestId('model-browser')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('portal-switch').getByRole('button', { name: 'Private' }).click();
  await page.getByTestId('sign-in-needed').getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByTestId('sign-in-dialog');
  await dialog.getByRole('tab', { name: 'Access token' }).click();
  await dialog.getByLabel('Personal access token').fill(carrel.brainstem.token);
  await dialog.getByRole('button', { name: 'Sign in with the token' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('model-browser').locator('[data-model="session"]')).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await page.getByTestId('model-browser').locator('[data-model="session"]').click();
  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');
  return grid;
}

test('a CSV dropped on the sessions table: a bad row shown, the file fixed, 2 sessions created and 1 updated, the table following, then undone', async ({ page, carrel }) => {
  await openSessions(page, carrel);
  const project = 'Hippocampal Replay in Rats';
  const before = await serverSessions(carrel);
  const projectId = (await (await fetch(new URL(`api/private/stem/project/?filter{name}=${encodeURIComponent(project)}`, carrel.brainstem.url), { headers: { authorization: `Bearer ${carrel.brainstem.token}` } })).json() as { projects: Array<{ id: string }> }).projects[0]!.id;
  const existing = before.find((s) => s.projects.includes(projectId))!;
  const header = 'id,name,projects,description';
  const good = [`${existing.id},${existing.name},${project},Updated by the import`, `,E2E_new_one,${project},first`, `,E2E_new_two,${project},second`];

  await dropFile(page, page.getByTestId('brainstem-main'), 'sessions.csv', [header, ...good, ',E2E_bad,No Such Project,bad', ''].join('\n'));
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByRole('heading', { name: 'Import CSV into sessions' })).toBeVisible();
  await expect(dialog.getByTestId('import-rows-read')).toHaveText('4');
  await expect(dialog.getByTestId('import-brainstem-hint')).toContainText('which needs Name, Projects');

  // The bad row: its project is unknown; the import is blocked and sends nothing.
  await dialog.getByRole('button', { name: /Problems/ }).click();
  const errors = dialog.locator('[data-testid="import-problem"][data-severity="error"]');
  await expect(errors).toHaveCount(1);
  await expect(errors.first()).toContainText('No project has this name');
  await expect(errors.first().locator('td').first()).toHaveText('4');
  const importButton = dialog.getByRole('button', { name: /^Import \d+ objects into sessions/ });
  await expect(importButton).toBeDisabled();

  // The file is fixed (the bad row left out) and dropped on the dialog again.
  await dropFile(page, dialog.getByTestId('import-drop'), 'sessions-fixed.csv', [header, ...good, ''].join('\n'));
  await expect(dialog.getByTestId('import-rows-read')).toHaveText('3');
  await dialog.getByRole('button', { name: /Changes/ }).click();
  await expect(dialog.getByTestId('import-count-new')).toHaveText('2');
  await expect(dialog.getByTestId('import-count-changed')).toHaveText('1');
  const changed = dialog.locator(`[data-testid="import-change"][data-record="${existing.id}"][data-field="description"]`);
  await expect(changed.locator('.import-old')).toHaveText(existing.description === '' ? '(empty)' : existing.description);
  await expect(changed.locator('.import-newvalue')).toHaveText('Updated by the import');
  await expect(changed.locator('td').first()).toContainText(existing.name);
  await expect(dialog.locator('[data-testid="import-change"][data-label="E2E_new_one"]').first()).toHaveAttribute('data-kind', 'new');

  await expect(importButton).toHaveText('Import 3 objects into sessions');
  await importButton.click();
  await expect(dialog.getByTestId('import-outcome')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(dialog.getByTestId('import-outcome')).toContainText('Imported 3 objects of sessions-fixed.csv');

  // BrainSTEM holds the file's values; the table shows them without a sync.
  const after = await serverSessions(carrel);
  expect(after.find((s) => s.id === existing.id)!.description).toBe('Updated by the import');
  expect(after.filter((s) => s.name.startsWith('E2E_')).map((s) => [s.name, s.description]).sort()).toEqual([['E2E_new_one', 'first'], ['E2E_new_two', 'second']]);
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(dialog).toHaveCount(0);
  await page.getByTestId('filter').fill('E2E_new');
  await expect(page.getByTestId('row-count')).toHaveText(/^2 of \d+ rows/);

  // Undone from the imports list, after seeing what it will do: BrainSTEM is back as it was.
  await page.getByRole('button', { name: 'Imports', exact: true }).click();
  const list = page.getByTestId('imports-list');
  await list.locator('[data-testid="import-entry"][data-kind="import"]').getByRole('button', { name: 'Undo…' }).click();
  const undo = page.getByTestId('undo-import-dialog');
  await expect(undo.getByTestId('undo-preview')).toContainText('Delete 2 objects the import created');
  await expect(undo.getByTestId('undo-preview')).toContainText('Restore 1 value in 1 object (description)');
  await undo.getByRole('button', { name: 'Undo import' }).click();
  await expect(list.locator('[data-testid="import-entry"][data-kind="import"]')).toHaveAttribute('data-state', 'undone', { timeout: 30_000 });
  await expect(list.locator('[data-testid="import-entry"][data-kind="undo"]')).toHaveAttribute('data-state', 'done');
  expect(await serverSessions(carrel)).toEqual(before);
  await list.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('row-count')).toHaveText(/^0 of \d+ rows/);
});

test('Ctrl+I opens the import for the model shown; a file that changes nothing cannot be imported', async ({ page, carrel }) => {
  const grid = await openSessions(page, carrel);
  const before = await serverSessions(carrel);
  await grid.click();
  await page.keyboard.press('Control+i');
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByTestId('import-model-hint')).toContainText('New sessions need Name, Projects');
  const same = ['id,name', ...before.slice(0, 2).map((s) => `${s.id},${s.name}`), ''].join('\n');
  await dialog.getByTestId('import-input').setInputFiles({ name: 'same.csv', mimeType: 'text/csv', buffer: Buffer.from(same) });
  await expect(dialog.getByTestId('import-verdict')).toHaveText('Nothing to import: the file matches BrainSTEM.');
  await expect(dialog.getByRole('button', { name: /^Import 0 objects into sessions/ })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await serverSessions(carrel)).toEqual(before);
});
