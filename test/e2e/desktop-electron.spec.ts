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

  test('native behaviour: menu runs window commands, theme follows the setting, taskbar progress, notifications allowed, window place restored', async () => {
    const sandbox = await startRedcapSandbox({ records: 400 });
    const userData = mkdtempSync(join(tmpdir(), 'carrel-electron-'));
    const launch = () => electron.launch({ executablePath: binary!, args: [root], env: { ...process.env, CARREL_USER_DATA: userData, CARREL_SESSION_ONLY: '1' } });
    let app = await launch();
    try {
      const page = await app.firstWindow();
      await expect(page.getByTestId('app')).toHaveAttribute('data-app-state', 'ready');

      // The application menu: standard menus plus Carrel's commands, run by the window.
      const labels = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((item) => item.label) ?? []);
      expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help']));
      await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('palette.open')?.click());
      await expect(page.getByTestId('command-palette')).toBeVisible();
      await page.keyboard.press('Escape');
      await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('shortcuts.show')?.click());
      await expect(page.getByTestId('shortcuts-sheet')).toBeVisible();
      await page.keyboard.press('Escape');

      // Theme from the menu: the page and the native theme follow, and the menu's radio item moves.
      await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('theme.dark')?.click());
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
      await expect.poll(() => app.evaluate(({ nativeTheme }) => nativeTheme.themeSource)).toBe('dark');
      expect(await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('theme.dark')?.checked)).toBe(true);

      // Notifications are allowed by the permission handlers (a long job in the background uses them).
      expect(await page.evaluate(() => Notification.permission)).toBe('granted');

      // Taskbar progress while a sync runs, cleared afterwards.
      await app.evaluate(({ BrowserWindow }) => {
        const window = BrowserWindow.getAllWindows()[0]!;
        const seen: number[] = [];
        (globalThis as unknown as { progressSeen: number[] }).progressSeen = seen;
        const original = window.setProgressBar.bind(window);
        window.setProgressBar = (value: number, options?: Electron.ProgressBarOptions) => {
          seen.push(value);
          original(value, options);
        };
      });
      await page.getByRole('button', { name: /Add (a REDCap )?connection/ }).first().click();
      await page.getByLabel('API address').fill(sandbox.url);
      await page.getByLabel('API token').fill(sandbox.projects[0]!.token);
      await page.getByRole('button', { name: 'Add connection' }).click();
      await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
      await expect.poll(() => app.evaluate(() => (globalThis as unknown as { progressSeen: number[] }).progressSeen.at(-1))).toBe(-1);
      const seen = await app.evaluate(() => (globalThis as unknown as { progressSeen: number[] }).progressSeen);
      expect(seen.some((value) => value >= 0 && value <= 2)).toBe(true);

      // Window place: moved and resized, then reopened in the same place.
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.setBounds({ x: 40, y: 60, width: 1000, height: 700 }));
      await app.close();
      app = await launch();
      const reopened = await app.firstWindow();
      await expect(reopened.getByTestId('app')).toHaveAttribute('data-app-state', 'ready');
      const bounds = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getNormalBounds());
      expect({ width: bounds.width, height: bounds.height }).toEqual({ width: 1000, height: 700 });
      await expect(reopened.locator('html')).toHaveAttribute('data-theme', 'dark');
    } finally {
      await app.close();
      await sandbox.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
