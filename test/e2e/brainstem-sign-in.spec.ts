import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { addBrainstemConnection, brainstemCount, expect, test } from './carrel-fixture.ts';
import { BRAINSTEM_DEMO_PASSWORD, BRAINSTEM_USERS } from '../sandbox/brainstem/seed-people.ts';
import type { Page } from '@playwright/test';

test.use({ records: 5 });

const demo = BRAINSTEM_USERS.demo;

/** Every file Carrel wrote to its user-data folder, for "no secret on disk" checks. */
function userDataText(folder: string): string {
  let text = '';
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    text += statSync(path).isDirectory() ? userDataText(path) : readFileSync(path).toString('latin1');
  }
  return text;
}

/** Starts the browser sign-in and opens the approval page the way the user does: with the dialog's button. */
async function startDeviceSignIn(page: Page): Promise<{ code: string; approval: Page }> {
  const dialog = page.getByTestId('sign-in-dialog');
  await dialog.getByRole('button', { name: 'Start browser sign-in' }).click();
  const code = (await dialog.getByTestId('user-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z]{4}-\d{4}$/);
  const opened = page.context().waitForEvent('page');
  await dialog.getByRole('button', { name: 'Open the sign-in page' }).click();
  const approval = await opened;
  await approval.waitForLoadState();
  // The approval page shows the same code the dialog does.
  await expect(approval.locator('#user-code')).toHaveText(code);
  return { code, approval };
}

test('a private portal asks for a sign-in; the browser sign-in, approved on the server\'s page, syncs what the account may read', async ({ page, carrel }) => {
  const base = carrel.brainstem.url;
  await page.goto(carrel.url);
  await addBrainstemConnection(page, base, 'private');

  // The first sync needs an account: the sign-in dialog opens by itself.
  const dialog = page.getByTestId('sign-in-dialog');
  await expect(dialog).toBeVisible({ timeout: 20_000 });
  await expect(dialog.getByRole('tab', { name: 'Browser' })).toHaveAttribute('aria-selected', 'true');
  const { approval } = await startDeviceSignIn(page);
  await expect(dialog.getByTestId('device-sign-in')).toHaveAttribute('data-state', 'pending');
  await expect(dialog.getByText(/The code expires in 1[45]:\d\d/)).toBeVisible();
  await approval.locator('#approve').click();
  await expect(approval.getByRole('heading', { name: 'Device approved' })).toBeVisible();

  // Main picks the approval up at the server's polling interval; the dialog closes and the sync runs.
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('sign-in-state')).toHaveAttribute('data-signed-in', 'true');
  await expect(page.getByTestId('sign-in-state')).toContainText('Signed in');
  const nav = page.getByTestId('model-browser');
  await expect(nav).toBeVisible({ timeout: 30_000 });
  const sessions = await brainstemCount(base, 'private', 'stem/session', {}, demo.token);
  const projects = await brainstemCount(base, 'private', 'stem/project', {}, demo.token);
  await expect(nav.locator('[data-model="session"] .nav-count')).toHaveText(`${sessions} records`, { timeout: 30_000 });
  await expect(nav.locator('[data-model="project"] .nav-count')).toHaveText(`${projects} records`);
  expect(projects).toBeGreaterThan(carrel.brainstem.publicProjects - 1);

  // The home card says who is signed in to which portal.
  await page.getByRole('button', { name: '← Connections' }).click();
  await expect(page.getByTestId('connection-card')).toContainText('private portal');
  await expect(page.getByTestId('card-sign-in')).toContainText('signed in');

  // Signing out forgets the sign-in; the offline copy stays.
  await page.getByRole('button', { name: /^Open / }).click();
  await page.getByTestId('sign-in-state').getByRole('button', { name: 'Sign out' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByTestId('sign-in-state')).toHaveAttribute('data-signed-in', 'false');
  await expect(nav.locator('[data-model="session"] .nav-count')).toHaveText(`${sessions} records`);
});

test('a denied or expired browser sign-in says so and offers a new code', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addBrainstemConnection(page, carrel.brainstem.url, 'public');
  await expect(page.getByTestId('model-browser')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('sign-in-state').getByRole('button', { name: 'Sign in' }).click();

  const dialog = page.getByTestId('sign-in-dialog');
  const { code, approval } = await startDeviceSignIn(page);
  await approval.locator('#deny').click();
  await expect(approval.getByRole('heading', { name: 'Access denied' })).toBeVisible();

  const outcome = dialog.getByTestId('sign-in-outcome');
  await expect(outcome).toHaveAttribute('data-state', 'denied', { timeout: 30_000 });
  await expect(outcome).toContainText(/denied/i);
  await expect(page.getByTestId('sign-in-state')).toHaveAttribute('data-signed-in', 'false');

  await outcome.getByRole('button', { name: 'Try again' }).click();
  await expect(dialog.getByTestId('device-sign-in')).toHaveAttribute('data-state', 'pending');
  const second = dialog.getByTestId('user-code');
  await expect(second).not.toHaveText(code);

  // The 15 minutes run out (the sandbox ends the code's window now): the dialog says so.
  const expired = await fetch(new URL('__sandbox/device/expire', carrel.brainstem.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_code: (await second.textContent())!.trim() }),
  });
  expect(expired.ok).toBe(true);
  await expect(outcome).toHaveAttribute('data-state', 'expired', { timeout: 30_000 });
  await expect(outcome).toContainText(/expired/i);
  await outcome.getByRole('button', { name: 'Try again' }).click();
  await expect(dialog.getByTestId('device-sign-in')).toHaveAttribute('data-state', 'pending');
  // Closing the dialog stops waiting for that code; nothing was signed in.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('sign-in-state')).toHaveAttribute('data-signed-in', 'false');
});

