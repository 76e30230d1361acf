import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

/**
 * Renders build/icon.svg to the PNGs electron-builder packs: build/icon.png (1024×1024, turned into
 * .icns/.ico at build time) and build/icons/NxN.png (Linux's hicolor sizes). Uses Debian's Chromium
 * (no ImageMagick needed). Run after changing the SVG: `npx node build/make-icons.ts`; commit the PNGs.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const svg = readFileSync(join(here, 'icon.svg'), 'utf8');
const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  mkdirSync(join(here, 'icons'), { recursive: true });
  const render = async (size: number, path: string): Promise<void> => {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const sized = svg.replace(/width="1024" height="1024"/, `width="${size}" height="${size}"`);
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
    await page.screenshot({ path, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
  };
  await render(1024, join(here, 'icon.png'));
  for (const size of linuxSizes) await render(size, join(here, 'icons', `${size}x${size}.png`));
  process.stdout.write(`Wrote build/icon.png and ${linuxSizes.length} sizes in build/icons/\n`);
} finally {
  await browser.close();
}
