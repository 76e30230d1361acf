import { addConnection, closedPort, expect, test } from './carrel-fixture.ts';

test.use({ records: 5 });

test('bad addresses and tokens get messages that say what to do, and nothing is saved', async ({ page, carrel }) => {
  await page.goto(carrel.url);
  const sandboxOrigin = new URL(carrel.redcapUrl).origin;
  const wrongToken = 'ABCDEF0123456789ABCDEF0123456789';
  const cases: Array<{ url: string; token: string; code: string; text: RegExp; before?: () => Promise<void> }> = [
    { url: carrel.redcapUrl, token: wrongToken, code: 'AUTH_FAILED', text: /did not accept this API token/ },
    { url: carrel.redcapUrl, token: 'abc123', code: 'VALIDATION', text: /32 hexadecimal characters/ },
    { url: `${sandboxOrigin}/somewhere/else/`, token: carrel.token, code: 'NOT_SERVICE', text: /404|API address/ },
    { url: `http://127.0.0.1:${await closedPort()}/api/`, token: carrel.token, code: 'UNREACHABLE', text: /refused the connection/ },
    { url: 'http://127.0.0.1:6000/api/', token: carrel.token, code: 'VALIDATION', text: /Port 6000 is blocked/ },
    { url: 'http://redcap.example.edu/api/', token: carrel.token, code: 'VALIDATION', text: /https/ },
    { url: carrel.redcapUrl, token: carrel.token, code: 'NOT_SERVICE', text: /web page/, before: () => carrel.fault({ kind: 'html200', times: 1 }) },
  ];
  for (const item of cases) {
    await item.before?.();
    await addConnection(page, item.url, item.token);
    const dialog = page.getByTestId('add-connection');
    const alert = dialog.getByRole('alert');
    await expect(alert).toHaveAttribute('data-error-code', item.code, { timeout: 20_000 });
    await expect(alert).toContainText(item.text);
    expect(await page.content()).not.toContain(item.token.length === 32 ? item.token : '\u0000');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  }
  await expect(page.getByTestId('connection-card')).toHaveCount(0);

  await addConnection(page, carrel.redcapUrl, `  ${carrel.token}\n`);
  await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: '← Connections' }).click();
  await expect(page.getByTestId('connection-card')).toHaveCount(1);
  await expect(page.getByTestId('connection-card')).toContainText(`token …${carrel.token.slice(-4)}`);
  expect(await page.content()).not.toContain(carrel.token);
});
