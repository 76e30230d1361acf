import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.ts';

/**
 * `npm test`: every suite, one summary line. On a fresh Debian machine it first installs what the
 * suites need from Debian (Chromium for the end-to-end tests, GNOME Keyring for the keychain tests)
 * when it runs as root, and it runs everything inside a private D-Bus session with a throw-away,
 * unlocked keyring, so the real keychain code is exercised and your own keychain is never touched.
 *
 *   npm test                 unit + contract + end-to-end
 *   npm test -- --unit       unit + contract only
 *   npm test -- --e2e        end-to-end only
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const runUnit = !args.has('--e2e');
const runE2e = !args.has('--unit');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const keyringTools = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon'];

function have(paths: string[]): boolean {
  return paths.every((path) => existsSync(path));
}

function provision(): void {
  const missing: string[] = [];
  if (runE2e && !have([chromium])) missing.push('chromium');
  if (!have(keyringTools)) missing.push('gnome-keyring', 'dbus-x11', 'libsecret-tools');
  if (missing.length === 0) return;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.CARREL_TEST_NO_APT !== '1';
  if (!canInstall) {
    process.stderr.write(`Missing Debian packages for the tests: ${missing.join(' ')}.\nInstall them with: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}\n`);
    return;
  }
  process.stdout.write(`Installing Debian packages the tests need: ${missing.join(' ')} …\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const result = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (result.status !== 0) process.stderr.write('apt-get could not install them; the tests that need them will fail or be skipped.\n');
}

function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], env });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString().split('\n').filter((line) => !/Failed to set fd limit|Unknown user config "nodedir"/.test(line)).join('\n');
      if (text.trim()) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function readVitest(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
}

function readPlaywright(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped };
}

async function main(): Promise<void> {
  const insideSession = process.env.CARREL_TEST_SESSION === '1';
  if (!insideSession) {
    provision();
    if (runE2e) await buildAll({ quiet: true });
    if (have(keyringTools)) {
      // Re-run this script inside a private bus with an unlocked throw-away keyring.
      const keyringHome = mkdtempSync(join(tmpdir(), 'carrel-keyring-'));
      const script = 'printf %s carrel-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"';
      const code = await run('dbus-run-session', ['--', 'sh', '-c', script, 'sh', process.execPath, '--disable-warning=ExperimentalWarning', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
        ...process.env,
        CARREL_TEST_SESSION: '1',
        CARREL_TEST_KEYRING: '1',
        XDG_DATA_HOME: keyringHome,
        DISPLAY: '',
      });
      rmSync(keyringHome, { recursive: true, force: true });
      process.exit(code);
    }
    process.stderr.write('[carrel] No D-Bus/GNOME Keyring here: the OS keychain round-trip test is SKIPPED (install gnome-keyring and dbus-x11 to run it).\n');
  }

  const reports = mkdtempSync(join(tmpdir(), 'carrel-reports-'));
  const vitestFile = join(reports, 'vitest.json');
  const playwrightFile = join(reports, 'playwright.json');
  const env = { ...process.env, NODE_NO_WARNINGS: '1' };
  const codes: number[] = [];
  if (runUnit) {
    codes.push(await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestFile}`], env));
  }
  if (runE2e) {
    codes.push(await run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--config', 'test/playwright.config.ts', '--reporter=list,json'], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightFile, CHROMIUM_PATH: chromium }));
  }

  const parts = [runUnit ? readVitest(vitestFile) : { passed: 0, failed: 0, skipped: 0 }, runE2e ? readPlaywright(playwrightFile) : { passed: 0, failed: 0, skipped: 0 }];
  rmSync(reports, { recursive: true, force: true });
  const total = parts.reduce<Counts>((sum, part) => ({ passed: sum.passed + (part?.passed ?? 0), failed: sum.failed + (part?.failed ?? 0), skipped: sum.skipped + (part?.skipped ?? 0) }), { passed: 0, failed: 0, skipped: 0 });
  const crashed = parts.some((part) => part === null);
  if (crashed) total.failed += 1;
  if (total.skipped > 0) process.stdout.write(`${total.skipped} skipped (each skip prints its reason above)\n`);
  process.stdout.write(`${total.passed} passed, ${total.failed} failed\n`);
  process.exit(total.failed > 0 || codes.some((code) => code !== 0) ? 1 : 0);
}

await main();
