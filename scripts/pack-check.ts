import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Packs Carrel the way a release does, offline: electron-builder's `--linux dir` with a stand-in
 * Electron distribution (a shell script named `electron`; our build machines cannot download the
 * real one), then checks what landed in resources/: the asar holds the bundles and the renderer and
 * nothing it should not, the native keychain binding is unpacked beside it, every package the bundled
 * main imports is in the packed node_modules, and the update feed was written. Needs `npm run build`.
 *
 * Not checked here, because it needs the real binaries: the fuses (electron-builder flips them in the
 * Electron executable, which the stand-in is not; we check the configuration instead), code signing,
 * and the dmg/NSIS/AppImage/deb formats (their tools are downloaded from GitHub).
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const feedUrl = 'https://updates.example.invalid/carrel/';
const expectedFuses: Record<string, boolean> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
};

/** The parts of @electron/asar used here (a dependency of electron-builder, resolved through it). */
interface Asar {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, filename: string): Buffer;
  statFile(archive: string, filename: string): { unpacked?: boolean };
}
interface BuilderConfig {
  getConfig(projectDir: string, configPath: string, override: null): Promise<{ electronFuses?: Record<string, unknown> | null }>;
}

const fromBuilder = createRequire(createRequire(join(root, 'package.json')).resolve('app-builder-lib/package.json'));
const asar = fromBuilder('@electron/asar') as Asar;
const builderConfig = fromBuilder('./out/util/config/config') as BuilderConfig;

const failures: string[] = [];
const passed: string[] = [];
function check(ok: boolean, what: string): void {
  (ok ? passed : failures).push(what);
}

/** A directory electron-builder accepts as an Electron distribution: an executable `electron` plus the licences it copies. */
function standInElectron(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "stand-in Electron for the offline pack check: it cannot run Carrel" >&2\nexit 1\n');
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'Stand-in for Electron\'s LICENSE.\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>Stand-in for Chromium\'s licences.</p>\n');
  writeFileSync(join(dir, 'version'), readJson(join(root, 'node_modules', 'electron', 'package.json')).version as string);
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function pack(work: string, output: string): void {
  const config = join(work, 'electron-builder.pack-check.yml');
  writeFileSync(config, [
    `extends: ${JSON.stringify(join(root, 'electron-builder.yml'))}`,
    `electronDist: ${JSON.stringify(join(work, 'electron-dist'))}`,
    'npmRebuild: false',
    // The stand-in is a shell script: there are no fuse sentinels in it to flip.
    'electronFuses: null',
    `directories: { output: ${JSON.stringify(output)}, buildResources: build }`,
    '',
  ].join('\n'));
  const bin = join(root, 'node_modules', '.bin', 'electron-builder');
  const run = spawnSync(bin, ['--linux', 'dir', '--x64', '--publish', 'never', '--config', config], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, CARREL_UPDATE_URL: feedUrl, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: '1' },
  });
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
    throw new Error(`electron-builder --linux dir failed (exit ${run.status ?? run.signal}); its output is above.`);
  }
}

/**
 * Imports the bundle makes inside try/catch, with a fallback: absent from the package on purpose. The
 * bundled `carrel serve` (the command line inside the app) carries the web shell's WebSocket library.
 */
const optionalImports: Record<string, string> = {
  bufferutil: 'ws requires it in try/catch and masks frames in JavaScript without it',
  'utf-8-validate': 'ws requires it in try/catch and validates UTF-8 with Node\'s own buffer.isUtf8 without it',
};

/** Bare package names the bundle imports or requires at run time (esbuild leaves externals as such). */
export function externalImports(bundle: string): string[] {
  const names = new Set<string>();
  // `from "x"`, `import("x")`, `require("x")`, esbuild's `__require("x")`, a createRequire'd `require2("x")`;
  // not when the call sits inside a string (ajv's code generator writes `'require("ajv/…")'`).
  const pattern = /(?<![\w$'"`.])(?:from\s*|import\s*\(\s*|(?:__)?require\d*\s*\(\s*)["']([^"'\n]+)["']/g;
  const packageName = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w.-]+)*$/i;
  for (const match of bundle.matchAll(pattern)) {
    const specifier = match[1]!;
    if (!packageName.test(specifier)) continue;
    if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) continue;
    names.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
  }
  return [...names].sort();
}

