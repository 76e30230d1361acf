import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job } from '../../../shared/contract/jobs.ts';
import { useApi } from '../../api/api-context.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { useJobs } from '../jobs/jobs-context.tsx';
import { needsSignIn } from './sign-in-error.ts';
import type { SignInState } from './use-sign-in.ts';

export interface SyncOptions {
  mode?: 'auto' | 'full';
  /** Only these models (a model's own "Sync now"); default: every model of the portal. */
  models?: string[];
}

export interface BrainstemSyncState {
  running: Job | null;
  /** The last sync of this connection, if it failed. */
  failed: Job | null;
  /** A sync that finished while the screen was open and is not dismissed yet. */
  finished: Job | null;
  start(options?: SyncOptions): void;
  dismiss(jobId: string): void;
  /** A short line for the user when a sync could not even start. */
  notice: string | null;
}

/**
 * Syncs of one connection. A sync that needs a sign-in (refused at the start, or a job that fails for
 * that reason) opens the sign-in dialog and starts again once the user has signed in.
 */
export function useBrainstemSync(connectionId: string, signIn: SignInState): BrainstemSyncState {
  const api = useApi();
  const { jobs } = useJobs();
  const [notice, setNotice] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const openedAt = useRef(new Date().toISOString());
  // Jobs this screen started, with what they were asked to do, so a sign-in can repeat exactly that.
  const started = useRef(new Map<string, SyncOptions>());
  // The job's failure may arrive (as an event) before sync.start's answer names the job: counting the
  // answers lets the check below run again once the job is known.
  const [answers, setAnswers] = useState(0);

  const start = useCallback(
    (options: SyncOptions = {}) => {
      setNotice(null);
      api.call('sync.start', { connectionId, mode: options.mode ?? 'auto', ...(options.models ? { models: options.models } : {}) }).then(
        ({ jobId }) => {
          started.current.set(jobId, options);
          setAnswers((n) => n + 1);
        },
        (error: unknown) => {
          if (!signIn.handle(error, () => start(options))) setNotice(errorMessage(error));
        },
      );
    },
    [api, connectionId, signIn],
  );

  const ofConnection = jobs.filter((job) => job.kind === 'sync' && job.connectionId === connectionId);
  const running = ofConnection.find((job) => job.state === 'running') ?? null;
  const last = ofConnection[0] ?? null;
  const failed = !running && last?.state === 'failed' && last.error && !dismissed.has(last.id) ? last : null;
  const finished = !running && last?.state === 'succeeded' && (last.finishedAt ?? '') >= openedAt.current && !dismissed.has(last.id) ? last : null;

  const failedId = failed?.id;
  const failedError = failed?.error;
  useEffect(() => {
    if (!failedId || !failedError) return;
    const options = started.current.get(failedId);
    if (!options || !needsSignIn(new ApiError(failedError))) return;
    started.current.delete(failedId);
    signIn.request(() => start(options));
  }, [failedId, failedError, signIn, start, answers]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 8000);
    return () => clearTimeout(timer);
  }, [notice]);

  const finishedId = finished?.id;
  useEffect(() => {
    if (!finishedId) return;
    const timer = setTimeout(() => setDismissed((current) => new Set([...current, finishedId])), 15_000);
    return () => clearTimeout(timer);
  }, [finishedId]);

  const dismiss = useCallback((jobId: string) => setDismissed((current) => new Set([...current, jobId])), []);

  return { running, failed, finished, start, dismiss, notice };
}
