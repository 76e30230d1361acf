import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The renderer with Vite; the desktop main process (ESM) and the sandboxed preload (one CommonJS file,
 * as Electron requires for sandboxed preloads) with esbuild. The Node shells need no build: they run
 * their TypeScript directly on Node 22.
 */
export async function buildAll(options: { quiet?: boolean } = {}): Promise<void> {
  const started = performance.now();
  await viteBuild({ configFile: `${root}/vite.config.ts`, logLevel: options.quiet ? 'error' : 'warn' });
  await esbuild({
    absWorkingDir: root,
    entryPoints: ['main/shells/desktop/main.ts'],
    outfile: 'dist/desktop/main.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: true,
    // Native or Electron-provided modules stay outside the bundle.
    external: ['electron', '@napi-rs/keyring'],
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __carrelCreateRequire } from 'node:module'; const require = __carrelCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  await esbuild({
    absWorkingDir: root,
    entryPoints: ['preload/index.ts'],
    outfile: 'dist/desktop/preload.cjs',
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'chrome130',
    minify: true,
    external: ['electron'],
    logLevel: 'warning',
  });
  await buildCli();
  if (!options.quiet) process.stdout.write(`Built renderer, desktop main, preload and the carrel CLI in ${Math.round(performance.now() - started)} ms\n`);
}

/** The `carrel` command line as one ESM file, started by bin/carrel.mjs (and by the desktop app's bundled copy). */
export async function buildCli(): Promise<void> {
  // Chunk names carry hashes: clear the old ones rather than let them pile up.
  rmSync(`${root}/dist/cli`, { recursive: true, force: true });
  await esbuild({
    absWorkingDir: root,
    entryPoints: { carrel: 'main/shells/cli/main.ts' },
    outdir: 'dist/cli',
    outExtension: { '.js': '.mjs' },
    // Split so that `carrel --version` reads a few kilobytes: the runner, the commands and the core are
    // chunks that main.ts loads with import() only for real commands.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: true,
    external: ['@napi-rs/keyring'],
    banner: { js: "import { createRequire as __carrelCreateRequire } from 'node:module'; const require = __carrelCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildAll();
}
