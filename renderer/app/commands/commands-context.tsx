import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { isMac } from '../format.ts';
import { CommandRegistry, isEnabled, type Command } from './registry.ts';

const RegistryContext = createContext<CommandRegistry | null>(null);

export function useCommandRegistry(): CommandRegistry {
  const registry = useContext(RegistryContext);
  if (!registry) throw new Error('useCommandRegistry outside CommandsProvider');
  return registry;
}

/** The commands on offer now, re-rendering when a screen adds or removes some. */
export function useCommandList(): Command[] {
  const registry = useCommandRegistry();
  return useSyncExternalStore(
    (listener) => registry.subscribe(listener),
    () => registry.list(),
  );
}

/**
 * Offers these commands while the component is mounted. Their `run` and `enabled` are read from the
 * latest render, so screens pass plain closures without re-registering on every state change.
 */
export function useCommands(commands: readonly Command[]): void {
  const registry = useCommandRegistry();
  const latest = useRef(commands);
  latest.current = commands;
  const shape = commands.map((c) => [c.id, c.title, c.section, c.shortcuts.join(','), c.inPalette === false ? '-' : '+', ...(c.keywords ?? [])].join('|')).join('\n');
  useEffect(() => {
    const current = (id: string): Command | undefined => latest.current.find((c) => c.id === id);
    return registry.register(
      latest.current.map((command) => ({
        ...command,
        enabled: () => {
          const now = current(command.id);
          return now ? isEnabled(now) : false;
        },
        run: () => current(command.id)?.run(),
      })),
    );
    // `shape` stands for the commands' identity; their behaviour comes through `latest`.
  }, [registry, shape]);
}

/**
 * One keyboard listener for every registered shortcut. It stays out of the way of a component that
 * already handled the key, of open dialogs (their keys are theirs), and of text fields for bare keys.
 */
export function CommandsProvider({ children }: { children: ReactNode }) {
  const registry = useMemo(() => new CommandRegistry(), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing || event.repeat) return;
      if (document.querySelector('dialog[open]')) return;
      const command = registry.forKey(event, isMac);
      if (!command) return;
      event.preventDefault();
      command.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [registry]);
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}
