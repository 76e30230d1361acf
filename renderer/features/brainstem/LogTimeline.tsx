import { useState } from 'react';
import type { BrainstemModelSummary, BrainstemRecordView } from '../../../shared/contract/brainstem.ts';
import { useApi } from '../../api/api-context.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { needsSignIn } from './sign-in-error.ts';
import { entryDraft, entryInput, isIntervalLog, logEntries, type LogEntry } from './log-entries.ts';
import { LogEntryForm } from './LogEntryForm.tsx';
import { formatMoment } from './record-display.ts';

export interface LogTimelineProps {
  connectionId: string;
  model: BrainstemModelSummary;
  record: BrainstemRecordView;
  /** The server answered with the log as it now is. */
  onChanged: (record: BrainstemRecordView | null) => void;
  onSignInNeeded: () => void;
}

/** A flat details object (`{weight: 23.4}`) reads best as "weight 23.4"; anything deeper stays JSON. */
function EntryDetails({ details }: { details: unknown }) {
  if (details === null || typeof details !== 'object' || Object.keys(details).length === 0) return null;
  const pairs = Array.isArray(details) ? null : Object.entries(details as Record<string, unknown>);
  if (pairs && pairs.every(([, value]) => value === null || ['string', 'number', 'boolean'].includes(typeof value))) {
    return (
      <dl className="bs-entry-details">
        {pairs.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{value === null ? '—' : String(value)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return <pre className="bs-json-view mono">{JSON.stringify(details, null, 2)}</pre>;
}

function EntryTime({ entry }: { entry: LogEntry }) {
  if (entry.keyName === 'date_time') return <time dateTime={entry.key}>{formatMoment(entry.key)}</time>;
  return (
    <>
      <time dateTime={entry.key}>{formatMoment(entry.key)}</time>
      {' – '}
      {entry.end ? <time dateTime={entry.end}>{formatMoment(entry.end)}</time> : <span className="muted">ongoing</span>}
    </>
  );
}

/**
 * The entries of a subject log or procedure log as a timeline, newest first; interval entries show their
 * span. Entries are added, changed and removed through the log's entry actions, one at a time.
 */
export function LogTimeline({ connectionId, model, record, onChanged, onSignInNeeded }: LogTimelineProps) {
  const api = useApi();
  const entries = logEntries(record.values.entries);
  const interval = isIntervalLog(model.model, record.values.type, entries);
  // 'new', an entry key being changed, or null.
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const writable = model.writable;

  const done = (next: BrainstemRecordView | null): void => {
    setEditing(null);
    setRemoving(null);
    setError(null);
    onChanged(next);
  };

  const remove = async (entry: LogEntry): Promise<void> => {
    const built = entryInput('remove', entryDraft(entry), entry.keyName === 'start_date_time', entry);
    if ('errors' in built) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('brainstem.logEntry', { connectionId, model: model.model, id: record.id, change: 'remove', entry: built.entry });
      done(result.record);
    } catch (e) {
      if (needsSignIn(e)) onSignInNeeded();
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="bs-timeline" aria-labelledby="bs-timeline-title" data-testid="log-timeline">
      <header className="bs-section-head">
        <h3 id="bs-timeline-title">Entries</h3>
        <span className="muted">{entries.length === 0 ? 'none yet' : `${entries.length}, newest first`}</span>
        <span className="spacer" />
        {writable && editing !== 'new' ? (
          <button type="button" className="btn btn-small" onClick={() => setEditing('new')}>
            Add entry
          </button>
        ) : null}
      </header>
      {editing === 'new' ? <LogEntryForm connectionId={connectionId} model={model} recordId={record.id} interval={interval} existing={null} onDone={done} onCancel={() => setEditing(null)} onSignInNeeded={onSignInNeeded} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {entries.length === 0 && editing !== 'new' ? <p className="muted bs-timeline-empty">No entries in this log yet.</p> : null}
      <ol className="bs-timeline-list">
        {entries.map((entry) => (
          <li key={entry.key} className="bs-entry" data-entry={entry.key}>
            <div className="bs-entry-head">
              <span className="bs-entry-time">
                <EntryTime entry={entry} />
              </span>
              <span className="spacer" />
              {writable && editing !== entry.key && removing !== entry.key ? (
                <>
                  <button type="button" className="btn btn-link btn-small" onClick={() => setEditing(entry.key)} aria-label={`Change the entry of ${formatMoment(entry.key)}`}>
                    Change
                  </button>
                  <button type="button" className="btn btn-link btn-small btn-danger" onClick={() => setRemoving(entry.key)} aria-label={`Remove the entry of ${formatMoment(entry.key)}`}>
                    Remove
                  </button>
                </>
              ) : null}
            </div>
            {editing === entry.key ? (
              <LogEntryForm connectionId={connectionId} model={model} recordId={record.id} interval={entry.keyName === 'start_date_time'} existing={entry} onDone={done} onCancel={() => setEditing(null)} onSignInNeeded={onSignInNeeded} />
            ) : (
              <>
                {entry.notes ? <p className="bs-entry-notes">{entry.notes}</p> : null}
                <EntryDetails details={entry.details} />
              </>
            )}
            {removing === entry.key ? (
              <div className="bs-inline-confirm" role="group" aria-label="Confirm removal">
                <span>Remove this entry from the log?</span>
                <span className="spacer" />
                <button type="button" className="btn btn-small" onClick={() => setRemoving(null)} disabled={busy} autoFocus>
                  Keep it
                </button>
                <button type="button" className="btn btn-small btn-danger-solid" onClick={() => void remove(entry)} disabled={busy}>
                  {busy ? 'Removing…' : 'Remove entry'}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
