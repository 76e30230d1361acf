import type { Locator, Page, Request } from '@playwright/test';
import { addBrainstemConnection, expect, test, type Carrel } from './carrel-fixture.ts';

test.use({ records: 5 });

/** What the BrainSTEM sandbox itself holds, read with the demo user's token: the oracle for every write. */
async function sandboxGet<T>(carrel: Carrel, path: string, params: Record<string, string> = {}, token = carrel.brainstem.token): Promise<{ status: number; body: T }> {
  const url = new URL(`api/private/${path}`, carrel.brainstem.url);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (response.status === 204 ? null : await response.json()) as T };
}

interface SandboxSession {
  id: string;
  name: string;
  description: string;
  projects: string[];
  date_time: string | null;
  tags: string[];
}

async function sessionsNamed(carrel: Carrel, name: string, token?: string): Promise<SandboxSession[]> {
  const { status, body } = await sandboxGet<{ sessions: SandboxSession[] }>(carrel, 'stem/session/', { 'filter{name}': name }, token);
  expect(status).toBe(200);
  return body.sessions;
}

/** Calls the page makes to the web shell for a contract method, with their inputs. */
function recordCalls(page: Page, method: string): Array<Record<string, unknown>> {
  const calls: Array<Record<string, unknown>> = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === `/rpc/${method}`) calls.push(request.postDataJSON() as Record<string, unknown>);
  });
  return calls;
}

/** A private-portal connection, signed in with the demo user's personal access token and synced. */
async function openPrivatePortal(page: Page, carrel: Carrel): Promise<void> {
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
}

async function showModel(page: Page, model: string): Promise<Locator> {
  await page.getByTestId('model-browser').locator(`[data-model="${model}"]`).click();
  const grid = page.getByTestId('records-grid');
  await expect(grid).toHaveAttribute('data-ready', 'true');
  return grid;
}

/** Narrows the table with the filter box and opens its first row, as a user would (double-click). */
async function openFirstRow(page: Page, grid: Locator, filter: string): Promise<Locator> {
  await page.getByTestId('filter').fill(filter);
  await expect(page.getByTestId('row-count')).toHaveText(/^1 of \d+ rows|^\d+ of \d+ rows/);
  await grid.locator('[aria-rowindex="2"] [aria-colindex="2"]').dblclick();
  const pane = page.getByTestId('record-pane');
  await expect(pane).toBeVisible();
  return pane;
}

