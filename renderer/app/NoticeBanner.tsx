import { useState } from 'react';
import type { NoticeAction } from '../../shared/contract/app.ts';
import { useApi } from '../api/api-context.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';

/** A sentence for the user at the top of the window, optionally with the one action main offered with it. */
export interface ShownNotice {
  message: string;
  action?: NoticeAction | undefined;
}

export function NoticeBanner({ notice }: { notice: ShownNotice }) {
  const api = useApi();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { action } = notice;
  const run = async (chosen: NoticeAction): Promise<void> => {
    setRunning(true);
    setError(null);
    try {
      const { started } = await api.call('app.runNoticeAction', { id: chosen.id });
      // When it started the app is going away; otherwise say why nothing happened.
      setOutcome(started ? 'Restarting…' : 'There is nothing to do any more: the update is no longer waiting to be installed.');
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  };
  return (
    <div className="notice notice-info banner" role="status" data-testid="app-notice">
      {notice.message}
      {action ? (
        <>
          {' '}
          <button type="button" className="btn btn-primary" onClick={() => void run(action)} disabled={running || outcome !== null} data-testid={`notice-action-${action.id}`}>
            {action.label}
          </button>
        </>
      ) : null}
      {outcome ? <span data-testid="notice-action-outcome"> {outcome}</span> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
