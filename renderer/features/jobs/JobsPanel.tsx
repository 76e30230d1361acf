import type { Job } from '../../../shared/contract/jobs.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { formatBytes, formatCount } from '../../app/format.ts';
import { useJobs } from './jobs-context.tsx';
import { revealLabel } from '../../../shared/commands.ts';

function JobRow({ job, shell, platform }: { job: Job; shell: 'desktop' | 'web'; platform: string }) {
  const { cancel, dismiss, deliver } = useJobs();
  const { done, total, unit } = job.progress;
  return (
    <li className={`job job-${job.state}`} data-testid="job" data-job-kind={job.kind} data-job-state={job.state}>
      <div className="job-title">
        <span>{job.title}</span>
        <span className={`job-state job-state-${job.state}`}>{job.state === 'running' ? (total ? `${Math.round((done / total) * 100)}%` : '…') : job.state}</span>
      </div>
      {job.state === 'running' ? <ProgressBar done={done} total={total} label={job.title} /> : null}
      {job.state === 'running' && unit === 'bytes' && total ? (
        <div className="job-bytes muted" data-testid="job-bytes">
          {formatBytes(done)} of {formatBytes(total)}
        </div>
      ) : null}
      <div className="job-message muted">
        {job.state === 'failed' && job.error ? job.error.message : job.state === 'running' ? job.message : describeResult(job, unit)}
      </div>
      {job.state === 'succeeded' && job.result?.kind === 'file' && job.result.notes.length > 0 ? (
        <ul className="job-notes" data-testid="job-notes">
          {job.result.notes.map((note) => (
            <li key={note}>{note}.</li>
          ))}
        </ul>
      ) : null}
      <div className="job-actions">
        {job.state === 'running' ? (
          <button type="button" className="btn" onClick={() => cancel(job.id)}>
            Cancel
          </button>
        ) : null}
        {job.state === 'succeeded' && job.result?.kind === 'file' ? (
          shell === 'web' ? (
            <button type="button" className="btn" onClick={() => void deliver(job.id, 'download')}>
              Download
            </button>
          ) : (
            <>
              <button type="button" className="btn" onClick={() => void deliver(job.id, 'reveal')}>
                {revealLabel(platform)}
              </button>
              <button type="button" className="btn" onClick={() => void deliver(job.id, 'open')}>
                Open
              </button>
            </>
          )
        ) : null}
        {job.state !== 'running' ? (
          <button type="button" className="btn btn-link" onClick={() => dismiss(job.id)}>
            Dismiss
          </button>
        ) : null}
      </div>
    </li>
  );
}

function describeResult(job: Job, unit: string): string {
  const result = job.result;
  if (job.state === 'cancelled') return 'Cancelled; nothing was changed.';
  if (!result) return job.message;
  if (result.kind === 'sync') {
    const change = result.mode === 'full' ? 'full download' : `${formatCount(result.fetched)} changed, ${formatCount(result.deleted)} deleted`;
    const skipped = result.skipped.length > 0 ? ` ${result.skipped.length} dataset${result.skipped.length === 1 ? '' : 's'} skipped: ${result.skipped.map((s) => s.name).join(', ')}.` : '';
    return `${formatCount(result.records)} records (${formatCount(result.rows)} rows × ${result.columns} columns) in the offline cache; ${change}.${skipped}`;
  }
  switch (result.kind) {
    case 'preflight': {
      const problems = result.problems === 0 ? 'no problems' : `${formatCount(result.problems)} problem${result.problems === 1 ? '' : 's'}`;
      const verdict = result.uploadable ? 'ready to upload' : 'fix the file before uploading';
      return `${formatCount(result.rows)} notes checked; ${problems}; ${verdict}.${result.fixedStageId ? ' A corrected copy was written.' : ''}`;
    }
    case 'brim-task': {
      const state = brimStateWords[result.state];
      const child = result.childTaskId ? ` Generation started (task ${result.childTaskId}).` : '';
      const said = result.message && result.message.trim().toLowerCase() !== state ? ` — ${result.message}` : '';
      return `Brim task ${result.taskId}: ${state}${said}.${child}`;
    }
    case 'import-plan': {
      const verdict = result.errors > 0 ? `${formatCount(result.errors)} error${result.errors === 1 ? '' : 's'} to fix before importing` : `${formatCount(result.rowsToSend)} row${result.rowsToSend === 1 ? '' : 's'} to send`;
      return `${formatCount(result.rowsRead)} rows read and checked; ${verdict}.`;
    }
    case 'import':
      return importWords(result.state, result.confirmedRows, result.rows);
    case 'brim-results':
      return `${formatCount(result.rows)} rows cached as ${result.dataset} · ${formatBytes(result.bytes)}`;
    case 'file': {
      const beside = result.companions.length > 0 ? ` · with ${result.companions.join(', ')} beside it` : '';
      return `${result.fileName} · ${formatCount(result.rows)} ${unit} · ${formatBytes(result.bytes)}${beside}`;
    }
  }
}

/** How an import (or undo) ended, with what REDCap confirmed. */
function importWords(state: 'ready' | 'running' | 'interrupted' | 'failed' | 'done' | 'undone', confirmed: number, rows: number): string {
  const counts = `${formatCount(confirmed)} of ${formatCount(rows)} rows confirmed by REDCap`;
  switch (state) {
    case 'done':
      return `Done: ${counts}.`;
    case 'undone':
      return `Undone later; ${counts} at the time.`;
    case 'interrupted':
      return `Interrupted: ${counts}. Resume it from Imports on the project screen.`;
    case 'failed':
      return `Stopped: ${counts}. See Imports on the project screen.`;
    default:
      return `${counts}.`;
  }
}

/** Brim's task states as the user reads them. */
const brimStateWords: Record<'waiting' | 'running' | 'complete' | 'error' | 'stopped', string> = {
  waiting: 'waiting',
  running: 'running',
  complete: 'complete',
  error: 'failed',
  stopped: 'stopped',
};

export function JobsPanel({ shell, platform }: { shell: 'desktop' | 'web'; platform: string }) {
  const { jobs, panelOpen, setPanelOpen, lastError } = useJobs();
  if (!panelOpen) return null;
  return (
    <aside className="jobs-panel" aria-label="Jobs" data-testid="jobs-panel">
      <header>
        <strong>Jobs</strong>
        <button type="button" className="btn btn-link" onClick={() => setPanelOpen(false)} aria-label="Close jobs">
          ✕
        </button>
      </header>
      {lastError ? <div className="notice notice-error">{lastError}</div> : null}
      {jobs.length === 0 ? (
        <EmptyState size="inline" headingLevel={3} title="No jobs yet" testId="jobs-empty">
          <p className="muted">Syncs, exports, imports, uploads and Brim tasks you start appear here with their progress; you can keep working meanwhile.</p>
        </EmptyState>
      ) : null}
      <ul>
        {jobs.map((job) => (
          <JobRow key={job.id} job={job} shell={shell} platform={platform} />
        ))}
      </ul>
    </aside>
  );
}
