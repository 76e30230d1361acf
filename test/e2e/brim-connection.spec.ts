import { addBrimConnection, expect, test } from './carrel-fixture.ts';
import { brimControl } from './brim-sandbox.ts';

test.use({ records: 5 });

test('a Brim token the server refuses is not saved, and the dialog says what to do', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  const wrong = 'brimP9wrong000000000000000000000000000000';
  await addBrimConnection(page, carrel.brim.url, wrong, { id: carrel.brim.projectId });
  const dialog = page.getByTestId('add-connection');
  const error = dialog.getByRole('alert');
  await expect(error).toHaveAttribute('data-error-code', 'AUTH_FAILED');
  await expect(error).toContainText('Token not accepted');
  await expect(error).toContainText(/token/i);
  // The token never comes back in an error.
  await expect(dialog).not.toContainText(wrong);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('connection-card')).toHaveCount(0);

  // The right token works, and the card shows the project.
  await addBrimConnection(page, carrel.brim.url, carrel.brim.token, { id: carrel.brim.projectId });
  await expect(page.getByTestId('brim-screen').getByTestId('brim-project')).toContainText(`project ${carrel.brim.projectId}`);

  // Invitations: Brim's answer is shown, and a member already in the project is refused with Brim's words.
  await page.getByRole('button', { name: 'Invite…' }).click();
  const invite = page.getByTestId('brim-invite');
  await invite.getByLabel('Email address').fill('new.abstractor@hospital.example');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite).toHaveCount(0);
  await expect(page.getByTestId('screen-notice')).toContainText('new.abstractor@hospital.example');
  await page.getByRole('button', { name: 'Invite…' }).click();
  await invite.getByLabel('Email address').fill('reviewer@brim.sandbox.test');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite.getByTestId('brim-invite-declined')).toContainText('already a member');
  await invite.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: '← Connections' }).click();
  await expect(page.getByTestId('card-brim-project')).toContainText(`project ${carrel.brim.projectId}`);
});

test('an inferred endpoint the server lacks turns its feature off with a note, and the rest keeps working', async ({ page, carrel }) => {
  await brimControl(carrel.brim.url, 'capabilities', { name: 'generate', mode: 404 });
  await brimControl(carrel.brim.url, 'capabilities', { name: 'resourceUpload', mode: 405 });
  await page.goto(carrel.url);
  await addBrimConnection(page, carrel.brim.url, carrel.brim.token, { id: carrel.brim.projectId });
  const screen = page.getByTestId('brim-screen');
  await expect(screen.getByTestId('brim-history-section')).toBeVisible({ timeout: 20_000 });

  // Generation for chosen patients: the server answers 404, so Carrel turns it off and says why.
  await screen.getByRole('button', { name: 'Generate…' }).first().click();
  const dialog = page.getByTestId('brim-generate');
  await dialog.getByRole('radio', { name: /Only these patients/ }).check();
  await dialog.getByLabel('Patient ids').fill('MRN1001, MRN1002');
  await dialog.getByRole('button', { name: 'Start generation' }).click();
  await expect(dialog).toHaveCount(0);
  const off = screen.locator('[data-testid="brim-capability-off"][data-capability="generate"]');
  await expect(off).toBeVisible();
  await expect(off).toContainText('not available');
  await expect(screen.getByRole('button', { name: 'Generate…' })).toHaveCount(0);

  // A reference document: 405, the same.
  await screen.getByText('Structured data and reference documents').click();
  await screen.getByTestId('brim-resource-input').setInputFiles({ name: 'staging-guideline.txt', mimeType: 'text/plain', buffer: Buffer.from('TNM staging, 8th edition.') });
  await expect(screen.locator('[data-testid="brim-capability-off"][data-capability="resourceUpload"]')).toBeVisible({ timeout: 20_000 });
  await expect(screen.getByTestId('brim-resource')).toHaveCount(0);

  // Both stay off for this connection after a reload, and results still come.
  await page.reload();
  await page.getByRole('button', { name: /^Open / }).first().click();
  await expect(screen.locator('[data-testid="brim-capability-off"][data-capability="generate"]')).toBeVisible();
  await screen.getByRole('button', { name: 'Fetch patient-level' }).click();
  await expect(screen.getByTestId('brim-results-fetched')).toBeVisible({ timeout: 45_000 });
});
