/**
 * Shortcuts written once as `Mod+Shift+F` (Mod: Cmd on macOS, Ctrl elsewhere), matched against key
 * events and shown the way each system writes them (⇧⌘F on macOS, Ctrl+Shift+F elsewhere).
 */
export interface ParsedShortcut {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function parseShortcut(shortcut: string): ParsedShortcut {
  // `Mod++` would be ambiguous; no command uses the plus key.
  const parts = shortcut.split('+');
  const key = parts.pop() ?? '';
  if (!key) throw new Error(`A shortcut needs a key: ${shortcut}`);
  const parsed: ParsedShortcut = { mod: false, shift: false, alt: false, key };
  for (const part of parts) {
    if (part === 'Mod') parsed.mod = true;
    else if (part === 'Shift') parsed.shift = true;
    else if (part === 'Alt') parsed.alt = true;
    else throw new Error(`Unknown modifier ${part} in ${shortcut}`);
  }
  return parsed;
}

const isLetterOrDigit = (key: string): boolean => /^[a-z0-9]$/i.test(key);

/** Whether the event is this shortcut. Letters also match by physical key, as Alt changes them on macOS (Alt+L types ¬). */
export function matchesShortcut(event: KeyLike, shortcut: string, mac: boolean): boolean {
  const want = parseShortcut(shortcut);
  const mod = mac ? event.metaKey : event.ctrlKey;
  const other = mac ? event.ctrlKey : event.metaKey;
  if (mod !== want.mod || other || event.altKey !== want.alt) return false;
  if (isLetterOrDigit(want.key)) {
    if (event.shiftKey !== want.shift) return false;
    const code = /^[a-z]$/i.test(want.key) ? `Key${want.key.toUpperCase()}` : `Digit${want.key}`;
    return event.key.toLowerCase() === want.key.toLowerCase() || event.code === code;
  }
  // Punctuation: Shift is how `?` is typed on most layouts, so it is not part of the match.
  if (want.key.length === 1) return event.key === want.key;
  return event.shiftKey === want.shift && event.key === want.key;
}

/** Shortcuts without Cmd/Ctrl/Alt would type into a field; they only count outside one. */
export function needsNoTyping(shortcut: string): boolean {
  const parsed = parseShortcut(shortcut);
  return !parsed.mod && !parsed.alt;
}

const keyNames: Record<string, [mac: string, other: string]> = {
  ArrowUp: ['↑', '↑'],
  ArrowDown: ['↓', '↓'],
  ArrowLeft: ['←', '←'],
  ArrowRight: ['→', '→'],
  Escape: ['Esc', 'Esc'],
  Enter: ['↩', 'Enter'],
  Delete: ['⌦', 'Delete'],
  Backspace: ['⌫', 'Backspace'],
  Home: ['Home', 'Home'],
  End: ['End', 'End'],
};

export function formatShortcut(shortcut: string, mac: boolean): string {
  const parsed = parseShortcut(shortcut);
  const named = keyNames[parsed.key];
  const key = named ? named[mac ? 0 : 1] : parsed.key.length === 1 ? parsed.key.toUpperCase() : parsed.key;
  if (mac) return `${parsed.alt ? '⌥' : ''}${parsed.shift ? '⇧' : ''}${parsed.mod ? '⌘' : ''}${key}`;
  return [parsed.mod ? 'Ctrl' : null, parsed.alt ? 'Alt' : null, parsed.shift ? 'Shift' : null, key].filter(Boolean).join('+');
}

/** Focus in a text field, a list box or editable text: bare keys belong to it. */
export function isTypingTarget(target: unknown): boolean {
  // Structural, not `instanceof HTMLElement`: the same check runs in unit tests without a DOM.
  const element = target as { tagName?: unknown; isContentEditable?: boolean; type?: string } | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag !== 'input') return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(element.type ?? 'text');
}
