import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportPlanSummary } from '../../../shared/contract/imports.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import { useApi } from '../../api/api-context.ts';
import { ApiError } from '../../api/client.ts';
import { useJobs } from '../jobs/jobs-context.tsx';

export type ImportOptions = ImportPlanSummary['options'];

/**
 * A CSV into the project's records, step by step: staged → planned (a job in main) → reviewed (options
 * and mapping replan) → imported (a journaled job) → done. Main holds the plan; this remembers its id,
 * the summary it gave, and which job is ours.
 */
export type ImportStep =
  | { step: 'idle' }
  | { step: 'staging'; fileName: string }
  | { step: 'planning'; fileName: string; jobId: string; previous: ImportPlanSummary | null }
  | { step: 'review'; summary: ImportPlanSummary }
  | { step: 'importing'; summary: ImportPlanSummary; jobId: string; importId: string }
  | { step: 'done'; summary: ImportPlanSummary; job: Job; importId: string };

export interface ImportFlow {
  state: ImportStep;
  /** The running plan or import job, for its progress. */
  job: Job | null;
  error: unknown;
  choose(file: File): void;
  /** Follows a plan job started elsewhere (Brim results sent to REDCap) as if a file had been chosen. */
  adopt(jobId: string, fileName: string): void;
  replan(options: ImportOptions): void;
  start(): void;
  /** Forgets the plan (when it was never imported) and goes back to the start. */
  discard(): void;
}

function failure(job: Job): ApiError {
  return new ApiError(job.error ?? { code: 'INTERNAL', message: `${job.title} stopped: ${job.message}`, retryable: true });
}

/** `model`: a BrainSTEM connection's model the rows create or update (REDCap imports have none). */
export function useImportFlow(connectionId: string, model?: string): ImportFlow {
  const api = useApi();
  const { jobs } = useJobs();
  const [state, setState] = useState<ImportStep>({ step: 'idle' });
  const [error, setError] = useState<unknown>(null);
  const jobId = state.step === 'planning' || state.step === 'importing' ? state.jobId : null;
  const job = jobId === null ? null : (jobs.find((j) => j.id === jobId) ?? null);
  // Another file or a discard while a call is under way must not let the late answer take over.
  const generation = useRef(0);
  // The same finished job can arrive again (a reload of the jobs list); act on its end once.
  const handled = useRef(new Set<string>());

  const choose = useCallback(
    (file: File) => {
      const run = ++generation.current;
      setError(null);
      setState({ step: 'staging', fileName: file.name });
      void (async () => {
        try {
          const staged = await api.stageFile(file);
          if (run !== generation.current) return;
          const options = { dateFormat: 'YMD', labelsToCodes: false, overwrite: false } as const;
          const { jobId: started } = await api.call('imports.plan', { connectionId, stageId: staged.stageId, options, ...(model ? { model } : {}) });
          if (run === generation.current) setState({ step: 'planning', fileName: staged.fileName, jobId: started, previous: null });
        } catch (e) {
          if (run !== generation.current) return;
          setError(e);
          setState({ step: 'idle' });
        }
      })();
    },
    [api, connectionId, model],
  );

  const adopt = useCallback((started: string, fileName: string) => {
    generation.current += 1;
    setError(null);
    setState({ step: 'planning', fileName, jobId: started, previous: null });
  }, []);

  const replan = useCallback(
    (options: ImportOptions) => {
      if (state.step !== 'review') return;
      const run = ++generation.current;
      const previous = state.summary;
      setError(null);
      api.call('imports.replan', { planId: previous.planId, options }).then(
        ({ jobId: started }) => run === generation.current && setState({ step: 'planning', fileName: previous.fileName, jobId: started, previous }),
        (e: unknown) => run === generation.current && setError(e),
      );
    },
    [api, state],
  );

  const start = useCallback(() => {
    if (state.step !== 'review') return;
    const run = ++generation.current;
    const summary = state.summary;
    setError(null);
    api.call('imports.start', { planId: summary.planId }).then(
      ({ jobId: started, importId }) => run === generation.current && setState({ step: 'importing', summary, jobId: started, importId }),
      (e: unknown) => run === generation.current && setError(e),
    );
  }, [api, state]);

  const discard = useCallback(() => {
    generation.current += 1;
    const planId = state.step === 'review' ? state.summary.planId : state.step === 'planning' ? (state.previous?.planId ?? null) : null;
    if (planId) void api.call('imports.discardPlan', { planId }).catch(() => undefined);
    setError(null);
    setState({ step: 'idle' });
  }, [api, state]);

  // A finished job moves the flow on: a plan to its summary, an import to its outcome.
  const jobState = job?.state;
  useEffect(() => {
    if (!job || jobState === 'running' || handled.current.has(job.id)) return;
    if (state.step === 'planning' && job.id === state.jobId) {
      handled.current.add(job.id);
      const run = generation.current;
      const back = (): void => setState(state.previous ? { step: 'review', summary: state.previous } : { step: 'idle' });
      if (jobState !== 'succeeded' || job.result?.kind !== 'import-plan') {
        setError(jobState === 'cancelled' ? null : failure(job));
        back();
        return;
      }
      api.call('imports.planSummary', { planId: job.result.planId }).then(
        (summary) => run === generation.current && setState({ step: 'review', summary }),
        (e: unknown) => {
          if (run !== generation.current) return;
          setError(e);
          back();
        },
      );
    } else if (state.step === 'importing' && job.id === state.jobId) {
      handled.current.add(job.id);
      if (jobState === 'failed') setError(failure(job));
      setState({ step: 'done', summary: state.summary, job, importId: state.importId });
    }
  }, [api, job, jobState, state]);

  return { state, job, error, choose, adopt, replan, start, discard };
}
