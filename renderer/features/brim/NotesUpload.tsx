import { useState, type RefObject } from 'react';
import { formatBytes, primaryKeyName } from '../../app/format.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useFileDrop } from '../../components/use-file-drop.ts';
import { useJobs } from '../jobs/jobs-context.tsx';
import { PreflightReport } from './PreflightReport.tsx';
import { extraMessage, taskStateLabels } from './task-display.ts';
import type { NotesFlow } from './use-notes-flow.ts';

export interface NotesUploadProps {
  flow: NotesFlow;
  /** The hidden file input, so that the screen's shortcut can open the picker. */
  picker: RefObject<HTMLInputElement | null>;
}

/** The running job's progress in words: bytes while sending, then what Brim says about its task. */
function progressText(done: number, total: number | null, unit: string, message: string): string {
  if (unit === 'bytes' && total) return `Sending ${formatBytes(done)} of ${formatBytes(total)}`;
  return message;
}

/**
 * Notes CSV to Brim: drop (or choose) a file → pre-flight at once → the report → optionally a corrected
 * copy → Upload, optionally generating labels afterwards, with the bytes sent and then Brim's task.
 */
export function NotesUpload({ flow, picker }: NotesUploadProps) {
  const { cancel } = useJobs();
  const [generate, setGenerate] = useState(false);
  const { state, job } = flow;
  const busy = flow.busy;
  const drop = useFileDrop((files) => flow.choose(files[0]!), busy);
  const report = state.step === 'report' || state.step === 'uploading' || state.step === 'done' ? state.report : null;
  const problems = report ? Object.values(report.counts).reduce((sum, n) => sum + n, 0) : 0;
  const needsFix = report !== null && problems > 0 && report.fixable && report.fixedStageId === null;
  const outcome = state.step === 'done' ? state.job : null;
  const result = outcome?.result?.kind === 'brim-task' ? outcome.result : null;

  return (
    <section className="brim-card brim-notes" aria-labelledby="brim-notes-title" data-testid="brim-notes" data-step={state.step}>
      <h2 id="brim-notes-title">Upload notes</h2>
      <div className={`brim-drop${drop.over ? ' brim-drop-over' : ''}${busy ? ' brim-drop-busy' : ''}`} {...drop.props} data-testid="brim-drop">
        <p>
          <strong>Drop a notes CSV anywhere on this screen</strong> or{' '}
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => picker.current?.click()} title={`Choose a notes CSV (${primaryKeyName}+O)`}>
            Choose file…
          </button>
        </p>
        <p className="muted">Columns NOTE_ID, PERSON_ID, NOTE_DATETIME, NOTE_TEXT, NOTE_TITLE. Carrel checks the file before anything is sent.</p>
        <input
          ref={picker}
          type="file"
          accept=".csv,text/csv"
          hidden
          data-testid="brim-notes-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file && !busy) flow.choose(file);
          }}
        />
      </div>

      {state.step === 'staging' ? (
        <div className="brim-progress" role="status">
          <ProgressBar done={0} total={null} label="Reading the file" />
          <span className="muted">Reading {state.fileName}…</span>
        </div>
      ) : null}
      {state.step === 'checking' ? (
        <div className="brim-progress" role="status" data-testid="brim-preflight-progress">
          <ProgressBar done={job?.progress.done ?? 0} total={job?.progress.total ?? null} label="Pre-flight check" />
          <span className="muted">{state.fixing ? 'Writing a corrected copy of' : 'Checking'} {state.fileName}…</span>
          {job ? (
            <button type="button" className="btn btn-link" onClick={() => cancel(job.id)}>
              Cancel
            </button>
          ) : null}
        </div>
      ) : null}

      {flow.error ? <ErrorNotice error={flow.error} service="brim" /> : null}
      {state.step === 'report' ? <PreflightReport report={state.report} jobId={state.jobId} /> : null}

      {state.step === 'report' && report ? (
        <div className="brim-actions">
          {needsFix ? (
            <button type="button" className="btn btn-primary" onClick={flow.writeFixedCopy}>
              Write a corrected copy
            </button>
          ) : null}
          <label className="brim-check">
            <input type="checkbox" checked={generate} onChange={(e) => setGenerate(e.target.checked)} disabled={!report.uploadable} />
            Generate labels after upload
          </label>
          <button type="button" className={`btn${needsFix ? '' : ' btn-primary'}`} disabled={!report.uploadable} onClick={() => flow.upload(generate)} data-testid="brim-upload">
            {report.fixedStageId ? 'Upload the corrected copy' : needsFix ? 'Upload as it is' : 'Upload to Brim'}
          </button>
          <span className="spacer" />
          <button type="button" className="btn btn-link" onClick={flow.reset}>
            Choose another file
          </button>
        </div>
      ) : null}

      {state.step === 'uploading' ? (
        <div className="brim-progress" role="status" data-testid="brim-upload-progress">
          <ProgressBar done={job?.progress.done ?? 0} total={job?.progress.total ?? null} label={`Uploading ${state.fileName}`} />
          <span className="muted">{job ? progressText(job.progress.done, job.progress.total, job.progress.unit, job.message) : `Uploading ${state.fileName}…`}</span>
          {job ? (
            <button type="button" className="btn btn-link" onClick={() => cancel(job.id)}>
              Cancel
            </button>
          ) : null}
        </div>
      ) : null}

      {state.step === 'done' && outcome ? (
        <div className="brim-outcome" data-testid="brim-upload-outcome" data-state={outcome.state}>
          {outcome.state === 'succeeded' ? (
            <div className={`notice ${result && result.state !== 'complete' && result.state !== 'running' && result.state !== 'waiting' ? 'notice-warning' : 'notice-ok'}`} role="status">
              <div>
                <strong>Uploaded {state.fileName}.</strong>{' '}
                {result ? `Brim's upload task: ${taskStateLabels[result.state]}${extraMessage(result.message, result.state) ? ` — ${result.message}` : ''}.` : outcome.message}
                {result?.childTaskId ? ' Label generation has started; follow it in the history.' : ''}
              </div>
            </div>
          ) : outcome.state === 'cancelled' ? (
            <div className="notice notice-info" role="status">
              Upload cancelled.
            </div>
          ) : null}
          <div className="brim-actions">
            {outcome.state !== 'succeeded' ? (
              <button type="button" className="btn btn-primary" onClick={() => flow.upload(generate)}>
                Upload again
              </button>
            ) : null}
            <button type="button" className="btn" onClick={flow.reset}>
              Upload another file
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
