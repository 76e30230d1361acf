import { app, dialog, Menu, nativeTheme, shell, type BrowserWindow } from 'electron';
import { homedir } from 'node:os';
import { isEventName, preferencesSchema, type ThemeChoice } from '../../shared/contract/index.ts';
import { jobSchema } from '../../shared/contract/jobs.ts';
import type { Core } from '../ipc/core.ts';
import type { Logger } from '../services/log/logger.ts';
import { buildAppMenu } from './app-menu.ts';
import { installCliLauncher } from './cli-launcher.ts';
import { TaskbarProgress } from './taskbar-progress.ts';

export interface NativeBehaviourOptions {
  core: Core;
  window: () => BrowserWindow | null;
  log: Logger;
  /** Unpackaged run: the menu gets Reload and DevTools; the CLI launcher passes the app folder. */
  dev: boolean;
  appPath: string;
}

function installCli(options: NativeBehaviourOptions): void {
  const owner = options.window();
  const show = (box: Electron.MessageBoxOptions): void => void (owner ? dialog.showMessageBox(owner, box) : dialog.showMessageBox(box));
  try {
    // An AppImage's executable sits in a mount that changes every run; the image itself stays put.
    const executable = process.env.APPIMAGE ?? process.execPath;
    const result = installCliLauncher({ executable, ...(options.dev ? { appPath: options.appPath } : {}), home: homedir(), pathEnv: process.env.PATH ?? '' });
    options.log.info('command-line launcher installed', { path: result.path });
    const advice = result.onPath ? 'Open a new terminal and type carrel --help.' : `Its folder is not on your PATH yet: add it to your shell's profile (export PATH="${result.path.replace(/\/carrel$/, '')}:$PATH"), then open a new terminal and type carrel --help.`;
    show({ type: 'info', message: `The carrel command is installed at ${result.path}.`, detail: advice });
  } catch (error) {
    show({ type: 'error', message: 'The carrel command could not be installed.', detail: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * What makes Carrel behave like a native app on each system: the application menu (rebuilt when the
 * theme changes, for its radio items), the native theme following the Theme setting, and dock/taskbar
 * progress and badge for running jobs. Returns what must be re-applied to a new window.
 */
export function attachNativeBehaviour(options: NativeBehaviourOptions): { windowCreated(): void } {
  const { core, log } = options;
  const platform = process.platform;
  const applyTheme = (theme: ThemeChoice): void => {
    nativeTheme.themeSource = theme;
  };
  const setMenu = (theme: ThemeChoice): void => {
    const template = buildAppMenu(
      { platform, appName: app.getName(), dev: options.dev, theme },
      {
        command: (commandId) => core.services.emit('menu.command', { commandId }),
        chooseTheme: (next) => void core.dispatch('settings.update', { theme: next }, { shell: 'desktop' }),
        showLogs: () => void shell.openPath(app.getPath('logs')).then((failure) => failure && log.warn('logs folder could not be shown', { failure })),
        ...(platform === 'win32' ? {} : { installCli: () => installCli(options) }),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  const theme = core.services.settings.preferences().theme;
  applyTheme(theme);
  setMenu(theme);

  const taskbar = new TaskbarProgress({
    setProgress: (value) => {
      const window = options.window();
      if (window && !window.isDestroyed()) window.setProgressBar(value);
    },
    // The dock badge on macOS, the launcher count on Unity-like Linux desktops; Windows has neither.
    setBadge: (running) => {
      if (platform !== 'win32') app.setBadgeCount(running);
    },
  });
  core.subscribe((name, payload) => {
    if (!isEventName(name)) return;
    if (name === 'job.updated') {
      const job = jobSchema.safeParse(payload);
      if (job.success) taskbar.update(job.data);
    } else if (name === 'settings.changed') {
      const prefs = preferencesSchema.safeParse(payload);
      if (prefs.success && prefs.data.theme !== nativeTheme.themeSource) {
        applyTheme(prefs.data.theme);
        setMenu(prefs.data.theme);
      }
    }
  });
  return { windowCreated: () => taskbar.reapply() };
}
