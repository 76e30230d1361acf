import { app, BrowserWindow, webContents } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../../ipc/core.ts';
import { demoNotice, readSandboxInfo, seedDemoConnections } from '../../services/demo/seed-demo.ts';
import { createLogger } from '../../services/log/logger.ts';
import { productName } from '../../services/paths.ts';
import { KeychainSecretBackend } from '../../services/vault/keychain-backend.ts';
import { sessionOnlyNotice } from '../../services/vault/vault.ts';
import { registerAppScheme, serveRenderer } from '../../platform/app-protocol.ts';
import { electronPorts } from '../../platform/electron-ports.ts';
import { openElectronStore } from '../../platform/electron-settings.ts';
import { registerIpc } from '../../platform/ipc-bridge.ts';
import { netFetch } from '../../platform/net-fetch.ts';
import { startUpdates } from '../../platform/updates.ts';
import { UpdateStatus } from '../../services/updates/update-status.ts';
import { attachNativeBehaviour } from '../../platform/desktop-native.ts';
import { createMainWindow, guardWebContents, hardenSession } from '../../platform/window.ts';
import { csvArguments, LateNotices, openedCsvNotice } from './late-notices.ts';
import { runCli } from '../cli/runner.ts';

// Bundled to dist/desktop/main.mjs; the renderer is built to dist/renderer and the preload beside main.
const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preload = join(here, 'preload.cjs');

app.setName(productName);
// Tests and the demo run with a throw-away user-data folder.
if (process.env.CARREL_USER_DATA) app.setPath('userData', process.env.CARREL_USER_DATA);
registerAppScheme();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let native: { windowCreated(): void } | null = null;
// A .csv opened with Carrel (file association): on the command line (Windows, Linux) or through
// 'open-file' (macOS, possibly before 'ready'). The user is told where the import starts.
const lateNotices = new LateNotices((notice) => core?.services.emit('app.notice', notice));
const offerCsv = (paths: string[]): void => {
  for (const path of csvArguments(paths)) lateNotices.push(openedCsvNotice(path));
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
};
app.on('open-file', (event, path) => {
  event.preventDefault();
  offerCsv([path]);
});

// `Carrel --cli …` is the command line bundled with the app (the launcher that "Install Command-Line
// Tool" writes runs it): no window, no single-instance lock, the same services. Run-as-node is fused
// off, so the app itself must hand over to the CLI.
const cliAt = process.argv.indexOf('--cli');
if (cliAt >= 0) {
  app.dock?.hide();
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, stdoutIsTTY: process.stdout.isTTY === true, stdinIsTTY: process.stdin.isTTY === true, env: process.env };
  runCli(process.argv.slice(cliAt + 1), io).then(
    (code) => app.exit(code),
    (error: unknown) => {
      process.stderr.write(`carrel: ${error instanceof Error ? error.message : 'failed'}\n`);
      app.exit(1);
    },
  );
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
    offerCsv(argv.slice(1));
  });

  app.whenReady().then(async () => {
    const userDataDir = app.getPath('userData');
    const log = createLogger({ dir: app.getPath('logs') });
    hardenSession();
    serveRenderer(rendererDir);
    const demoInfo = process.env.CARREL_DEMO_INFO;
    const sessionOnly = process.env.CARREL_SESSION_ONLY === '1' || demoInfo !== undefined;
    // The updater starts after the window; until then About says so rather than "desktop app only".
    const updateStatus = new UpdateStatus({ mode: 'off', reason: 'update checks have not started yet' });
    core = await createCore({
      userDataDir,
      version: app.getVersion(),
      fetch: netFetch,
      store: openElectronStore(),
      keychain: () => KeychainSecretBackend.load(productName),
      ...(sessionOnly ? { sessionOnlyReason: demoInfo ? demoNotice : sessionOnlyNotice } : {}),
      ports: electronPorts(() => mainWindow),
      log,
      demo: demoInfo !== undefined,
      updates: updateStatus,
    });
    // Late notices wait for the window's first call (app.info), made once it listens, as the core's own do.
    const dispatch = core.dispatch;
    registerIpc({ ...core, dispatch: (method, input, context) => {
      if (method === 'app.info') setImmediate(() => lateNotices.ready());
      return dispatch(method, input, context);
    } }, () => webContents.getAllWebContents());
    offerCsv(process.argv.slice(1));
    if (demoInfo) await seedDemoConnections(core.services, readSandboxInfo(demoInfo));
    // Menu, native theme and dock/taskbar progress: before the window, so its first frame has the right theme.
    native = attachNativeBehaviour({ core, window: () => mainWindow, log, dev: !app.isPackaged, appPath: app.getAppPath() });
    mainWindow = createMainWindow({ settings: core.services.settings, preload });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    log.info('desktop app started', { version: app.getVersion() });
    startUpdates({ log, notify: (notice) => lateNotices.push(notice), status: updateStatus }).catch((error: unknown) => log.warn('updates could not start', { error: error instanceof Error ? error.message : String(error) }));
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) {
      mainWindow = createMainWindow({ settings: core.services.settings, preload });
      native?.windowCreated();
    }
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    void core.shutdown().finally(() => app.quit());
  });
}
