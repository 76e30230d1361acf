import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatCount, primaryKeyName } from '../../app/format.ts';
import { useCommands } from '../../app/commands/commands-context.tsx';
import type { Command } from '../../app/commands/registry.ts';
import { navGroups, stateBadge, type NavEntry, type NavGroupId } from './nav-entries.ts';
import './navigator.css';

const addReportKey = 'action:add-report';

export interface NavigatorProps {
  entries: NavEntry[];
  selectedKey: string;
  onSelect: (key: string) => void;
  onAddReport: () => void;
  onRemoveReport: (entry: NavEntry) => void;
}

function Meta({ entry }: { entry: NavEntry }) {
  const badge = stateBadge(entry.state);
  if (badge) return <span className={`nav-state nav-state-${entry.state}`}>{badge}</span>;
  if (entry.count === null) return <span className="nav-count" aria-hidden="true" />;
  return (
    <span className="nav-count">
      {formatCount(entry.count)}
      <span className="sr-only"> rows</span>
    </span>
  );
}

/**
 * The project's contents in the sidebar: record presets and datasets by group. One tab stop; arrows
 * move through the entries and open them, Home/End jump to the ends, Ctrl/Cmd+1…9 to a group, Delete
 * removes a saved report.
 */
export function Navigator({ entries, selectedKey, onSelect, onAddReport, onRemoveReport }: NavigatorProps) {
  const ref = useRef<HTMLElement>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<NavGroupId>>(new Set());
  const groups = navGroups
    .map((group) => ({ ...group, entries: entries.filter((entry) => entry.group === group.id) }))
    .filter((group) => group.entries.length > 0 || group.id === 'reports');

  const buttons = (): HTMLButtonElement[] => [...(ref.current?.querySelectorAll<HTMLButtonElement>('button[data-nav-key]') ?? [])];
  const go = (button: HTMLButtonElement | undefined): void => {
    if (!button) return;
    button.focus();
    const key = button.dataset.navKey!;
    if (key !== addReportKey) onSelect(key);
  };

  const openEntry = (key: string, group: NavGroupId): void => {
    setCollapsed((current) => new Set([...current].filter((id) => id !== group)));
    onSelect(key);
    requestAnimationFrame(() => buttons().find((b) => b.dataset.navKey === key)?.focus());
  };
  useCommands([
    ...groups.slice(0, 9).flatMap((group, index): Command[] => {
      const first = group.entries[0];
      return first ? [{ id: `nav.group.${index + 1}`, title: `Go to ${group.title}`, section: 'Navigation', shortcuts: [`Mod+${index + 1}`], run: () => openEntry(first.key, group.id) }] : [];
    }),
    ...entries.map((entry): Command => ({ id: `nav.open:${entry.key}`, title: `Open ${entry.title}`, section: 'Navigation', shortcuts: [], keywords: [navGroups.find((g) => g.id === entry.group)?.title ?? ''], run: () => openEntry(entry.key, entry.group) })),
  ]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    const all = buttons();
    const index = all.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    const current = all[index]!;
    if (event.key === 'ArrowDown') go(all[index + 1]);
    else if (event.key === 'ArrowUp') go(all[index - 1]);
    else if (event.key === 'Home') go(all[0]);
    else if (event.key === 'End') go(all.at(-1));
    else if (event.key === 'Delete' || event.key === 'Backspace') {
      const entry = entries.find((e) => e.key === current.dataset.navKey);
      if (entry?.target.kind !== 'report') return;
      onRemoveReport(entry);
    } else return;
    event.preventDefault();
  };

  // The one tab stop: the selected entry (or the first, before anything is selected).
  const tabStop = entries.some((e) => e.key === selectedKey) ? selectedKey : entries[0]?.key;

  return (
    <nav className="navigator" aria-label="Project contents" data-testid="navigator" ref={ref} onKeyDown={onKeyDown}>
      {groups.map((group, groupIndex) => {
        const isCollapsed = collapsed.has(group.id) && !group.entries.some((e) => e.key === selectedKey);
        return (
          <section key={group.id} className="nav-group" data-group={group.id}>
            <h2 className="nav-group-title">
              <button
                type="button"
                aria-expanded={!isCollapsed}
                onClick={() => setCollapsed((current) => (current.has(group.id) ? new Set([...current].filter((id) => id !== group.id)) : new Set([...current, group.id])))}
                title={groupIndex < 9 ? `${primaryKeyName}+${groupIndex + 1}` : undefined}
                tabIndex={-1}
              >
                <span className="nav-caret" aria-hidden="true">{isCollapsed ? '▸' : '▾'}</span>
                {group.title}
              </button>
            </h2>
            {isCollapsed ? null : (
              <ul>
                {group.entries.map((entry) => (
                  <li key={entry.key}>
                    <button
                      type="button"
                      className={`nav-entry${entry.state !== 'ok' ? ' nav-entry-unavailable' : ''}`}
                      data-nav-key={entry.key}
                      data-state={entry.state}
                      aria-current={entry.key === selectedKey ? 'page' : undefined}
                      tabIndex={entry.key === tabStop ? 0 : -1}
                      title={entry.note ?? (entry.target.kind === 'report' ? `${entry.title} — right-click or Delete to remove` : entry.title)}
                      onClick={() => onSelect(entry.key)}
                      onContextMenu={(event) => {
                        if (entry.target.kind !== 'report') return;
                        event.preventDefault();
                        onRemoveReport(entry);
                      }}
                    >
                      <span className="nav-title">{entry.title}</span>
                      <Meta entry={entry} />
                    </button>
                  </li>
                ))}
                {group.id === 'reports' ? (
                  <li>
                    <button type="button" className="nav-entry nav-add" data-nav-key={addReportKey} tabIndex={-1} onClick={onAddReport}>
                      <span className="nav-title">Add a report by ID…</span>
                    </button>
                  </li>
                ) : null}
              </ul>
            )}
          </section>
        );
      })}
    </nav>
  );
}
