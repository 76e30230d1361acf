import { BrowserWindow, screen, session } from 'electron';
import type { Settings, WindowState } from '../services/settings/settings.ts';
import { appOrigin } from './app-protocol.ts';
import { safeOpenExternal } from './open-external.ts';

/** Permissions the renderer may have: writing to the clipboard (copying table cells), nothing else. */
const allowedPermissions = new Set(['clipboard-sanitized-write']);

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

function visible(state: WindowState): boolean {
  if (state.x === undefined || state.y === undefined) return true;
  return screen.getAllDisplays().some(({ workArea }) => state.x! < workArea.x + workArea.width - 80 && state.x! + state.width > workArea.x + 80 && state.y! >= workArea.y - 20 && state.y! < workArea.y + workArea.height - 80);
}

export function createMainWindow(options: { settings: Settings; preload: string }): BrowserWindow {
  const saved = options.settings.windowState();
  const state = saved && visible(saved) ? saved : { width: 1280, height: 820, maximized: false };
  const window = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 760,
    minHeight: 480,
    title: 'Carrel',
    show: false,
    backgroundColor: '#f4f5f7',
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
  const save = (): void => {
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    options.settings.saveWindowState({ x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, maximized: window.isMaximized() });
  };
  window.on('close', save);
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}
