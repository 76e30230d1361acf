import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
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
  if (!options.quiet) process.stdout.write(`Built renderer, desktop main and preload in ${Math.round(performance.now() - started)} ms\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildAll();
}
