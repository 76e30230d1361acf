#!/usr/bin/env node
// Starts the `carrel` command line (dist/cli/carrel.mjs). Plain JavaScript that any Node runs, so that
// an older Node gets a sentence saying what is needed instead of a syntax or import error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
const atLeast = (m, n) => major > m || (major === m && minor >= n);
if (!atLeast(22, 5)) {
  process.stderr.write(`carrel needs Node.js 22.5 or newer (it uses node:sqlite for the offline cache); this is Node.js ${process.versions.node}. Install a current Node.js LTS from https://nodejs.org, or use the copy bundled with the Carrel desktop app.\n`);
  process.exit(1);
}
const entry = fileURLToPath(new URL('../dist/cli/carrel.mjs', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('carrel has not been built in this folder yet: run `npm run build` first (or `npm run carrel -- …` to run it from source).\n');
  process.exit(1);
}
// node:sqlite needs a flag before Node 22.13 (and 23.4).
const flagged = !atLeast(22, 13) || (major === 23 && minor < 4);
if (flagged && !process.execArgv.includes('--experimental-sqlite')) {
  const child = spawnSync(process.execPath, ['--experimental-sqlite', entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? (child.signal === 'SIGINT' ? 130 : 1));
}
// Node keeps the compiled bundle on disk between runs (Node 22.1+): about 30 ms less for every command.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
await import(new URL('../dist/cli/carrel.mjs', import.meta.url).href);
