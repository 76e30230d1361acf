import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildAppMenu, type AppMenuActions } from '../../../main/platform/app-menu.ts';

function actions(log: string[]): AppMenuActions {
  return { command: (id) => log.push(`command:${id}`), chooseTheme: (t) => log.push(`theme:${t}`), showLogs: () => log.push('logs'), installCli: () => log.push('cli') };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const roles = (items: MenuItemConstructorOptions[]): string[] => flatten(items).flatMap((item) => (item.role ? [item.role] : []));
const byId = (items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined => flatten(items).find((item) => item.id === id);

describe('application menu', () => {
  it('on macOS starts with the app menu and has the standard roles', () => {
    const menu = buildAppMenu({ platform: 'darwin', appName: 'Carrel', dev: false, theme: 'system' }, actions([]));
    expect(menu.map((m) => m.label)).toEqual(['Carrel', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(menu)).toEqual(expect.arrayContaining(['about', 'hide', 'quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'windowMenu', 'front']));
  });

  it('on Windows and Linux has no app menu, Quit under File, About under Help, and no Reload outside development', () => {
    const menu = buildAppMenu({ platform: 'win32', appName: 'Carrel', dev: false, theme: 'system' }, actions([]));
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles([menu[0]!])).toContain('quit');
    expect(roles([menu[4]!])).toContain('about');
    expect(roles(menu)).not.toContain('reload');
    expect(roles(buildAppMenu({ platform: 'linux', appName: 'Carrel', dev: true, theme: 'system' }, actions([])))).toContain('reload');
  });

  it("lists Carrel's commands with the palette's titles and shortcuts, which the window itself handles", () => {
    const log: string[] = [];
    const menu = buildAppMenu({ platform: 'linux', appName: 'Carrel', dev: false, theme: 'system' }, actions(log));
    const importItem = byId(menu, 'import.csv')!;
    expect(importItem).toMatchObject({ label: 'Import CSV…', accelerator: 'CmdOrCtrl+I', registerAccelerator: false });
    expect(byId(menu, 'export')).toMatchObject({ label: 'Export…', accelerator: 'CmdOrCtrl+E' });
    expect(byId(menu, 'palette.open')).toMatchObject({ accelerator: 'CmdOrCtrl+K' });
    expect(byId(menu, 'connection.add')?.accelerator).toBeUndefined();
    for (const id of ['connection.add', 'sync', 'import.csv', 'export', 'palette.open', 'shortcuts.show']) (byId(menu, id)!.click as () => void)();
    expect(log).toEqual(['command:connection.add', 'command:sync', 'command:import.csv', 'command:export', 'command:palette.open', 'command:shortcuts.show']);
  });

  it('shows the chosen theme and the platform-specific words for the logs folder', () => {
    const log: string[] = [];
    const menu = buildAppMenu({ platform: 'darwin', appName: 'Carrel', dev: false, theme: 'dark' }, actions(log));
    expect(byId(menu, 'theme.dark')?.checked).toBe(true);
    expect(byId(menu, 'theme.system')?.checked).toBe(false);
    (byId(menu, 'theme.light')!.click as () => void)();
    expect(byId(menu, 'logs.show')?.label).toBe('Reveal Logs in Finder');
    (byId(menu, 'logs.show')!.click as () => void)();
    (byId(menu, 'cli.install')!.click as () => void)();
    expect(log).toEqual(['theme:light', 'logs', 'cli']);
    expect(byId(buildAppMenu({ platform: 'win32', appName: 'Carrel', dev: false, theme: 'dark' }, { ...actions([]), installCli: undefined }), 'cli.install')).toBeUndefined();
  });
});
