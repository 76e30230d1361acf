import { useCallback, useEffect, useRef, useState } from 'react';
import type { BrainstemSignInEvent, DeviceSignInStarted } from '../../../shared/contract/brainstem.ts';
import { useApi, useEvent } from '../../api/api-context.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { writeClipboard } from '../../components/DataGrid/clipboard-text.ts';

type Outcome = { state: BrainstemSignInEvent['state']; message: string };

const fallbackMessages: Partial<Record<BrainstemSignInEvent['state'], string>> = {
  denied: 'The sign-in was denied on the approval page. Try again if that was a mistake.',
  expired: 'The code expired before it was approved. Try again for a new code.',
  used: 'This code was already used. Try again for a new code.',
  failed: 'The sign-in could not be completed. Try again.',
  cancelled: 'The sign-in was stopped. Try again to get a new code.',
};

const outcomeTitles: Partial<Record<BrainstemSignInEvent['state'], string>> = {
  denied: 'Sign-in denied',
  expired: 'Code expired',
  used: 'Code already used',
  failed: 'Sign-in failed',
  cancelled: 'Sign-in stopped',
};

function useSecondsLeft(expiresAt: string | null): number | null {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!expiresAt) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [expiresAt]);
  if (!expiresAt) return null;
  const end = Date.parse(expiresAt);
  return Number.isNaN(end) ? null : Math.max(0, Math.round((end - now) / 1000));
}

function clock(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The browser sign-in (OAuth device flow): Carrel shows a code, the user approves it on the server's
 * page (with its two-factor check), and main picks up the token. No password passes through Carrel.
 */
export function DeviceSignIn({ connectionId, host, onSignedIn }: { connectionId: string; host: string; onSignedIn: () => void }) {
  const api = useApi();
  const [started, setStarted] = useState<DeviceSignInStarted | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [copied, setCopied] = useState(false);
  // Events can overtake deviceStart's answer; the last word on each flow is kept until it is known.
  const finished = useRef(new Map<string, Outcome | 'approved'>());
  const live = useRef<string | null>(null);
  const secondsLeft = useSecondsLeft(started && !outcome ? started.expiresAt : null);

  const settle = useCallback(
    (result: Outcome | 'approved') => {
      live.current = null;
      if (result === 'approved') onSignedIn();
      else setOutcome(result);
    },
    [onSignedIn],
  );

  useEvent('brainstem.signIn', (event) => {
    if (event.connectionId !== connectionId || event.state === 'pending') return;
    const result: Outcome | 'approved' = event.state === 'approved' ? 'approved' : { state: event.state, message: event.message ?? fallbackMessages[event.state] ?? 'The sign-in ended.' };
    if (event.flowId === live.current) settle(result);
    else finished.current.set(event.flowId, result);
  });

  const start = async (): Promise<void> => {
    setStarting(true);
    setError(null);
    setOutcome(null);
    setCopied(false);
    setStarted(null);
    try {
      const flow = await api.call('brainstem.signIn.deviceStart', { connectionId });
      setStarted(flow);
      const early = finished.current.get(flow.flowId);
      if (early) settle(early);
      else live.current = flow.flowId;
    } catch (e) {
      setStarted(null);
      setError(e);
    } finally {
      setStarting(false);
    }
  };

  // Leaving the dialog while the code is still open stops main from polling for it.
  useEffect(
    () => () => {
      const flowId = live.current;
      if (flowId) void api.call('brainstem.signIn.deviceCancel', { flowId }).catch(() => undefined);
    },
    [api],
  );

  const expiredHere = secondsLeft === 0 && !outcome && started !== null;
  useEffect(() => {
    if (expiredHere) settle({ state: 'expired', message: fallbackMessages.expired! });
  }, [expiredHere, settle]);

  const openPage = (): void => {
    if (!started) return;
    // Desktop routes window.open to the system browser through its safe-open gate; a browser opens a tab.
    window.open(started.verificationUriComplete ?? started.verificationUri, '_blank', 'noopener,noreferrer');
  };

  const copy = async (): Promise<void> => {
    if (!started) return;
    try {
      await writeClipboard(started.userCode);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  if (!started) {
    return (
      <div className="bs-signin-pane" data-testid="device-sign-in" data-state="idle">
        <p>
          Carrel shows a short code; you approve it on {host} in your browser, where you sign in as usual (with two-factor authentication). No password passes
          through Carrel.
        </p>
        {error ? <ErrorNotice error={error} service="brainstem" /> : null}
        <div>
          <button type="button" className="btn btn-primary" onClick={() => void start()} disabled={starting} autoFocus>
            {starting ? 'Starting…' : 'Start browser sign-in'}
          </button>
        </div>
      </div>
    );
  }

  const state = outcome ? outcome.state : 'pending';
  return (
    <div className="bs-signin-pane" data-testid="device-sign-in" data-state={state}>
      <p className="muted">{started.browserOpened ? 'The sign-in page opened in your browser. Check that it shows this code, then approve:' : 'Open the sign-in page, check that it shows this code, then approve:'}</p>
      <div className="bs-user-code-row">
        <output className={`bs-user-code${outcome ? ' bs-user-code-spent' : ''}`} data-testid="user-code" aria-label="Sign-in code">
          {started.userCode}
        </output>
        <button type="button" className="btn" onClick={() => void copy()} disabled={outcome !== null}>
          {copied ? 'Copied' : 'Copy code'}
        </button>
      </div>
      {outcome ? (
        <div className="notice notice-warning" role="alert" data-testid="sign-in-outcome" data-state={outcome.state}>
          <div>
            <strong>{outcomeTitles[outcome.state] ?? 'Sign-in ended'}</strong>
            <div>{outcome.message}</div>
          </div>
          <button type="button" className="btn" onClick={() => void start()} disabled={starting}>
            {starting ? 'Starting…' : 'Try again'}
          </button>
        </div>
      ) : (
        <>
          <div className="bs-device-actions">
            <button type="button" className={`btn ${started.browserOpened ? '' : 'btn-primary'}`} onClick={openPage} autoFocus>
              {started.browserOpened ? 'Open the sign-in page again' : 'Open the sign-in page'}
            </button>
            <span className="muted mono" title="Where to enter the code by hand">
              {started.verificationUri}
            </span>
          </div>
          <p className="bs-waiting" role="status">
            <span className="bs-spinner" aria-hidden="true" /> Waiting for approval…
            {secondsLeft !== null ? <span className="muted"> The code expires in {clock(secondsLeft)}.</span> : null}
          </p>
        </>
      )}
    </div>
  );
}