test('a personal access token signs in (a wrong one is refused and not kept); the private portal then syncs', async ({ page, carrel }) => {
  const base = carrel.brainstem.url;
  await page.goto(carrel.url);
  await addBrainstemConnection(page, base, 'public');
  await expect(page.getByTestId('model-browser')).toBeVisible({ timeout: 30_000 });

  // Switching to the private portal without an account says what to do.
  await page.getByTestId('portal-switch').getByRole('button', { name: 'Private' }).click();
  await expect(page.getByTestId('brainstem-screen')).toHaveAttribute('data-portal', 'private');
  const needed = page.getByTestId('sign-in-needed');
  await expect(needed).toBeVisible();
  await needed.getByRole('button', { name: 'Sign in' }).click();

  const dialog = page.getByTestId('sign-in-dialog');
  await dialog.getByRole('tab', { name: 'Access token' }).click();
  const wrong = 'f'.repeat(40);
  await dialog.getByLabel('Personal access token').fill(wrong);
  await dialog.getByRole('button', { name: 'Sign in with the token' }).click();
  await expect(dialog.getByRole('alert')).toHaveAttribute('data-error-code', 'AUTH_FAILED');
  await expect(page.getByTestId('sign-in-state')).toHaveAttribute('data-signed-in', 'false');

  await dialog.getByLabel('Personal access token').fill(carrel.brainstem.token);
  await dialog.getByRole('button', { name: 'Sign in with the token' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('sign-in-state')).toHaveAttribute('data-signed-in', 'true');
  const sessions = await brainstemCount(base, 'private', 'stem/session', {}, carrel.brainstem.token);
  await expect(page.getByTestId('model-browser').locator('[data-model="session"] .nav-count')).toHaveText(`${sessions} records`, { timeout: 30_000 });

  // Signed in, the private portal is writable: Ctrl+N opens a new session's form beside the table.
  await page.getByTestId('model-browser').locator('[data-model="session"]').click();
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  await page.keyboard.press('Control+n');
  await expect(page.getByRole('complementary', { name: 'New record' })).toBeVisible();

  // Neither token is in the page or on disk in plain text.
  expect(await page.content()).not.toContain(carrel.brainstem.token);
  const written = userDataText(carrel.userData);
  expect(written).not.toContain(carrel.brainstem.token);
  expect(written).not.toContain(wrong);
});

test('email and password, or an older server\'s username and password, sign in without the password being kept', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  await addBrainstemConnection(page, carrel.brainstem.url, 'public');
  await expect(page.getByTestId('model-browser')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('sign-in-state').getByRole('button', { name: 'Sign in' }).click();

  const dialog = page.getByTestId('sign-in-dialog');
  await dialog.getByRole('tab', { name: 'Email and password' }).click();
  await expect(dialog).toContainText('Carrel does not store your password');
  await dialog.getByRole('textbox', { name: 'Email' }).fill(demo.email);
  await dialog.getByLabel('Password', { exact: true }).fill(BRAINSTEM_DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('sign-in-state')).toHaveAttribute('data-signed-in', 'true');
  expect(userDataText(carrel.userData)).not.toContain(BRAINSTEM_DEMO_PASSWORD);

  // Signed out, the older username/password token works as well.
  await page.getByTestId('sign-in-state').getByRole('button', { name: 'Sign out' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByTestId('sign-in-state')).toHaveAttribute('data-signed-in', 'false');
  await page.getByTestId('sign-in-state').getByRole('button', { name: 'Sign in' }).click();
  await dialog.getByRole('tab', { name: 'Older servers' }).click();
  await dialog.getByLabel('Username (email)').fill(demo.email);
  await dialog.getByLabel('Password', { exact: true }).fill('not-the-password');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog.getByRole('alert')).toHaveAttribute('data-error-code', 'AUTH_FAILED');
  await dialog.getByLabel('Password', { exact: true }).fill(BRAINSTEM_DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('sign-in-state')).toHaveAttribute('data-signed-in', 'true');
  expect(userDataText(carrel.userData)).not.toContain(BRAINSTEM_DEMO_PASSWORD);
  expect(await page.content()).not.toContain(BRAINSTEM_DEMO_PASSWORD);
});
