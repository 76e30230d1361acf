// What the fault matrix needs from each operation: a fresh setup, the job under test, a check that the
// cache and the server hold exactly what a clean run leaves, and a recovery after a failure.

import type { Job } from '../../shared/contract/jobs.ts';
import type { FaultSwitch } from './fault-vocabulary.ts';

export type Service = 'redcap' | 'brainstem' | 'brim';

/** How a job (or a plain call, such as a record-file upload) ended, as the window sees it. */
export interface Outcome {
  state: Job['state'];
  error: { code: string; message: string } | null;
  job?: Job;
}

export function jobOutcome(job: Job): Outcome {
  return { state: job.state, error: job.error === null ? null : { code: job.error.code, message: job.error.message }, job };
}

export interface OperationRun {
  /** The fault switch of the sandbox the operation talks to. */
  faults: FaultSwitch;
  /** Requests the sandbox has answered (or refused) so far, on the paths faults apply to. */
  requests(): number;
  /** The run's own user-data folder (its caches are integrity-checked). */
  userDataDir: string;
  /** Starts the job as the window does and waits for it to settle. */
  perform(): Promise<Outcome>;
  /** Throws unless the server and the cache hold exactly what a clean run leaves (nothing lost or doubled). */
  verify(outcome: Outcome): Promise<void>;
  /**
   * After a failed job and with the faults cleared: what the user does next (resume the import, sync or
   * upload again); returns that job. Its success must leave the same state as a clean run.
   */
  recover(failed: Outcome): Promise<Outcome>;
  close(): Promise<void>;
}

export interface Operation {
  name: string;
  service: Service;
  /** A fresh sandbox and core, ready for `perform` (setup requests are not counted as fault points). */
  setup(): Promise<OperationRun>;
}

/** A failure message the user can act on: it says what happened and what to do. */
export const ACTIONABLE = /try again|resume|retry|sign in|check|settings|again|later|contact|reconnect|upload it|ask/i;
