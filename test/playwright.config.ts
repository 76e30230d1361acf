import { defineConfig } from '@playwright/test';

// Real Chromium (Debian's, since Playwright's own download is not reachable on our build machines)
// against the web shell. Every test starts its own sandbox and its own web shell with a fresh
// user-data folder, so tests run in parallel and share nothing.
export default defineConfig({
  testDir: './e2e',
  testMatch: /.*\.spec\.ts/,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  fullyParallel: true,
  retries: 0,
  reporter: [['list']],
  outputDir: '../test-results',
  use: {
    browserName: 'chromium',
    headless: !process.env.HEADED,
    viewport: { width: 1360, height: 860 },
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
