import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/api-context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/** Invite a colleague to the Brim project by email; Brim sends the invitation. */
export function InviteDialog({ connectionId, projectLabel, onClose, onInvited }: { connectionId: string; projectLabel: string; onClose: () => void; onInvited: (message: string) => void }) {
  const api = useApi();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Brim's answer when it sent nothing (the person is already a member): said here, the dialog stays.
  const [declined, setDeclined] = useState<string | null>(null);
  const ready = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());

  const invite = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    setDeclined(null);
    try {
      const result = await api.call('brim.invite', { connectionId, email: email.trim() });
      if (result.invited) onInvited(result.message);
      else {
        setDeclined(result.message);
        setBusy(false);
      }
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Invite a user"
      onClose={onClose}
      testId="brim-invite"
      width={440}
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="brim-invite-form" className="btn btn-primary" disabled={!ready || busy}>
            {busy ? 'Inviting…' : 'Send invitation'}
          </button>
        </>
      }
    >
      <form id="brim-invite-form" className="form brim-form" onSubmit={(event) => void invite(event)}>
        <label>
          <span>Email address</span>
          <input type="email" name="email" autoFocus value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" spellCheck={false} maxLength={320} />
          <small className="muted">Brim emails an invitation to join {projectLabel}.</small>
        </label>
        {declined ? (
          <div className="notice notice-warning" role="status" data-testid="brim-invite-declined">
            {declined}
          </div>
        ) : null}
        {error ? <ErrorNotice error={error} service="brim" /> : null}
      </form>
    </Dialog>
  );
}
