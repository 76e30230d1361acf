/**
 * Carrel's frequent commands, declared once: the renderer's command registry takes their titles and
 * shortcuts from here, and the desktop application menu shows the same titles and accelerators and asks
 * the window to run them by id (`menu.command`). A shortcut is written `Mod+Shift+F`: Mod is Cmd on
 * macOS and Ctrl elsewhere.
 */
export interface CommandSpec {
  readonly title: string;
  /** The first shortcut is the one shown; the others are accepted too. */
  readonly shortcuts: readonly string[];
}

function spec(title: string, ...shortcuts: string[]): CommandSpec {
  return { title, shortcuts };
}

export const commandSpecs = {
  'palette.open': spec('Command Palette…', 'Mod+K'),
  'shortcuts.show': spec('Keyboard Shortcuts', 'Mod+/', '?'),
  'jobs.toggle': spec('Show or Hide Jobs', 'Mod+J'),
  'home.show': spec('Go to Connections', 'Mod+Shift+H'),
  'connection.add': spec('Add Connection…'),
  sync: spec('Sync', 'Mod+Shift+U'),
  'import.csv': spec('Import CSV…', 'Mod+I'),
  export: spec('Export…', 'Mod+E'),
  'files.bulk': spec('Upload Files to a Field…', 'Mod+Shift+F'),
  'filter.focus': spec('Filter Rows', 'Mod+F'),
  'values.toggle': spec('Show Raw Values or Labels', 'Alt+L'),
  'record.new': spec('New Record', 'Mod+N'),
  'notes.check': spec('Check a Notes CSV…', 'Mod+O'),
  'results.generate': spec('Generate Results…', 'Mod+G'),
  refresh: spec('Refresh', 'Mod+R'),
  'about.show': spec('About Carrel'),
  'diagnostics.copy': spec('Copy Diagnostics'),
  'logs.show': spec('Show Logs Folder'),
  'theme.system': spec('Theme: Follow the System'),
  'theme.light': spec('Theme: Light'),
  'theme.dark': spec('Theme: Dark'),
} as const satisfies Record<string, CommandSpec>;

export type StandardCommandId = keyof typeof commandSpecs;

/** `Mod+Shift+F` → Electron's `CmdOrCtrl+Shift+F`; bare keys (`?`) have no accelerator. */
export function electronAccelerator(shortcut: string): string | undefined {
  const parts = shortcut.split('+');
  if (parts.length < 2) return undefined;
  return parts.map((part) => (part === 'Mod' ? 'CmdOrCtrl' : part)).join('+');
}

/** The words for showing a file in its folder, as each system's file manager is called ("Reveal Logs in Finder"). */
export function revealLabel(platform: string, what?: string): string {
  const manager = platform === 'darwin' ? 'Finder' : platform === 'win32' ? 'File Explorer' : 'Files';
  return `Reveal${what ? ` ${what}` : ''} in ${manager}`;
}
