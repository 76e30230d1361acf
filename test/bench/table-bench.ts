import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { nodeFlags, root, startSandbox, stopChild } from './bench-support.ts';

export interface TableTimings {
  open: number[];
  sort: number[];
  filter: number[];
  syncMs: number;
}

/** Inside the page: do something, then wait (frame by frame) until the grid shows a new, loaded view. */
async function timeUntilNewView(page: Page, action: 'open' | 'sort' | 'filter', argument: string): Promise<number> {
  return page.evaluate(
    async ({ action, argument }) => {
      const grid = (): HTMLElement | null => document.querySelector('[data-testid="records-grid"]');
      const before = grid()?.dataset.viewId ?? null;
      const started = performance.now();
      if (action === 'open') {
        (document.querySelector('.connection-open') as HTMLButtonElement).click();
      } else if (action === 'sort') {
        (grid()!.querySelector(`[role="columnheader"][data-column="${argument}"]`) as HTMLElement).click();
      } else {
        const input = document.querySelector('[data-testid="filter"]') as HTMLInputElement;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, argument);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      return new Promise<number>((resolve, reject) => {
        const deadline = started + 60_000;
        const tick = (): void => {
          const g = grid();
          const empty = document.querySelector('.empty-grid')?.textContent?.includes('No rows match');
          if ((g && g.dataset.ready === 'true' && g.dataset.viewId !== undefined && g.dataset.viewId !== before) || (action === 'filter' && empty)) resolve(performance.now() - started);
          else if (performance.now() > deadline) reject(new Error(`${action} did not finish`));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    },
    { action, argument },
  );
}

const sorts = ['last_name', 'record_id', 'dob', 'mrn', 'first_name'];
const filters = ['patel', 'muller 1984', '2023', 'female hernandez', 'okafor'];

/**
 * The table as a user meets it, in Chromium through the web shell: open the project (first rows on
 * screen), sort by a column, type a filter. Carrel has synced the project before the browser starts.
 */
export async function benchTable(records: number, runs: number): Promise<TableTimings> {
  const work = mkdtempSync(join(tmpdir(), 'carrel-bench-table-'));
  const sandbox = await startSandbox(records, join(work, 'sandbox.json'));
  const syncStarted = performance.now();
  const shell = spawn(process.execPath, [...nodeFlags, 'main/shells/web/main.ts', '--user-data', join(work, 'user-data'), '--demo-info', sandbox.infoFile, '--port', '0', '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    shell.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /\{"url":"([^"]+)"/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    shell.on('exit', (code) => reject(new Error(`web shell exited with ${code}`)));
  });
  const syncMs = performance.now() - syncStarted;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const timings: TableTimings = { open: [], sort: [], filter: [], syncMs };
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(url);
    await page.locator('.connection-open').first().waitFor();
    for (let run = 0; run < runs; run++) {
      timings.open.push(await timeUntilNewView(page, 'open', ''));
      timings.sort.push(await timeUntilNewView(page, 'sort', sorts[run % sorts.length]!));
      timings.filter.push(await timeUntilNewView(page, 'filter', filters[run % filters.length]!));
      await page.getByRole('button', { name: '← Connections' }).click();
      await page.locator('.connection-open').first().waitFor();
    }
  } finally {
    await browser.close();
    await stopChild(shell);
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return timings;
}

// Run as a worker: node test/bench/table-bench.ts <records> <runs>  → one JSON line of TableTimings.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [records, runs] = process.argv.slice(2).map(Number) as [number, number];
  process.stdout.write(`${JSON.stringify(await benchTable(records, runs))}\n`);
}
