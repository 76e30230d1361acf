import { readFileSync } from 'node:fs';
import { addConnection, expect, test } from './carrel-fixture.ts';

test.use({ records: 10 });

test('About: Copy diagnostics puts versions, connections by host and no token on the clipboard; the web shell downloads the log', async ({ page, carrel, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(carrel.url).origin });
  await page.goto(carrel.url);
  await addConnection(page, carrel.redcapUrl, carrel.token);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');

  await page.getByTestId('about-button').click();
  const about = page.getByTestId('about-dialog');
  await expect(about.getByTestId('about-version')).toHaveText(/^\d+\.\d+\.\d+/);
  // The browser shell never updates itself; About says who does.
  await expect(about.getByTestId('about-updates')).toHaveText('Off: updates are handled by the desktop app.');
  await about.getByTestId('copy-diagnostics').click();
  await expect(about.getByTestId('about-status')).toContainText('Diagnostics copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('## Versions');
  expect(copied).toContain('shell: web');
  expect(copied).toContain(` · redcap · ${new URL(carrel.redcapUrl).host} · synced `);
  expect(copied).not.toContain(carrel.token);
  await expect(about.getByTestId('diagnostics-text')).toHaveValue(copied);

  const downloading = page.waitForEvent('download');
  await about.getByTestId('show-logs').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('carrel.log');
  const log = readFileSync((await download.path())!, 'utf8');
  expect(log).toMatch(/INFO connection added/);
  expect(log).not.toContain(carrel.token);
  await expect(about.getByTestId('about-status')).toContainText('The log is downloading');
});
