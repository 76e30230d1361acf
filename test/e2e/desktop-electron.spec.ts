import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../../scripts/electron-binary.ts';
import { startRedcapSandbox } from '../sandbox/redcap/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = electronBinary();
const skipReason = 'Electron binary not installed (node_modules/electron/dist missing): the desktop-shell tests need a machine that can download Electron.';
if (!binary) console.warn(`[carrel] SKIPPED desktop-electron.spec.ts: ${skipReason}`);

test.describe('desktop shell (real Electron)', () => {
  test.skip(!binary, skipReason);

  test('a sandboxed window from app://, three flat bridge functions, and the REDCap path works', async () => {
    const sandbox = await startRedcapSandbox({ records: 30 });
    const userData = mkdtempSync(join(tmpdir(), 'carrel-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [root],
      env: { ...process.env, CARREL_USER_DATA: userData, CARREL_SESSION_ONLY: '1' },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByTestId('app')).toHaveAttribute('data-app-state', 'ready');
      expect(page.url()).toMatch(/^app:\/\/carrel\//);

      // Sandboxed, isolated, no Node: the page sees neither require nor process, only the bridge.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { carrel: object }).carrel).sort())).toEqual(['invoke', 'pathForFile', 'subscribe']);
      expect(await page.evaluate(() => window.open('https://example.org/'))).toBeNull();

      await page.getByRole('button', { name: /Add (a REDCap )?connection/ }).first().click();
      await page.getByLabel('API address').fill(sandbox.url);
      await page.getByLabel('API token').fill(sandbox.projects[0]!.token);
      await page.getByRole('button', { name: 'Add connection' }).click();
      await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
      await expect(page.getByTestId('row-count')).toHaveText(/^30 rows/);
    } finally {
      await app.close();
      await sandbox.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
