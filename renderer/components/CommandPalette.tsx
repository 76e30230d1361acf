import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { fuzzyFilter } from '../app/commands/fuzzy.ts';
import { isEnabled, type Command } from '../app/commands/registry.ts';
import { formatShortcut } from '../app/commands/shortcut.ts';
import { isMac } from '../app/format.ts';
import './command-palette.css';

/**
 * Ctrl/Cmd+K: type a few letters of any command on offer, move with the arrows, Enter runs it, Escape
 * goes back to where you were. Commands that cannot run here are listed greyed out, so people learn
 * they exist.
 */
export function CommandPalette({ commands, onRun, onClose }: { commands: readonly Command[]; onRun: (command: Command) => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const offered = useMemo(() => commands.filter((command) => command.inPalette !== false), [commands]);
  const shown = useMemo(() => fuzzyFilter(offered, query), [offered, query]);
  const current = shown[Math.min(active, shown.length - 1)];

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const run = (command: Command | undefined): void => {
    if (command && isEnabled(command)) onRun(command);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const last = shown.length - 1;
    if (event.key === 'ArrowDown') setActive((i) => (i >= last ? 0 : i + 1));
    else if (event.key === 'ArrowUp') setActive((i) => (i <= 0 ? last : i - 1));
    else if (event.key === 'PageDown') setActive((i) => Math.min(last, i + 8));
    else if (event.key === 'PageUp') setActive((i) => Math.max(0, i - 8));
    else if (event.key === 'Enter') run(current);
    else return;
    event.preventDefault();
  };

  const optionId = (index: number): string => `${listId}-option-${index}`;
  const currentIndex = current ? shown.indexOf(current) : -1;
  return (
    <dialog
      ref={ref}
      className="dialog command-palette"
      aria-label="Command palette"
      data-testid="command-palette"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === ref.current) onClose();
      }}
    >
      <input
        className="command-palette-input"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={currentIndex >= 0 ? optionId(currentIndex) : undefined}
        aria-label="Type a command"
        placeholder="Type a command…"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
        autoFocus
        spellCheck={false}
        autoComplete="off"
      />
      <ul className="command-palette-list" role="listbox" id={listId} ref={listRef} aria-label="Commands">
        {shown.map((command, index) => {
          const enabled = isEnabled(command);
          const shortcut = command.shortcuts[0];
          return (
            <li
              key={command.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === currentIndex}
              aria-disabled={!enabled}
              className="command-palette-option"
              data-command-id={command.id}
              onMouseMove={() => index !== currentIndex && setActive(index)}
              onClick={() => run(command)}
            >
              <span className="command-palette-title">{command.title}</span>
              <span className="command-palette-section muted">{enabled ? command.section : 'Not available here'}</span>
              {shortcut ? <kbd className="kbd">{formatShortcut(shortcut, isMac)}</kbd> : null}
            </li>
          );
        })}
      </ul>
      {shown.length === 0 ? (
        <p className="command-palette-empty muted" role="status">
          No command matches “{query}”.
        </p>
      ) : null}
    </dialog>
  );
}
