import { useEffect, useRef, useState } from 'react';
import type { BrainstemModelSummary } from '../../../shared/contract/brainstem.ts';
import { useApi } from '../../api/api-context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { needsSignIn } from './sign-in-error.ts';

export interface DeleteRecordDialogProps {
  connectionId: string;
  model: BrainstemModelSummary;
  id: string;
  /** The record's name as the pane shows it. */
  label: string;
  onDeleted: () => void;
  onCancel: () => void;
  onSignInNeeded: () => void;
}

/**
 * Asks before deleting a record on the server. Focus starts on Cancel, so Enter alone never deletes.
 * The server may refuse (rights, a record still referenced); the reason shows here and nothing closes.
 */
export function DeleteRecordDialog({ connectionId, model, id, label, onDeleted, onCancel, onSignInNeeded }: DeleteRecordDialogProps) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [signIn, setSignIn] = useState(false);
  const what = model.label.toLowerCase();
  const cancelButton = useRef<HTMLButtonElement>(null);
  // After the dialog opened (its effect runs first): opening would otherwise focus the header's ✕.
  useEffect(() => cancelButton.current?.focus(), []);

  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api.call('brainstem.delete', { connectionId, model: model.model, id });
      onDeleted();
    } catch (e) {
      if (needsSignIn(e)) {
        setSignIn(true);
        onSignInNeeded();
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Delete ${what}?`}
      onClose={() => !busy && onCancel()}
      width={460}
      testId="delete-record"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onCancel} disabled={busy} ref={cancelButton}>
            Cancel
          </button>
          <button type="button" className="btn btn-danger-solid" onClick={() => void remove()} disabled={busy}>
            {busy ? 'Deleting…' : `Delete ${what}`}
          </button>
        </>
      }
    >
      <p>
        <strong className="bs-delete-name">{label}</strong> will be deleted from BrainSTEM for everyone who can see it, and from this computer&rsquo;s offline copy.
      </p>
      <p className="muted">
        Related records may be affected: records that point to this {what} can lose the link, or BrainSTEM may refuse the deletion while they still use it. This cannot be undone from Carrel.
      </p>
      {signIn && !error ? (
        <div className="notice notice-info" role="status">
          Sign in, then press Delete again.
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </Dialog>
  );
}
