import { useState } from 'react';
import type { BrainstemModelSummary, BrainstemRecordView } from '../../../shared/contract/brainstem.ts';
import { useApi } from '../../api/api-context.ts';
import { ApiError } from '../../api/client.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { needsSignIn } from './sign-in-error.ts';
import { actionLabel, recordActions } from './record-display.ts';

export interface RecordActionsProps {
  connectionId: string;
  model: BrainstemModelSummary;
  record: BrainstemRecordView;
  /** The record as the server has it after the action. */
  onRecord: (record: BrainstemRecordView) => void;
  /** The action used the record up (an answered invitation is deleted on the server). */
  onGone: (message: string) => void;
  onSignInNeeded: () => void;
}

const doneText: Readonly<Record<string, string>> = {
  accept: 'Accepted.',
  reject: 'Rejected.',
  cancel: 'Cancelled.',
  join: 'Asked to join: a manager of the group decides.',
  leave: 'You left the group.',
};

/** Invitations, requests, approvals and groups: their actions as buttons, one at a time. */
export function RecordActions({ connectionId, model, record, onRecord, onGone, onSignInNeeded }: RecordActionsProps) {
  const api = useApi();
  const actions = recordActions(model);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (actions.length === 0 || !model.writable) return null;

  const run = async (action: string): Promise<void> => {
    setBusy(action);
    setError(null);
    setMessage(null);
    try {
      await api.call('brainstem.action', { connectionId, model: model.model, id: record.id, action });
      const done = doneText[action] ?? `${actionLabel(action)}: done.`;
      try {
        onRecord(await api.call('brainstem.record', { connectionId, model: model.model, id: record.id, refresh: true }));
        setMessage(done);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'NOT_FOUND') onGone(`${done} This ${model.label.toLowerCase()} is no longer on the server.`);
        else setMessage(done);
      }
    } catch (e) {
      if (needsSignIn(e)) onSignInNeeded();
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="bs-actions" aria-label="Actions">
      <div className="bs-actions-buttons">
        {actions.map((action) => (
          <button key={action} type="button" className={`btn btn-small${action === 'accept' || action === 'join' ? ' btn-primary' : ''}`} onClick={() => void run(action)} disabled={busy !== null}>
            {busy === action ? `${actionLabel(action)}…` : actionLabel(action)}
          </button>
        ))}
      </div>
      {message ? (
        <div className="notice notice-ok" role="status">
          {message}
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
