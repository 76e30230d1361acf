import type { MenuItemConstructorOptions } from 'electron';
import { commandSpecs, electronAccelerator, revealLabel, type StandardCommandId } from '../../shared/commands.ts';
import type { ThemeChoice } from '../../shared/contract/app.ts';

export interface AppMenuOptions {
  platform: string;
  appName: string;
  /** Development build: View offers Reload and the developer tools. */
  dev: boolean;
  theme: ThemeChoice;
}

export interface AppMenuActions {
  /** Ask the window to run one of its commands (`menu.command`). */
  command(id: StandardCommandId): void;
  chooseTheme(theme: ThemeChoice): void;
  showLogs(): void;
  /** Absent where there is no command-line tool to install (Windows). */
  installCli?: () => void;
}

/**
 * The application menu as a plain template, built from the platform so it is tested without Electron:
 * the standard roles each system expects, plus Carrel's commands with the same titles and shortcuts as
 * the command palette. The shortcuts are shown but not registered with the system (`registerAccelerator:
 * false`): the window's own keyboard handler runs them, so a key is never handled twice.
 */
export function buildAppMenu(options: AppMenuOptions, actions: AppMenuActions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const item = (id: StandardCommandId): MenuItemConstructorOptions => {
    const spec = commandSpecs[id];
    const first = spec.shortcuts[0];
    const accelerator = first ? electronAccelerator(first) : undefined;
    return { id, label: spec.title, ...(accelerator ? { accelerator, registerAccelerator: false } : {}), click: () => actions.command(id) };
  };
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const themes: Array<[ThemeChoice, string]> = [
    ['system', 'Follow the System'],
    ['light', 'Light'],
    ['dark', 'Dark'],
  ];
  const installCli: MenuItemConstructorOptions[] = actions.installCli ? [{ id: 'cli.install', label: 'Install Command-Line Tool…', click: actions.installCli }] : [];

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: options.appName,
          submenu: [{ role: 'about' }, separator, ...installCli, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
        },
      ]
    : [];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [item('connection.add'), separator, item('sync'), item('import.csv'), item('export'), item('files.bulk'), separator, mac ? { role: 'close' } : { role: 'quit' }],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }, separator, item('filter.focus')],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      item('palette.open'),
      item('jobs.toggle'),
      item('home.show'),
      item('values.toggle'),
      separator,
      {
        label: 'Theme',
        submenu: themes.map(([theme, label]) => ({ id: `theme.${theme}`, label, type: 'radio' as const, checked: options.theme === theme, click: () => actions.chooseTheme(theme) })),
      },
      separator,
      ...(options.dev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: 'Window',
    role: 'windowMenu',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };
  const help: MenuItemConstructorOptions = {
    label: 'Help',
    role: 'help',
    submenu: [
      item('shortcuts.show'),
      separator,
      { id: 'logs.show', label: revealLabel(options.platform, 'Logs'), click: actions.showLogs },
      ...(mac ? [] : [...installCli, separator, { role: 'about' as const }]),
    ],
  };
  return [...appMenu, file, edit, view, windowMenu, help];
}
