import { BrowserWindow, nativeTheme, screen, session } from 'electron';
import type { Settings } from '../services/settings/settings.ts';
import { appOrigin } from './app-protocol.ts';
import { safeOpenExternal } from './open-external.ts';
import { minimumWindowSize, restoreWindow, trackWindowState } from './window-state.ts';

/**
 * Permissions the renderer may have: writing to the clipboard (copying table cells) and showing a
 * system notification when a long job ends in the background; nothing else.
 */
const allowedPermissions = new Set(['clipboard-sanitized-write', 'notifications']);

export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(allowedPermissions.has(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => allowedPermissions.has(permission));
}

/** Every web contents: no navigation away from the app, no new windows, no webviews. */
export function guardWebContents(contents: Electron.WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void safeOpenExternal(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(options: { settings: Settings; preload: string }): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const workAreas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  const state = restoreWindow(options.settings.windowState(), workAreas);
  const window = new BrowserWindow({
    ...state.bounds,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    title: 'Carrel',
    show: false,
    // The page's own --bg, so the first frame does not flash the other theme.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#14171c' : '#f4f5f7',
    webPreferences: {
      preload: options.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  trackWindowState(window, (saved) => options.settings.saveWindowState(saved));
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}
