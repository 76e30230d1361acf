import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { BrainstemAppName, BrainstemOverview } from '../../../shared/contract/brainstem.ts';
import { formatCount, primaryKeyName } from '../../app/format.ts';
import { useCommands } from '../../app/commands/commands-context.tsx';
import type { Command } from '../../app/commands/registry.ts';
import { stateBadge } from '../navigator/nav-entries.ts';
import '../navigator/navigator.css';

export interface ModelBrowserProps {
  apps: BrainstemOverview['apps'];
  selected: string | null;
  onSelect: (model: string) => void;
}

/**
 * The portal's models in the sidebar, grouped by app, with the cached row counts; a model the cache
 * cannot show says why (not synced, no access, not in this portal). One tab stop: arrows move and open,
 * Home/End jump to the ends, typing a name jumps to it, Ctrl/Cmd+1…7 to an app.
 */
export function ModelBrowser({ apps, selected, onSelect }: ModelBrowserProps) {
  const ref = useRef<HTMLElement>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<BrainstemAppName>>(new Set());
  const typed = useRef({ text: '', at: 0 });
  const groups = apps.filter((app) => app.models.length > 0);

  const buttons = (): HTMLButtonElement[] => [...(ref.current?.querySelectorAll<HTMLButtonElement>('button[data-model]') ?? [])];
  const go = (button: HTMLButtonElement | undefined): void => {
    if (!button) return;
    button.focus();
    onSelect(button.dataset.model!);
  };
  const expand = (app: BrainstemAppName): void => setCollapsed((current) => new Set([...current].filter((id) => id !== app)));

  const openModel = (model: string, app: BrainstemAppName): void => {
    expand(app);
    onSelect(model);
    requestAnimationFrame(() => buttons().find((b) => b.dataset.model === model)?.focus());
  };
  useCommands([
    ...groups.slice(0, 9).flatMap((group, index): Command[] => {
      const first = group.models[0];
      return first ? [{ id: `nav.group.${index + 1}`, title: `Go to ${group.label}`, section: 'Navigation', shortcuts: [`Mod+${index + 1}`], run: () => openModel(first.model, group.app) }] : [];
    }),
    ...groups.flatMap((group) => group.models.map((model): Command => ({ id: `nav.open:${model.model}`, title: `Open ${model.pluralLabel}`, section: 'Navigation', shortcuts: [], keywords: [group.label], run: () => openModel(model.model, group.app) }))),
  ]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    const all = buttons();
    const index = all.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    if (event.key === 'ArrowDown') go(all[index + 1]);
    else if (event.key === 'ArrowUp') go(all[index - 1]);
    else if (event.key === 'Home') go(all[0]);
    else if (event.key === 'End') go(all.at(-1));
    else if (event.key.length === 1 && /\S/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // Type-ahead: letters typed in quick succession find the next model whose name starts with them.
      const now = Date.now();
      const text = (now - typed.current.at < 700 ? typed.current.text : '') + event.key.toLowerCase();
      typed.current = { text, at: now };
      const ordered = [...all.slice(index + (text.length === 1 ? 1 : 0)), ...all.slice(0, index + (text.length === 1 ? 1 : 0))];
      const match = ordered.find((b) => (b.dataset.title ?? '').toLowerCase().startsWith(text));
      if (!match) return;
      go(match);
    } else return;
    event.preventDefault();
  };

  const allModels = groups.flatMap((group) => group.models);
  const tabStop = allModels.some((m) => m.model === selected) ? selected : allModels[0]?.model;

  return (
    <nav className="navigator" aria-label="Models" data-testid="model-browser" ref={ref} onKeyDown={onKeyDown}>
      {groups.map((group, groupIndex) => {
        const isCollapsed = collapsed.has(group.app) && !group.models.some((m) => m.model === selected);
        return (
          <section key={group.app} className="nav-group" data-app={group.app}>
            <h2 className="nav-group-title">
              <button
                type="button"
                aria-expanded={!isCollapsed}
                onClick={() => (collapsed.has(group.app) ? expand(group.app) : setCollapsed(new Set([...collapsed, group.app])))}
                title={groupIndex < 9 ? `${primaryKeyName}+${groupIndex + 1}` : undefined}
                tabIndex={-1}
              >
                <span className="nav-caret" aria-hidden="true">
                  {isCollapsed ? '▸' : '▾'}
                </span>
                {group.label}
              </button>
            </h2>
            {isCollapsed ? null : (
              <ul>
                {group.models.map((model) => {
                  const badge = stateBadge(model.availability);
                  return (
                    <li key={model.model}>
                      <button
                        type="button"
                        className={`nav-entry${model.availability !== 'ok' ? ' nav-entry-unavailable' : ''}`}
                        data-model={model.model}
                        data-title={model.pluralLabel}
                        data-state={model.availability}
                        aria-current={model.model === selected ? 'page' : undefined}
                        tabIndex={model.model === tabStop ? 0 : -1}
                        title={model.note ?? model.pluralLabel}
                        onClick={() => onSelect(model.model)}
                      >
                        <span className="nav-title">{model.pluralLabel}</span>
                        {badge ? (
                          <span className={`nav-state nav-state-${model.availability}`}>
                            {badge}
                            {model.note ? <span className="sr-only">: {model.note}</span> : null}
                          </span>
                        ) : (
                          <span className="nav-count">
                            {formatCount(model.rowCount)}
                            <span className="sr-only"> records</span>
                          </span>
                        )}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
    </nav>
  );
}
