import type { ReactNode } from 'react';
import { Dialog } from './Dialog.tsx';

/** Asks before something that cannot be undone from Carrel (replacing or deleting a file on the server). */
export function ConfirmDialog({ title, children, confirmLabel, danger = false, onConfirm, onCancel }: { title: string; children: ReactNode; confirmLabel: string; danger?: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      width={440}
      testId="confirm-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button type="button" className={`btn ${danger ? 'btn-danger-solid' : 'btn-primary'}`} onClick={onConfirm}>
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
