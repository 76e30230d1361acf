import { useRef, useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.ts';
import { ApiError } from '../../api/client.ts';
import { formatBytes } from '../../app/format.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useFileDrop } from '../../components/use-file-drop.ts';
import { extraMessage, taskStateLabels } from './task-display.ts';
import { useJob } from './use-job.ts';

export interface FileTaskUploadProps {
  title: string;
  testId: string;
  accept: string;
  /** What the file holds and what Brim does with it. */
  children: ReactNode;
  /** Extra fields (a description) shown above the button. */
  fields?: ReactNode;
  start: (stageId: string) => Promise<{ jobId: string }>;
}

/**
 * A file that goes to Brim as it is (structured data, a reference document): drop or choose it, it is
 * staged and sent, and Brim's task is followed; the outcome stays until the next file.
 */
export function FileTaskUpload({ title, testId, accept, children, fields, start }: FileTaskUploadProps) {
  const api = useApi();
  const picker = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [staging, setStaging] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const job = useJob(jobId);
  const running = staging || job?.state === 'running';

  const send = (file: File): void => {
    setFileName(file.name);
    setJobId(null);
    setError(null);
    setStaging(true);
    void (async () => {
      try {
        const staged = await api.stageFile(file);
        setJobId((await start(staged.stageId)).jobId);
      } catch (e) {
        setError(e);
      } finally {
        setStaging(false);
      }
    })();
  };
  const drop = useFileDrop((files) => send(files[0]!), running);
  const result = job?.result?.kind === 'brim-task' ? job.result : null;
  const failed = job?.state === 'failed' ? new ApiError(job.error ?? { code: 'INTERNAL', message: job.message, retryable: true }) : null;

  return (
    <section className={`brim-card brim-small-drop${drop.over ? ' brim-drop-over' : ''}`} data-testid={testId} {...drop.props}>
      <h3>{title}</h3>
      <div className="muted brim-card-text">{children}</div>
      {fields}
      <div className="brim-actions">
        <button type="button" className="btn" disabled={running} onClick={() => picker.current?.click()}>
          Choose file…
        </button>
        <span className="muted">or drop it here</span>
        <input
          ref={picker}
          type="file"
          accept={accept}
          hidden
          data-testid={`${testId}-input`}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) send(file);
          }}
        />
      </div>
      {running ? (
        <div className="brim-progress" role="status">
          <ProgressBar done={job?.progress.done ?? 0} total={job?.progress.total ?? null} label={`Uploading ${fileName ?? ''}`} />
          <span className="muted">
            {job && job.progress.unit === 'bytes' && job.progress.total ? `Sending ${formatBytes(job.progress.done)} of ${formatBytes(job.progress.total)}` : (job?.message ?? `Reading ${fileName}…`)}
          </span>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} service="brim" /> : null}
      {failed ? <ErrorNotice error={failed} service="brim" /> : null}
      {job?.state === 'succeeded' ? (
        <div className={`notice ${result?.state === 'error' || result?.state === 'stopped' ? 'notice-warning' : 'notice-ok'}`} role="status" data-testid={`${testId}-outcome`}>
          Uploaded {fileName}. {result ? `Brim's task: ${taskStateLabels[result.state]}${extraMessage(result.message, result.state) ? ` — ${result.message}` : ''}.` : job.message}
        </div>
      ) : null}
    </section>
  );
}