test('a session is created from a generated form (required fields checked first, server errors per field), edited with a PATCH of what changed, followed to its project, and deleted after a confirmation', async ({ page, carrel }) => {
  const creates = recordCalls(page, 'brainstem.create');
  const updates = recordCalls(page, 'brainstem.update');
  await openPrivatePortal(page, carrel);
  const grid = await showModel(page, 'session');
  const existing = (await sandboxGet<{ sessions: SandboxSession[] }>(carrel, 'stem/session/', { limit: '1' })).body.sessions[0]!;

  await page.getByRole('button', { name: 'New session' }).click();
  const form = page.getByTestId('record-form');
  await expect(form).toHaveAttribute('data-mode', 'create');
  const name = form.getByRole('textbox', { name: 'Name', exact: true });
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute('aria-required', 'true');

  // The project picker searches the offline copy: ↓ opens the list and moves, Escape closes only the list.
  const projects = form.getByRole('combobox', { name: 'Projects' });
  await projects.focus();
  await projects.press('ArrowDown');
  const options = form.getByRole('option');
  await expect(options).toHaveCount(4);
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await projects.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(projects).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id'))!);
  await projects.press('Escape');
  await expect(form.getByRole('listbox')).toHaveCount(0);
  await expect(form).toBeVisible();

  // Typing narrows to names; Enter chooses; the chip shows the name, the id is what is kept.
  await projects.fill('prefrontal');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText('Prefrontal Optogenetics Pilot');
  await projects.press('Enter');
  await expect(form.getByRole('list', { name: 'Chosen Projects' })).toHaveText(/Prefrontal Optogenetics Pilot/);
  await expect(form.getByRole('listbox')).toHaveCount(0);

  // Without a name nothing is sent: the field says what is missing and gets the focus.
  await page.keyboard.press('Control+Enter');
  await expect(form.locator('[data-field="name"] .bs-field-errors')).toHaveText('This field is required.');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toBeFocused();
  expect(creates).toHaveLength(0);

  // A name the server already has: its error comes back under the field.
  await name.fill(existing.name);
  await form.getByRole('button', { name: 'Create session' }).click();
  await expect(form.locator('[data-field="name"] .bs-field-errors')).toContainText(/already exists/);
  expect(creates).toHaveLength(1);

  // JSON fields check what is typed as it is typed.
  const links = form.getByLabel('Download links');
  await links.fill('{"repository": "DANDI"}');
  await expect(form.locator('[data-field="download_links"]')).toContainText('Enter a JSON list');
  await links.fill('[{"repository": "DANDI", "url": "https://dandiarchive.org/dandiset/000001"}]');
  await expect(form.locator('[data-field="download_links"]')).toContainText('Valid JSON');

  const sessionName = 'E2E opto session 1';
  await name.fill(sessionName);
  await form.getByLabel('Date and time').fill('2024-06-20T14:30');
  const tags = form.getByLabel('Tags');
  await tags.fill('e2e');
  await tags.press('Enter');
  await page.keyboard.press('Control+s');
  await expect(form).toBeHidden();

  // The new session is on the server, and opens beside the table; the table has its row.
  const created = (await sessionsNamed(carrel, sessionName))[0]!;
  expect(created.tags).toEqual(['e2e']);
  expect(created.projects).toHaveLength(1);
  expect(Date.parse(created.date_time!)).toBe(new Date(2024, 5, 20, 14, 30).getTime());
  const pane = page.getByTestId('record-pane');
  await expect(pane).toHaveAttribute('data-record-id', created.id);
  await expect(pane.getByRole('heading', { name: sessionName })).toBeVisible();
  await page.getByTestId('filter').fill(sessionName);
  await expect(page.getByTestId('row-count')).toHaveText(/^1 of \d+ rows/);

  // Edit: only the changed field is sent.
  await pane.getByRole('button', { name: 'Edit' }).click();
  await expect(form).toHaveAttribute('data-mode', 'edit');
  await expect(form.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(sessionName);
  await form.getByLabel('Description').fill('Light on in the second half');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toBeHidden();
  expect(updates).toHaveLength(1);
  expect(updates[0]).toMatchObject({ model: 'session', id: created.id, values: { description: 'Light on in the second half' } });
  expect(Object.keys(updates[0]!.values as object)).toEqual(['description']);
  expect((await sessionsNamed(carrel, sessionName))[0]!.description).toBe('Light on in the second half');
  await expect(pane.locator('[data-field="description"] dd')).toHaveText('Light on in the second half');

  // A relation is a link to the related record.
  await pane.locator('[data-field="projects"]').getByRole('button', { name: 'Prefrontal Optogenetics Pilot' }).click();
  await expect(pane).toHaveAttribute('data-model', 'project');
  await expect(pane.getByRole('heading', { name: 'Prefrontal Optogenetics Pilot' })).toBeVisible();
  await page.getByRole('button', { name: /^← Back to the session/ }).click();
  await expect(pane).toHaveAttribute('data-record-id', created.id);

  // Delete asks first, naming the record; focus starts on Cancel.
  await pane.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByTestId('delete-record');
  await expect(confirm).toContainText(sessionName);
  await expect(confirm).toContainText('Related records may be affected');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Delete session' }).click();
  await expect(confirm).toBeHidden();
  await expect(pane).toBeHidden();
  expect(await sessionsNamed(carrel, sessionName)).toEqual([]);
  await expect(page.getByTestId('row-count')).toHaveText(/^0 of \d+ rows/);
});

test('a subject log\'s timeline lists entries newest first; an entry is added, changed and removed in place', async ({ page, carrel }) => {
  await openPrivatePortal(page, carrel);
  const grid = await showModel(page, 'subjectlog');
  const pane = await openFirstRow(page, grid, 'Daily weight');
  const timeline = pane.getByTestId('log-timeline');
  const entries = timeline.locator('.bs-entry');
  const id = (await pane.getAttribute('data-record-id'))!;
  const before = (await sandboxGet<{ subject_log: { entries: Array<{ date_time: string }> } }>(carrel, `modules/subjectlog/${id}/`)).body.subject_log.entries;
  await expect(entries).toHaveCount(before.length);
  const newestFirst = [...before].map((entry) => entry.date_time).sort().reverse();
  await expect(entries.first()).toHaveAttribute('data-entry', newestFirst[0]!);

  // The time is required.
  await timeline.getByRole('button', { name: 'Add entry' }).click();
  const entryForm = timeline.getByTestId('log-entry-form');
  await entryForm.getByLabel('Notes').fill('after the weekend');
  await entryForm.getByRole('button', { name: 'Add entry' }).click();
  await expect(entryForm.locator('[data-field="date_time"] .bs-field-errors')).toHaveText('This field is required.');

  await entryForm.getByLabel('Date and time').fill('2030-01-06T09:15');
  await entryForm.getByLabel('Details (JSON object)').fill('{"weight": 23.4}');
  await entryForm.getByRole('button', { name: 'Add entry' }).click();
  await expect(entryForm).toBeHidden();
  const added = new Date(2030, 0, 6, 9, 15).toISOString().replace('.000Z', 'Z');
  await expect(entries).toHaveCount(before.length + 1);
  await expect(entries.first()).toHaveAttribute('data-entry', added);
  await expect(entries.first()).toContainText('after the weekend');
  await expect(entries.first().locator('.bs-entry-details')).toHaveText('weight23.4');
  let onServer = (await sandboxGet<{ subject_log: { entries: Array<{ date_time: string; notes: string | null; details: unknown }> } }>(carrel, `modules/subjectlog/${id}/`)).body.subject_log.entries;
  expect(onServer.find((entry) => entry.date_time === added)).toEqual({ date_time: added, notes: 'after the weekend', details: { weight: 23.4 } });

  // Change the notes; the time is the entry's key and stays.
  await entries.first().getByRole('button', { name: /^Change the entry/ }).click();
  const changeForm = timeline.getByTestId('log-entry-form');
  await expect(changeForm.getByLabel('Date and time')).toBeDisabled();
  await changeForm.getByLabel('Notes').fill('after a long weekend');
  await page.keyboard.press('Control+Enter');
  await expect(changeForm).toBeHidden();
  await expect(entries.first()).toContainText('after a long weekend');

  // Remove asks in place, then the entry is gone here and on the server.
  await entries.first().getByRole('button', { name: /^Remove the entry/ }).click();
  await entries.first().getByRole('button', { name: 'Remove entry' }).click();
  await expect(entries).toHaveCount(before.length);
  onServer = (await sandboxGet<{ subject_log: { entries: Array<{ date_time: string; notes: string | null; details: unknown }> } }>(carrel, `modules/subjectlog/${id}/`)).body.subject_log.entries;
  expect(onServer.map((entry) => entry.date_time)).not.toContain(added);
});

test('a new species goes to the moderators: the form says it was sent for approval and with what status', async ({ page, carrel }) => {
  await openPrivatePortal(page, carrel);
  await showModel(page, 'species');
  await page.getByRole('button', { name: 'New species' }).click();
  const form = page.getByTestId('record-form');
  await expect(form).toContainText('go to the BrainSTEM moderators for approval first');
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Mus spretus');
  await form.getByLabel('Description').fill('Algerian mouse');

  // Escape with unsaved changes asks before throwing them away.
  await form.getByLabel('Description').press('Escape');
  await expect(form.getByText('Discard your unsaved changes?')).toBeVisible();
  await form.getByRole('button', { name: 'Keep editing' }).click();

  await form.getByRole('button', { name: 'Create species' }).click();
  const notice = form.getByTestId('approval-notice');
  await expect(notice).toContainText('Sent for approval (Pending)');
  const approvals = (await sandboxGet<{ species_approvals: Array<{ name: string; status: string; action: string }> }>(carrel, 'taxonomies/speciesapproval/')).body.species_approvals;
  expect(approvals.find((approval) => approval.name === 'Mus spretus')).toMatchObject({ status: 'Pending', action: 'Add' });
  await form.getByRole('button', { name: 'Done' }).click();
  await expect(form).toBeHidden();
});

test('a save that needs a new sign-in keeps everything typed: sign in from the form, save again', async ({ page, carrel }) => {
  await openPrivatePortal(page, carrel);
  await showModel(page, 'session');
  await page.getByRole('button', { name: 'New session' }).click();
  const form = page.getByTestId('record-form');
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E after sign-in');
  await form.getByLabel('Description').fill('typed before the token ran out');
  const projects = form.getByRole('combobox', { name: 'Projects' });
  await projects.fill('visual cortex');
  await expect(form.getByRole('option')).toHaveCount(1);
  await projects.press('Enter');

  // A year goes by on the server: the personal access token has run out. A new one is made on the website.
  const admin = (path: string, body: unknown) => fetch(new URL(`__sandbox/${path}`, carrel.brainstem.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await admin('clock', { advanceSeconds: 400 * 24 * 3600 })).ok).toBe(true);
  const fresh = (await (await admin('tokens', { email: 'mira.okafor@lab.example' })).json()) as { token: string };

  await form.getByRole('button', { name: 'Create session' }).click();
  const dialog = page.getByTestId('sign-in-dialog');
  await expect(dialog).toBeVisible();
  await expect(form).toContainText('Your changes are kept here');
  await dialog.getByRole('tab', { name: 'Access token' }).click();
  await dialog.getByLabel('Personal access token').fill(fresh.token);
  await dialog.getByRole('button', { name: 'Sign in with the token' }).click();
  await expect(dialog).toBeHidden();

  await expect(form.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('E2E after sign-in');
  await expect(form.getByLabel('Description')).toHaveValue('typed before the token ran out');
  await expect(form.getByRole('list', { name: 'Chosen Projects' })).toHaveText(/Visual Cortex Two-Photon Imaging/);
  await form.getByRole('button', { name: 'Create session' }).click();
  await expect(form).toBeHidden();
  const created = await sessionsNamed(carrel, 'E2E after sign-in', fresh.token);
  expect(created).toHaveLength(1);
  expect(created[0]!.description).toBe('typed before the token ran out');
});

test('an invitation to a project is accepted from its record: the button says what happened and the invitation is used up', async ({ page, carrel }) => {
  await openPrivatePortal(page, carrel);
  const grid = await showModel(page, 'projectmembershipinvitation');
  const before = (await sandboxGet<{ project_membership_invitations: Array<{ id: string }> }>(carrel, 'stem/projectmembershipinvitation/')).body.project_membership_invitations;
  expect(before).toHaveLength(1);
  await grid.locator('[aria-rowindex="2"] [aria-colindex="2"]').dblclick();
  const pane = page.getByTestId('record-pane');
  await expect(pane).toHaveAttribute('data-record-id', before[0]!.id);
  // The invited-to project is not readable yet, so it is not in the offline copy: the link says so.
  await expect(pane.locator('[data-field="project"]')).toContainText('not cached');

  await pane.getByRole('button', { name: 'Accept' }).click();
  await expect(pane.getByRole('status')).toContainText('Accepted. This project membership invitation is no longer on the server.');
  await expect(pane.getByRole('button', { name: 'Accept' })).toHaveCount(0);
  expect((await sandboxGet<{ project_membership_invitations: unknown[] }>(carrel, 'stem/projectmembershipinvitation/')).body.project_membership_invitations).toEqual([]);
});
