import { useEffect, useRef, useState } from 'react';
import { primaryKeyName } from '../../app/format.ts';

/**
 * Sync, with a menu for the rarer full resync (download everything again, not only what changed).
 * Services whose every sync downloads everything (BrainSTEM) pass `incremental={false}`: no menu, and the
 * button says what it does.
 */
export function SyncButton({ running, onSync, incremental = true }: { running: boolean; onSync: (mode: 'auto' | 'full') => void; incremental?: boolean }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const away = (event: MouseEvent): void => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const close = (): void => {
    setOpen(false);
    toggle.current?.focus();
  };

  return (
    <div className="split-button" ref={root}>
      <button type="button" className="btn" onClick={() => onSync('auto')} disabled={running} title={incremental ? `Sync what changed (${primaryKeyName}+Shift+U)` : `Download every model again (${primaryKeyName}+R)`}>
        {running ? 'Syncing…' : 'Sync'}
      </button>
      {incremental ? (
        <button ref={toggle} type="button" className="btn split-toggle" aria-haspopup="menu" aria-expanded={open} aria-label="More sync options" disabled={running} onClick={() => setOpen(!open)}>
          ▾
        </button>
      ) : null}
      {open && incremental ? (
        <div
          className="menu"
          role="menu"
          aria-label="Sync options"
          onKeyDown={(event) => {
            if (event.key === 'Escape' || event.key === 'Tab') {
              event.preventDefault();
              close();
            }
          }}
        >
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              close();
              onSync('full');
            }}
          >
            <span>Full resync</span>
            <span className="muted">Download the whole project again, not only what changed since the last sync</span>
          </button>
        </div>
      ) : null}
    </div>
  );
}
