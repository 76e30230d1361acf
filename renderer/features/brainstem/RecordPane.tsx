import { useEffect, useRef, useState } from 'react';
import type { BrainstemModelSummary, BrainstemRecordView } from '../../../shared/contract/brainstem.ts';
import { formatAbsolute, formatRelative } from '../../app/format.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { DeleteRecordDialog } from './DeleteRecordDialog.tsx';
import { logModels } from './log-entries.ts';
import { LogTimeline } from './LogTimeline.tsx';
import { RecordActions } from './RecordActions.tsx';
import { RecordFields } from './RecordFields.tsx';
import { useBrainstemRecord } from './use-brainstem-record.ts';
import './record-pane.css';

export interface RecordPaneProps {
  connectionId: string;
  model: BrainstemModelSummary;
  models: BrainstemModelSummary[];
  id: string;
  onOpen: (model: string, id: string) => void;
  onEdit: () => void;
  onDeleted: () => void;
  onClose: () => void;
  onSignInNeeded: () => void;
}

function Source({ record }: { record: BrainstemRecordView }) {
  const where = record.source === 'server' ? 'from the server' : 'from the offline copy';
  if (!record.syncedAt) return <span>{where}</span>;
  return (
    <span title={formatAbsolute(record.syncedAt)}>
      {where} · {record.source === 'server' ? 'read' : 'synced'} {formatRelative(record.syncedAt)}
    </span>
  );
}

/**
 * One BrainSTEM record beside the table: its fields in the model's order with readable values, its
 * relations as links to the related records, a log's entries as a timeline, and what can be done with it
 * (refresh from the server, edit, delete, accept an invitation…). Escape closes it.
 */
export function RecordPane({ connectionId, model, models, id, onOpen, onEdit, onDeleted, onClose, onSignInNeeded }: RecordPaneProps) {
  const { record, error, loading, load, replace } = useBrainstemRecord(connectionId, model, id);
  const [deleting, setDeleting] = useState(false);
  const [gone, setGone] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setGone(null);
    heading.current?.focus({ preventScroll: true });
  }, [model.model, id]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const isLog = logModels.has(model.model);
  const canWrite = model.writable && gone === null;
  return (
    <aside className="bs-record-pane" aria-labelledby="bs-record-title" data-testid="record-pane" data-model={model.model} data-record-id={id} aria-busy={loading}>
      <header className="bs-record-header">
        <h2 id="bs-record-title" ref={heading} tabIndex={-1}>
          {record?.label ?? (loading ? 'Loading…' : id)}
        </h2>
        <span className="spacer" />
        <button type="button" className="btn btn-link" onClick={onClose} aria-label="Close record" title="Close (Escape)">
          ✕
        </button>
      </header>
      <div className="bs-record-sub muted">
        {model.label}
        {record ? (
          <>
            {' · '}
            <Source record={record} />
          </>
        ) : null}
      </div>
      <div className="bs-record-toolbar">
        <button type="button" className="btn btn-small" onClick={() => void load(true)} disabled={loading} title="Read this record from the server again">
          Refresh
        </button>
        {canWrite ? (
          <>
            <button type="button" className="btn btn-small" onClick={onEdit} disabled={!record}>
              Edit
            </button>
            <button type="button" className="btn btn-small btn-danger" onClick={() => setDeleting(true)} disabled={!record}>
              Delete
            </button>
          </>
        ) : null}
      </div>
      {gone ? (
        <div className="notice notice-ok bs-pane-notice" role="status">
          {gone}
        </div>
      ) : null}
      {error && !gone ? <ErrorNotice error={error} onRetry={() => void load(true)} /> : null}
      {record && !gone ? (
        <div className="bs-record-body">
          <RecordActions connectionId={connectionId} model={model} record={record} onRecord={replace} onGone={setGone} onSignInNeeded={onSignInNeeded} />
          {isLog ? <LogTimeline connectionId={connectionId} model={model} record={record} onChanged={(next) => (next ? replace(next) : void load(true))} onSignInNeeded={onSignInNeeded} /> : null}
          <RecordFields model={model} models={models} record={record} skip={isLog ? ['entries'] : []} onOpen={onOpen} />
        </div>
      ) : null}
      {deleting && record ? (
        <DeleteRecordDialog
          connectionId={connectionId}
          model={model}
          id={id}
          label={record.label}
          onCancel={() => setDeleting(false)}
          onDeleted={() => {
            setDeleting(false);
            onDeleted();
          }}
          onSignInNeeded={onSignInNeeded}
        />
      ) : null}
    </aside>
  );
}
