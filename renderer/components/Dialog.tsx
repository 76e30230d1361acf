import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal built on <dialog>: the browser traps focus, Escape closes it, and the page behind is inert.
 */
export function Dialog({ title, onClose, children, footer, width = 520, testId }: { title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; width?: number; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      style={{ width }}
      aria-labelledby="dialog-title"
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" className="btn btn-link" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </header>
      <div className="dialog-body">{children}</div>
      {footer ? <footer className="dialog-footer">{footer}</footer> : null}
    </dialog>
  );
}
