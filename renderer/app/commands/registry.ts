import { commandSpecs, type StandardCommandId } from '../../../shared/commands.ts';
import { isTypingTarget, matchesShortcut, needsNoTyping, type KeyLike } from './shortcut.ts';

export type CommandSection = 'General' | 'Connections' | 'Data' | 'Navigation' | 'View';
export const sectionOrder: readonly CommandSection[] = ['General', 'Connections', 'Data', 'Navigation', 'View'];

export interface Command {
  id: string;
  title: string;
  section: CommandSection;
  /** `Mod+Shift+F` style; the first is the one shown. */
  shortcuts: readonly string[];
  /** Extra words the palette matches on ("csv", "download"). */
  keywords?: readonly string[];
  /** False: listed but greyed out, and its shortcut does nothing (the key stays with the page). */
  enabled?: () => boolean;
  /** False: reachable by its shortcut only, not listed in the palette (e.g. the palette itself). */
  inPalette?: boolean;
  run: () => void;
}

/** A command from the shared catalogue: its title and shortcuts are the ones the desktop menu shows. */
export function standardCommand(id: StandardCommandId, section: CommandSection, rest: Pick<Command, 'run'> & Partial<Pick<Command, 'enabled' | 'keywords' | 'inPalette'>>): Command {
  const spec = commandSpecs[id];
  return { id, title: spec.title, section, shortcuts: spec.shortcuts, ...rest };
}

export function isEnabled(command: Command): boolean {
  return command.enabled ? command.enabled() : true;
}

/**
 * The commands on offer now. Screens register theirs while mounted; a command registered later under
 * the same id (or shortcut) shadows the earlier one until it is removed, so a screen can take over a
 * key from the shell without either knowing the other.
 */
export class CommandRegistry {
  private entries: Array<{ seq: number; command: Command }> = [];
  private seq = 0;
  private readonly listeners = new Set<() => void>();
  private snapshot: Command[] = [];

  register(commands: readonly Command[]): () => void {
    const added = commands.map((command) => ({ seq: ++this.seq, command }));
    this.entries.push(...added);
    this.changed();
    return () => {
      this.entries = this.entries.filter((entry) => !added.includes(entry));
      this.changed();
    };
  }

  /** Every id once (the latest registration wins), in registration order. */
  list(): Command[] {
    return this.snapshot;
  }

  get(id: string): Command | undefined {
    return this.snapshot.find((command) => command.id === id);
  }

  /** Runs a command by id (palette, desktop menu); says why when it cannot. */
  run(id: string): { ran: true } | { ran: false; reason: 'unknown' | 'disabled' } {
    const command = this.get(id);
    if (!command) return { ran: false, reason: 'unknown' };
    if (!isEnabled(command)) return { ran: false, reason: 'disabled' };
    command.run();
    return { ran: true };
  }

  /** The enabled command whose shortcut this key press is, latest registration first. */
  forKey(event: KeyLike & { target?: unknown }, mac: boolean): Command | undefined {
    const typing = isTypingTarget(event.target);
    for (let i = this.snapshot.length - 1; i >= 0; i--) {
      const command = this.snapshot[i]!;
      const hit = command.shortcuts.some((shortcut) => matchesShortcut(event, shortcut, mac) && !(typing && needsNoTyping(shortcut)));
      if (hit && isEnabled(command)) return command;
    }
    return undefined;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const latest = new Map<string, { seq: number; command: Command }>();
    for (const entry of this.entries) latest.set(entry.command.id, entry);
    this.snapshot = [...latest.values()].sort((a, b) => a.seq - b.seq).map((entry) => entry.command);
    for (const listener of this.listeners) listener();
  }
}