function inspect(unpacked: string): void {
  const resources = join(unpacked, 'resources');
  const archive = join(resources, 'app.asar');
  check(existsSync(archive), 'resources/app.asar exists');
  if (!existsSync(archive)) return;
  const entries = new Set(asar.listPackage(archive, { isPack: false }).map((entry) => entry.replace(/\\/g, '/').replace(/^\//, '')));
  const has = (path: string): boolean => entries.has(path);

  const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main?: string; devDependencies?: Record<string, string> };
  check(typeof manifest.main === 'string' && has(manifest.main), `package.json "main" (${manifest.main}) is a file inside the asar`);
  for (const path of ['dist/desktop/main.mjs', 'dist/desktop/preload.cjs', 'dist/renderer/index.html']) check(has(path), `${path} is packed`);

  const sourceDirs = ['test/', 'main/', 'renderer/', 'shared/', 'preload/', 'scripts/', 'build/', 'release/', '.ci/'];
  const stray = [...entries].filter((path) => sourceDirs.some((dir) => path.startsWith(dir)) || path.endsWith('.map'));
  check(stray.length === 0, `no sources, tests or source maps in the asar${stray.length ? ` (found ${stray.slice(0, 5).join(', ')})` : ''}`);
  const toolchain = ['electron', 'electron-builder', 'vite', 'vitest', 'typescript', 'esbuild', '@playwright/test', 'node', 'react', 'react-dom'];
  const devPacked = toolchain.filter((name) => has(`node_modules/${name}/package.json`));
  check(devPacked.length === 0, `no development packages in the asar${devPacked.length ? ` (found ${devPacked.join(', ')})` : ''}`);

  // The keychain binding: JavaScript loader inside the asar, the platform's .node file unpacked beside it.
  const nativeName = `node_modules/@napi-rs/keyring-${process.platform}-${process.arch}-gnu/keyring.${process.platform}-${process.arch}-gnu.node`;
  check(has('node_modules/@napi-rs/keyring/package.json'), '@napi-rs/keyring is packed');
  check(existsSync(join(resources, 'app.asar.unpacked', nativeName)), `${nativeName} is in app.asar.unpacked`);
  check(has(nativeName) && asar.statFile(archive, nativeName).unpacked === true, 'the asar marks the keychain binary as unpacked (so Electron loads it from disk)');
  const unpackedBinary = join(resources, 'app.asar.unpacked', nativeName);
  if (existsSync(unpackedBinary)) {
    // N-API: the same file loads in Node and in Electron, so loading it here proves the packed copy is whole.
    const binding = createRequire(import.meta.url)(unpackedBinary) as Record<string, unknown>;
    check(typeof binding.AsyncEntry === 'function', 'the unpacked keychain binary loads and exports AsyncEntry');
  }
  const nativeInside = [...entries].filter((path) => path.endsWith('.node') && !asar.statFile(archive, path).unpacked);
  check(nativeInside.length === 0, `no native module is left inside the asar${nativeInside.length ? ` (${nativeInside.join(', ')})` : ''}`);

  // Everything the bundled main imports at run time must resolve in the packed node_modules.
  const bundle = asar.extractFile(archive, 'dist/desktop/main.mjs').toString('utf8');
  for (const name of externalImports(bundle)) {
    if (name === 'electron') continue; // provided by the Electron runtime itself
    const optional = optionalImports[name];
    if (optional) {
      process.stdout.write(`  note the bundle's optional import ${name} is not packed: ${optional}\n`);
      continue;
    }
    const pkgPath = `node_modules/${name}/package.json`;
    if (!has(pkgPath)) {
      check(false, `the bundle imports ${name}, which is not in the packed node_modules`);
      continue;
    }
    const pkg = JSON.parse(asar.extractFile(archive, pkgPath).toString('utf8')) as { main?: string };
    const entry = `node_modules/${name}/${(pkg.main ?? 'index.js').replace(/^\.\//, '')}`;
    check(has(entry) || has(`${entry}.js`), `the bundle's import ${name} resolves to ${entry} in the asar`);
  }

  check(/["']node:sqlite["']/.test(bundle) && !has('node_modules/better-sqlite3/package.json'), 'the offline cache uses node:sqlite, built into Electron (no SQLite native module to rebuild)');

  const feed = existsSync(join(resources, 'app-update.yml')) ? readFileSync(join(resources, 'app-update.yml'), 'utf8') : '';
  check(/provider:\s*generic/.test(feed) && feed.includes(feedUrl), 'resources/app-update.yml carries the update feed given at build time (CARREL_UPDATE_URL)');
}

async function checkFuseConfig(): Promise<void> {
  const config = await builderConfig.getConfig(root, join(root, 'electron-builder.yml'), null);
  const fuses = config.electronFuses ?? {};
  const wrong = Object.entries(expectedFuses).filter(([name, value]) => fuses[name] !== value).map(([name, value]) => `${name} should be ${value}`);
  check(wrong.length === 0, `electron-builder.yml sets the fuses (flipped only in a real build)${wrong.length ? `: ${wrong.join('; ')}` : ''}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  for (const built of ['dist/desktop/main.mjs', 'dist/desktop/preload.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` before the pack check.`);
  }
  const work = mkdtempSync(join(tmpdir(), 'carrel-pack-check-'));
  const output = join(root, 'release', 'pack-check');
  try {
    standInElectron(join(work, 'electron-dist'));
    rmSync(output, { recursive: true, force: true });
    pack(work, output);
    inspect(join(output, 'linux-unpacked'));
    await checkFuseConfig();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  for (const line of passed) process.stdout.write(`  ok  ${line}\n`);
  for (const line of failures) process.stdout.write(`  FAIL ${line}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`Pack check: ${passed.length} passed, ${failures.length} failed in ${seconds} s (directory build in release/pack-check/linux-unpacked).\n`);
  if (failures.length > 0) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`Pack check failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
