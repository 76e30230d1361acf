import { sectionOrder, type Command } from '../app/commands/registry.ts';
import { formatShortcut } from '../app/commands/shortcut.ts';
import { isMac } from '../app/format.ts';
import { Dialog } from './Dialog.tsx';
import './command-palette.css';

/**
 * Keys that belong to one widget (the table, the sidebar, the record pane) and are handled there, not
 * by the command registry; listed so the sheet tells the whole story.
 */
const widgetKeys: ReadonlyArray<{ section: string; rows: ReadonlyArray<[title: string, ...shortcuts: string[]]> }> = [
  {
    section: 'In a table',
    rows: [
      ['Move between cells', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'],
      ['Extend the selection', 'Shift+ArrowDown', 'Shift+ArrowRight'],
      ['Copy the selected cells', 'Mod+C'],
      ['First or last row', 'Mod+Home'],
      ['Open the record', 'Enter'],
    ],
  },
  {
    section: 'In the sidebar',
    rows: [
      ['Previous or next entry', 'ArrowUp', 'ArrowDown'],
      ['First or last entry', 'Home', 'End'],
      ['Remove a saved report', 'Delete'],
    ],
  },
  {
    section: 'In the record pane',
    rows: [
      ['Previous record', 'Alt+ArrowUp'],
      ['Next record', 'Alt+ArrowDown'],
      ['Save the form', 'Mod+Enter'],
      ['Close', 'Escape'],
    ],
  },
];

function Row({ title, shortcuts }: { title: string; shortcuts: readonly string[] }) {
  return (
    <>
      <dt>{title}</dt>
      <dd>
        {shortcuts.map((shortcut, index) => (
          <span key={shortcut}>
            {index > 0 ? <span className="muted">{shortcuts.length > 2 ? ' ' : ' or '}</span> : null}
            <kbd className="kbd">{formatShortcut(shortcut, isMac)}</kbd>
          </span>
        ))}
      </dd>
    </>
  );
}

/** Ctrl/Cmd+/ or `?`: every shortcut on offer on this screen, from the command registry. */
export function ShortcutsSheet({ commands, onClose }: { commands: readonly Command[]; onClose: () => void }) {
  const withKeys = commands.filter((command) => command.shortcuts.length > 0);
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} width={760} testId="shortcuts-sheet">
      <div className="shortcuts-sheet-columns">
        {sectionOrder.map((section) => {
          const inSection = withKeys.filter((command) => command.section === section);
          if (inSection.length === 0) return null;
          return (
            <section key={section} className="shortcuts-sheet-section" aria-label={section}>
              <h3>{section}</h3>
              <dl>
                {inSection.map((command) => (
                  <Row key={command.id} title={command.title} shortcuts={command.shortcuts} />
                ))}
              </dl>
            </section>
          );
        })}
        {widgetKeys.map(({ section, rows }) => (
          <section key={section} className="shortcuts-sheet-section" aria-label={section}>
            <h3>{section}</h3>
            <dl>
              {rows.map(([title, ...shortcuts]) => (
                <Row key={title} title={title} shortcuts={shortcuts} />
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
