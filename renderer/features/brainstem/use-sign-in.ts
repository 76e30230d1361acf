import { useCallback, useMemo, useRef, useState } from 'react';
import { needsSignIn } from './sign-in-error.ts';

export interface SignInState {
  /** The dialog is showing. */
  open: boolean;
  /** Opens the dialog; `retry` runs once the user has signed in (not when they give up). */
  request(retry?: () => void): void;
  /**
   * For a failed call: when the error asks for a sign-in, opens the dialog, queues `retry` and
   * answers true; otherwise false, and the caller shows the error as usual.
   */
  handle(error: unknown, retry: () => void): boolean;
  /** The dialog reports a sign-in: it closes and the queued calls run again. */
  succeeded(): void;
  /** The user closed the dialog without signing in: queued calls are dropped. */
  dismissed(): void;
  /** Whether anything waits for the sign-in (then the screen need not start work of its own). */
  hasPending(): boolean;
}

/**
 * The sign-in dialog's state for one screen. Other state (the table, an open form) stays as it is
 * while the dialog is open; what failed for want of a sign-in runs again after it.
 */
export function useSignIn(): SignInState {
  const [open, setOpen] = useState(false);
  const pending = useRef<Array<() => void>>([]);

  const request = useCallback((retry?: () => void) => {
    if (retry) pending.current.push(retry);
    setOpen(true);
  }, []);
  const handle = useCallback(
    (error: unknown, retry: () => void) => {
      if (!needsSignIn(error)) return false;
      request(retry);
      return true;
    },
    [request],
  );
  const succeeded = useCallback(() => {
    const queued = pending.current;
    pending.current = [];
    setOpen(false);
    for (const retry of queued) retry();
  }, []);
  const dismissed = useCallback(() => {
    pending.current = [];
    setOpen(false);
  }, []);
  const hasPending = useCallback(() => pending.current.length > 0, []);

  return useMemo(() => ({ open, request, handle, succeeded, dismissed, hasPending }), [open, request, handle, succeeded, dismissed, hasPending]);
}
