import { describe, expect, it } from 'vitest';
import { commandSpecs, electronAccelerator, revealLabel } from '../../../shared/commands.ts';
import { fuzzyFilter } from '../../../renderer/app/commands/fuzzy.ts';
import { CommandRegistry, standardCommand, type Command } from '../../../renderer/app/commands/registry.ts';
import { formatShortcut, matchesShortcut, type KeyLike } from '../../../renderer/app/commands/shortcut.ts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
const input = { tagName: 'INPUT', type: 'text', isContentEditable: false };

describe('shortcuts', () => {
  it('are written the way each system writes them', () => {
    expect(formatShortcut('Mod+Shift+F', false)).toBe('Ctrl+Shift+F');
    expect(formatShortcut('Mod+Shift+F', true)).toBe('⇧⌘F');
    expect(formatShortcut('Mod+I', false)).toBe('Ctrl+I');
    expect(formatShortcut('Mod+K', true)).toBe('⌘K');
    expect(formatShortcut('Alt+L', true)).toBe('⌥L');
    expect(formatShortcut('Alt+ArrowDown', false)).toBe('Alt+↓');
    expect(formatShortcut('?', false)).toBe('?');
  });

  it('match Ctrl on Windows and Linux, Cmd on macOS, and nothing else', () => {
    expect(matchesShortcut(key('i', { ctrlKey: true }), 'Mod+I', false)).toBe(true);
    expect(matchesShortcut(key('i', { metaKey: true }), 'Mod+I', false)).toBe(false);
    expect(matchesShortcut(key('i', { metaKey: true }), 'Mod+I', true)).toBe(true);
    expect(matchesShortcut(key('i', { ctrlKey: true }), 'Mod+I', true)).toBe(false);
    expect(matchesShortcut(key('F', { ctrlKey: true, shiftKey: true }), 'Mod+Shift+F', false)).toBe(true);
    // Ctrl+F is the filter, Ctrl+Shift+F the bulk upload: Shift tells them apart.
    expect(matchesShortcut(key('F', { ctrlKey: true, shiftKey: true }), 'Mod+F', false)).toBe(false);
    expect(matchesShortcut(key('f', { ctrlKey: true, altKey: true }), 'Mod+F', false)).toBe(false);
  });

  it('match letters by physical key when Alt changes the character (macOS Alt+L types ¬)', () => {
    expect(matchesShortcut({ ...key('¬', { altKey: true }), code: 'KeyL' }, 'Alt+L', true)).toBe(true);
    expect(matchesShortcut({ ...key('3', { ctrlKey: true }), code: 'Digit3' }, 'Mod+3', false)).toBe(true);
  });

  it('match ? whether or not Shift was needed to type it', () => {
    expect(matchesShortcut(key('?', { shiftKey: true }), '?', false)).toBe(true);
    expect(matchesShortcut(key('/', { ctrlKey: true }), 'Mod+/', false)).toBe(true);
    expect(matchesShortcut(key('/', {}), '?', false)).toBe(false);
  });

  it('turn into Electron accelerators for the menu; bare keys have none', () => {
    expect(electronAccelerator('Mod+Shift+F')).toBe('CmdOrCtrl+Shift+F');
    expect(electronAccelerator('Alt+L')).toBe('Alt+L');
    expect(electronAccelerator('?')).toBeUndefined();
  });

  it('every catalogued shortcut parses, and no two catalogued commands share one', () => {
    const seen = new Map<string, string>();
    for (const [id, spec] of Object.entries(commandSpecs)) {
      for (const shortcut of spec.shortcuts) {
        expect(() => formatShortcut(shortcut, false)).not.toThrow();
        expect(seen.get(shortcut), `${shortcut} is used by ${seen.get(shortcut)} and ${id}`).toBeUndefined();
        seen.set(shortcut, id);
      }
    }
  });

  it('"Reveal" names each system\'s file manager', () => {
    expect(revealLabel('darwin')).toBe('Reveal in Finder');
    expect(revealLabel('win32')).toBe('Reveal in File Explorer');
    expect(revealLabel('linux', 'Logs')).toBe('Reveal Logs in Files');
  });
});

describe('command registry', () => {
  const make = (id: string, shortcut: string | null, run: () => void, enabled = true): Command => ({ id, title: id, section: 'General', shortcuts: shortcut ? [shortcut] : [], enabled: () => enabled, run });

  it('runs the command whose shortcut was pressed, and a screen shadows the shell until it leaves', () => {
    const registry = new CommandRegistry();
    const ran: string[] = [];
    registry.register([make('export', 'Mod+E', () => ran.push('shell'))]);
    const leave = registry.register([make('export', 'Mod+E', () => ran.push('screen'))]);
    registry.forKey(key('e', { ctrlKey: true }), false)?.run();
    expect(registry.list().filter((c) => c.id === 'export')).toHaveLength(1);
    leave();
    registry.forKey(key('e', { ctrlKey: true }), false)?.run();
    expect(ran).toEqual(['screen', 'shell']);
  });

  it('leaves the key to the page when the command cannot run, and says why when run by id', () => {
    const registry = new CommandRegistry();
    registry.register([make('export', 'Mod+E', () => undefined, false)]);
    expect(registry.forKey(key('e', { ctrlKey: true }), false)).toBeUndefined();
    expect(registry.run('export')).toEqual({ ran: false, reason: 'disabled' });
    expect(registry.run('nothing')).toEqual({ ran: false, reason: 'unknown' });
  });

  it('does not take bare keys from text fields, but modified ones work there', () => {
    const registry = new CommandRegistry();
    registry.register([make('shortcuts.show', '?', () => undefined), make('palette.open', 'Mod+K', () => undefined)]);
    expect(registry.forKey({ ...key('?', { shiftKey: true }), target: input }, false)).toBeUndefined();
    expect(registry.forKey({ ...key('?', { shiftKey: true }), target: null }, false)?.id).toBe('shortcuts.show');
    expect(registry.forKey({ ...key('k', { ctrlKey: true }), target: input }, false)?.id).toBe('palette.open');
  });

  it('tells subscribers when commands come and go', () => {
    const registry = new CommandRegistry();
    let changes = 0;
    registry.subscribe(() => changes++);
    const off = registry.register([standardCommand('sync', 'Data', { run: () => undefined })]);
    expect(registry.get('sync')?.title).toBe('Sync');
    expect(registry.get('sync')?.shortcuts).toEqual(['Mod+Shift+U']);
    off();
    expect(registry.get('sync')).toBeUndefined();
    expect(changes).toBe(2);
  });
});

describe('palette filter', () => {
  const items = ['Export…', 'Import CSV…', 'Upload Files to a Field…', 'Sync', 'Go to Connections', 'Theme: Dark', 'Open Records'].map((title) => ({ title, section: 'Data', keywords: title === 'Export…' ? ['xlsx', 'stata'] : [] }));
  const titles = (query: string): string[] => fuzzyFilter(items, query).map((item) => item.title);

  it('keeps everything, in order, for an empty query', () => {
    expect(titles('  ')).toEqual(items.map((item) => item.title));
  });

  it('finds commands by letters in order, best matches first', () => {
    expect(titles('exp')[0]).toBe('Export…');
    expect(titles('imp csv')[0]).toBe('Import CSV…');
    expect(titles('uf')[0]).toBe('Upload Files to a Field…');
    expect(titles('dark')).toEqual(['Theme: Dark']);
    expect(titles('zzz')).toEqual([]);
  });

  it('finds a command by its keywords, after title matches', () => {
    expect(titles('stata')).toEqual(['Export…']);
  });
});
