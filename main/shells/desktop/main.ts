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
import { createMainWindow, guardWebContents, hardenSession } from '../../platform/window.ts';

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

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  app.whenReady().then(async () => {
    const userDataDir = app.getPath('userData');
    const log = createLogger({ dir: app.getPath('logs') });
    hardenSession();
    serveRenderer(rendererDir);
    const demoInfo = process.env.CARREL_DEMO_INFO;
    const sessionOnly = process.env.CARREL_SESSION_ONLY === '1' || demoInfo !== undefined;
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
    });
    registerIpc(core, () => webContents.getAllWebContents());
    if (demoInfo) await seedDemoConnections(core.services, readSandboxInfo(demoInfo));
    mainWindow = createMainWindow({ settings: core.services.settings, preload });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    log.info('desktop app started', { version: app.getVersion() });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow({ settings: core.services.settings, preload });
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    void core.shutdown().finally(() => app.quit());
  });
}
