import { useEffect, useState } from 'react';
import type { BrimTask } from '../../../shared/contract/brim.ts';
import type { DatasetSummary, ValueMode } from '../../../shared/contract/datasets.ts';
import { useApi } from '../../api/api-context.ts';
import { ApiError } from '../../api/client.ts';
import { formatAbsolute, formatRelative } from '../../app/format.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { SendToRedcapDialog } from '../brim-redcap/SendToRedcapDialog.tsx';
import { useJobs } from '../jobs/jobs-context.tsx';
import { DatasetPane } from '../project/DatasetPane.tsx';
import type { ExportScope } from '../project/ExportDialog.tsx';
import { shortTaskId, taskKindLabels } from './task-display.ts';
import { useJob } from './use-job.ts';

type ResultKind = 'patient' | 'detailed';
const datasetOf: Record<ResultKind, string> = { patient: 'brim_patient', detailed: 'brim_detailed' };
const kindLabels: Record<ResultKind, string> = { patient: 'Patient-level', detailed: 'Detailed labels' };

export interface ResultsPaneProps {
  connectionId: string;
  datasets: DatasetSummary[];
  version: number;
  now: number;
  /** The task chosen in the history: results can be fetched for it alone. */
  task: BrimTask | null;
  onClearTask: () => void;
  onScope: (scope: ExportScope | null) => void;
}

/**
 * Brim's results: fetch an export (patient-level or detailed, with or without empty values, for the
 * whole project or the chosen task) and browse the cached table like any other, offline included.
 */
export function ResultsPane({ connectionId, datasets, version, now, task, onClearTask, onScope }: ResultsPaneProps) {
  const api = useApi();
  const { cancel } = useJobs();
  const [shown, setShown] = useState<ResultKind>('patient');
  const [includeNulls, setIncludeNulls] = useState(true);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [mode, setMode] = useState<ValueMode>('raw');
  const [sending, setSending] = useState(false);
  const job = useJob(jobId);
  const fetching = job?.state === 'running';
  const cached = (kind: ResultKind) => datasets.find((d) => d.name === datasetOf[kind] && d.lastSyncedAt !== null) ?? null;
  const current = cached(shown);

  // A finished export shows its table.
  const finished = job?.state === 'succeeded' && job.result?.kind === 'brim-results' ? job.result.dataset : null;
  useEffect(() => {
    if (finished === datasetOf.patient) setShown('patient');
    else if (finished === datasetOf.detailed) setShown('detailed');
  }, [finished]);
  useEffect(() => {
    if (!current) onScope(null);
  }, [current, onScope]);

  const fetchResults = async (kind: ResultKind): Promise<void> => {
    setError(null);
    setShown(kind);
    try {
      const { jobId: started } = await api.call('brim.fetchResults', {
        connectionId,
        kind,
        includeNulls,
        scope: task ? { type: 'task', taskId: task.taskId } : { type: 'project' },
      });
      setJobId(started);
    } catch (e) {
      setError(e);
    }
  };
  const failed = job?.state === 'failed' ? new ApiError(job.error ?? { code: 'INTERNAL', message: job.message, retryable: true }) : null;

  return (
    <section className="brim-results" aria-label="Results" data-testid="brim-results">
      <div className="toolbar brim-results-toolbar">
        <h2>Results</h2>
        <div className="segmented" role="group" aria-label="Results table">
          {(['patient', 'detailed'] as const).map((kind) => (
            <button key={kind} type="button" aria-pressed={shown === kind} onClick={() => setShown(kind)}>
              {kindLabels[kind]}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <span className="muted brim-scope" data-testid="brim-results-scope">
          {task ? (
            <>
              For {taskKindLabels[task.kind].toLowerCase()} <span className="mono">{shortTaskId(task.taskId)}</span>{' '}
              <button type="button" className="btn btn-link" onClick={onClearTask}>
                Whole project
              </button>
            </>
          ) : (
            'Whole project'
          )}
        </span>
        <label className="brim-check">
          <input type="checkbox" checked={includeNulls} onChange={(e) => setIncludeNulls(e.target.checked)} />
          Include empty values
        </label>
        <button type="button" className="btn btn-primary" disabled={fetching} onClick={() => void fetchResults(shown)} data-testid="brim-fetch">
          {shown === 'patient' ? 'Fetch patient-level' : 'Fetch detailed'}
        </button>
        <button type="button" className="btn" disabled={!cached('patient') && !cached('detailed')} title="Map Brim variables to REDCap fields and import them" onClick={() => setSending(true)} data-testid="brim-send-redcap">
          Send to REDCap…
        </button>
      </div>
      {sending ? <SendToRedcapDialog brimConnectionId={connectionId} available={{ patient: cached('patient') !== null, detailed: cached('detailed') !== null }} onClose={() => setSending(false)} /> : null}
      {fetching && job ? (
        <div className="sync-strip" role="status" data-testid="brim-results-progress">
          <ProgressBar done={job.progress.done} total={job.progress.total} label="Fetching results" />
          <span className="muted">{job.message}</span>
          <button type="button" className="btn btn-link" onClick={() => cancel(job.id)}>
            Cancel
          </button>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} service="brim" /> : null}
      {failed ? <ErrorNotice error={failed} service="brim" onRetry={() => void fetchResults(shown)} /> : null}
      {current ? (
        <DatasetPane
          key={current.name}
          connectionId={connectionId}
          dataset={current.name}
          title={current.title}
          mode={mode}
          onModeChange={setMode}
          version={version}
          onScope={onScope}
          emptyText="Brim's export had no rows."
          toolbar={
            current.lastSyncedAt ? (
              <span className="muted" data-testid="brim-results-fetched" title={formatAbsolute(current.lastSyncedAt)}>
                Fetched {formatRelative(current.lastSyncedAt, now)}
              </span>
            ) : null
          }
        />
      ) : (
        <EmptyState className="brim-results-empty" title={`No ${kindLabels[shown].toLowerCase()} results on this computer yet`}>
          <p>
            {shown === 'patient'
              ? 'The patient-level export has one row per patient and a column per patient-level variable.'
              : 'The detailed export has one row per label, with the note it came from, the evidence text and the confidence.'}{' '}
            Fetch it once generation is complete; Carrel keeps it for offline use.
          </p>
        </EmptyState>
      )}
    </section>
  );
}
