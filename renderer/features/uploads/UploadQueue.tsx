import { formatBytes } from '../../app/format.ts';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { summaryText, type UploadItem, type UploadState } from './upload-queue.ts';
import type { UploadQueueHandle } from './use-upload-queue.ts';
import './uploads.css';

const stateLabels: Record<UploadState, string> = {
  waiting: 'Waiting',
  staging: 'Reading',
  sending: 'Sending',
  done: 'Uploaded',
  failed: 'Failed',
  skipped: 'Skipped',
};

function ItemRow({ item, onRetry }: { item: UploadItem<File>; onRetry: () => void }) {
  const moving = item.state === 'staging' || item.state === 'sending';
  return (
    <li className={`upq-item upq-${item.state}`} data-name={item.file.name} data-state={item.state}>
      <span className="upq-name" title={item.file.name}>
        {item.file.name}
      </span>
      <span className="upq-size muted">{formatBytes(item.file.size)}</span>
      <span className="upq-state">{stateLabels[item.state]}</span>
      <span className="upq-detail">
        {moving ? <ProgressBar done={item.progress.done} total={item.progress.total} label={`${stateLabels[item.state]} ${item.file.name}`} /> : null}
        {item.message ? <span className={item.state === 'failed' ? 'upq-error' : 'muted'}>{item.message}</span> : null}
      </span>
      <span className="upq-actions">
        {item.state === 'failed' ? (
          <button type="button" className="btn btn-small" onClick={onRetry} aria-label={`Retry ${item.file.name}`}>
            Retry
          </button>
        ) : null}
      </span>
    </li>
  );
}

/** The files of the current drops, one line each, with the summary that stays until dismissed. */
export function UploadQueue({ queue, title }: { queue: UploadQueueHandle; title: string }) {
  if (queue.items.length === 0) return null;
  const { summary } = queue;
  const waiting = queue.items.some((item) => item.state === 'waiting');
  return (
    <section className="upq" aria-label={title} data-testid="upload-queue">
      <div className="upq-head">
        <strong>{title}</strong>
        <span role="status" aria-live="polite" data-testid="upload-summary">
          {summaryText(summary)}
        </span>
        <span className="spacer" />
        {summary.failed > 1 ? (
          <button type="button" className="btn btn-small" onClick={queue.retryFailed}>
            Retry all failed
          </button>
        ) : null}
        {waiting ? (
          <button type="button" className="btn btn-small" onClick={queue.cancelWaiting}>
            Cancel waiting
          </button>
        ) : null}
        {summary.active === 0 ? (
          <button type="button" className="btn btn-small" onClick={queue.dismiss}>
            Dismiss
          </button>
        ) : null}
      </div>
      <ul className="upq-list">
        {queue.items.map((item) => (
          <ItemRow key={item.id} item={item} onRetry={() => queue.retry(item.id)} />
        ))}
      </ul>
    </section>
  );
}
