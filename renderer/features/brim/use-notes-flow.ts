import { useCallback, useEffect, useRef, useState } from 'react';
import type { PreflightReport } from '../../../shared/contract/brim.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import { useApi } from '../../api/api-context.ts';
import { ApiError } from '../../api/client.ts';
import { useJob } from './use-job.ts';

/**
 * The notes CSV, step by step: staged → checked (pre-flight) → report → (corrected copy) → uploaded →
 * Brim's task followed. Each long step is a job in main; this only remembers which job is ours.
 */
export type NotesStep =
  | { step: 'idle' }
  | { step: 'staging'; fileName: string }
  | { step: 'checking'; fileName: string; stageId: string; jobId: string; fixing: boolean }
  /** `jobId`: the pre-flight job whose report this is (its problems CSV is read from it). */
  | { step: 'report'; stageId: string; report: PreflightReport; jobId: string }
  | { step: 'uploading'; stageId: string; report: PreflightReport; fileName: string; jobId: string }
  | { step: 'done'; stageId: string; report: PreflightReport; fileName: string; job: Job };

export interface NotesFlow {
  state: NotesStep;
  /** The running pre-flight or upload job, for its progress. */
  job: Job | null;
  error: unknown;
  /** A file is being read, checked or sent: another one cannot start. */
  busy: boolean;
  choose(file: File): void;
  writeFixedCopy(): void;
  upload(generateAfterUpload: boolean): void;
  reset(): void;
}

function failure(job: Job): ApiError {
  return new ApiError(job.error ?? { code: 'INTERNAL', message: `${job.title} stopped: ${job.message}`, retryable: true });
}

export function useNotesFlow(connectionId: string): NotesFlow {
  const api = useApi();
  const [state, setState] = useState<NotesStep>({ step: 'idle' });
  const [error, setError] = useState<unknown>(null);
  const jobId = state.step === 'checking' || state.step === 'uploading' ? state.jobId : null;
  const job = useJob(jobId);
  // A reset (or another file) while a call is under way must not let the late answer take over.
  const generation = useRef(0);
  // Jobs whose end was acted on: the same finished job can arrive again (a reload of the jobs list).
  const handled = useRef(new Set<string>());

  const check = useCallback(
    async (stageId: string, fileName: string, fixing: boolean, run: number) => {
      const { jobId: started } = await api.call('brim.preflight', { connectionId, stageId, writeFixedCopy: fixing });
      if (run === generation.current) setState({ step: 'checking', fileName, stageId, jobId: started, fixing });
    },
    [api, connectionId],
  );

  const choose = useCallback(
    (file: File) => {
      const run = ++generation.current;
      setError(null);
      setState({ step: 'staging', fileName: file.name });
      void (async () => {
        try {
          const staged = await api.stageFile(file);
          if (run === generation.current) await check(staged.stageId, staged.fileName, false, run);
        } catch (e) {
          if (run !== generation.current) return;
          setError(e);
          setState({ step: 'idle' });
        }
      })();
    },
    [api, check],
  );

  const writeFixedCopy = useCallback(() => {
    if (state.step !== 'report') return;
    const run = ++generation.current;
    const previous = state;
    setError(null);
    check(previous.stageId, previous.report.fileName, true, run).catch((e: unknown) => {
      if (run !== generation.current) return;
      setError(e);
      setState(previous);
    });
  }, [state, check]);

  const upload = useCallback(
    (generateAfterUpload: boolean) => {
      if (state.step !== 'report' && state.step !== 'done') return;
      const run = ++generation.current;
      const { stageId, report } = state;
      // The corrected copy when there is one: the original is never sent once a fix was asked for.
      const uploadId = report.fixedStageId ?? stageId;
      const fileName = report.fixedFileName ?? report.fileName;
      setError(null);
      api.call('brim.uploadNotes', { connectionId, stageId: uploadId, generateAfterUpload }).then(
        ({ jobId: started }) => run === generation.current && setState({ step: 'uploading', stageId, report, fileName, jobId: started }),
        (e: unknown) => run === generation.current && setError(e),
      );
    },
    [api, connectionId, state],
  );

  // A finished job moves the flow on: a pre-flight to its report, an upload to its outcome.
  const jobState = job?.state;
  useEffect(() => {
    if (!job || jobState === 'running' || handled.current.has(job.id)) return;
    if (state.step === 'checking' && job.id === state.jobId) {
      handled.current.add(job.id);
      const run = generation.current;
      if (jobState !== 'succeeded') {
        setError(jobState === 'cancelled' ? null : failure(job));
        setState({ step: 'idle' });
        return;
      }
      api.call('brim.preflightReport', { jobId: job.id }).then(
        (report) => run === generation.current && setState({ step: 'report', stageId: state.stageId, report, jobId: job.id }),
        (e: unknown) => {
          if (run !== generation.current) return;
          setError(e);
          setState({ step: 'idle' });
        },
      );
    } else if (state.step === 'uploading' && job.id === state.jobId) {
      handled.current.add(job.id);
      if (jobState === 'failed') setError(failure(job));
      setState({ step: 'done', stageId: state.stageId, report: state.report, fileName: state.fileName, job });
    }
  }, [api, job, jobState, state]);

  const reset = useCallback(() => {
    generation.current += 1;
    setError(null);
    setState({ step: 'idle' });
  }, []);

  const busy = state.step === 'staging' || state.step === 'checking' || state.step === 'uploading';
  return { state, job, error, busy, choose, writeFixedCopy, upload, reset };
}
