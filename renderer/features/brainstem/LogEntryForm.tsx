import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { BrainstemModelSummary, BrainstemRecordView } from '../../../shared/contract/brainstem.ts';
import { useApi } from '../../api/api-context.ts';
import { ApiError } from '../../api/client.ts';
import { hasPrimary, primaryKeyName } from '../../app/format.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { JsonEditor } from './fields/JsonEditor.tsx';
import { formErrors, type FieldErrors } from './form-values.ts';
import { needsSignIn } from './sign-in-error.ts';
import { entryDraft, entryInput, type EntryDraft, type LogEntry } from './log-entries.ts';

export interface LogEntryFormProps {
  connectionId: string;
  model: BrainstemModelSummary;
  recordId: string;
  interval: boolean;
  /** The entry being changed; null to add one. */
  existing: LogEntry | null;
  onDone: (record: BrainstemRecordView | null) => void;
  onCancel: () => void;
  onSignInNeeded: () => void;
}

/**
 * Adds or changes one log entry in place, inside the timeline. The time is required; an existing entry's
 * time cannot change, because the server finds the entry by it. Escape cancels, Ctrl/Cmd+Enter saves.
 */
export function LogEntryForm({ connectionId, model, recordId, interval, existing, onDone, onCancel, onSignInNeeded }: LogEntryFormProps) {
  const api = useApi();
  const base = `bs-entry-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const [draft, setDraft] = useState<EntryDraft>(() => entryDraft(existing));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [signIn, setSignIn] = useState(false);
  const first = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const keyName = interval ? 'start_date_time' : 'date_time';
  const change = existing ? 'change' : 'add';

  useEffect(() => first.current?.focus(), []);

  const set = (name: keyof EntryDraft, value: string): void => {
    setDraft((current) => ({ ...current, [name]: value }));
    const field = name === 'at' ? keyName : name === 'end' ? 'end_date_time' : name;
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== field)));
  };

  const save = async (): Promise<void> => {
    if (busy) return;
    const built = entryInput(change, draft, interval, existing);
    if ('errors' in built) {
      setErrors(built.errors);
      return;
    }
    setBusy(true);
    setFailure(null);
    setGeneral([]);
    try {
      const result = await api.call('brainstem.logEntry', { connectionId, model: model.model, id: recordId, change, entry: built.entry });
      onDone(result.record);
    } catch (e) {
      if (needsSignIn(e)) {
        setSignIn(true);
        onSignInNeeded();
      } else if (e instanceof ApiError && e.code === 'VALIDATION') {
        const sorted = formErrors(e.details, new Map([[keyName, ''], ['end_date_time', ''], ['notes', ''], ['details', '']]), 'entries');
        setErrors(sorted.fields);
        setGeneral(sorted.general.length > 0 || Object.keys(sorted.fields).length > 0 ? sorted.general : [e.message]);
      } else setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (hasPrimary(event) && (event.key === 'Enter' || event.key.toLowerCase() === 's')) {
      event.preventDefault();
      event.stopPropagation();
      void save();
    } else if (event.key === 'Escape' && !event.defaultPrevented) {
      // The pane around would close on Escape; only this form should.
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };

  const errorList = (name: string) => {
    const messages = errors[name];
    return messages?.length ? (
      <ul id={`${base}-${name}-errors`} className="bs-field-errors">
        {messages.map((message, index) => (
          <li key={index}>{message}</li>
        ))}
      </ul>
    ) : null;
  };
  const described = (name: string): string | undefined => (errors[name]?.length ? `${base}-${name}-errors` : undefined);

  return (
    <div className="bs-entry-form" role="group" aria-label={existing ? 'Change entry' : 'New entry'} onKeyDown={onKeyDown} data-testid="log-entry-form">
      {general.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <ul className="bs-general-errors">
            {general.map((message, index) => (
              <li key={index}>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="bs-entry-times">
        <div className="bs-field" data-field={keyName}>
          <label htmlFor={`${base}-at`} className="bs-field-label">
            {interval ? 'Start' : 'Date and time'}
            <span className="bs-required" aria-hidden="true">
              {' '}*
            </span>
          </label>
          <input
            id={`${base}-at`}
            ref={existing ? undefined : first}
            type="datetime-local"
            step={1}
            className="bs-input bs-input-date"
            value={draft.at}
            onChange={(event) => set('at', event.target.value)}
            disabled={busy || existing !== null}
            aria-required
            aria-invalid={Boolean(errors[keyName]?.length)}
            aria-describedby={described(keyName)}
          />
          {errorList(keyName)}
        </div>
        {interval ? (
          <div className="bs-field" data-field="end_date_time">
            <label htmlFor={`${base}-end`} className="bs-field-label">
              End
            </label>
            <input
              id={`${base}-end`}
              type="datetime-local"
              step={1}
              className="bs-input bs-input-date"
              value={draft.end}
              onChange={(event) => set('end', event.target.value)}
              disabled={busy}
              aria-invalid={Boolean(errors.end_date_time?.length)}
              aria-describedby={described('end_date_time')}
            />
            {errorList('end_date_time')}
          </div>
        ) : null}
      </div>
      <div className="bs-field" data-field="notes">
        <label htmlFor={`${base}-notes`} className="bs-field-label">
          Notes
        </label>
        <textarea
          id={`${base}-notes`}
          ref={existing ? first : undefined}
          className="bs-input bs-textarea"
          rows={2}
          value={draft.notes}
          onChange={(event) => set('notes', event.target.value)}
          disabled={busy}
          aria-invalid={Boolean(errors.notes?.length)}
          aria-describedby={described('notes')}
        />
        {errorList('notes')}
      </div>
      <div className="bs-field" data-field="details">
        <label htmlFor={`${base}-details`} className="bs-field-label">
          Details <span className="muted">(JSON object)</span>
        </label>
        <JsonEditor inputId={`${base}-details`} value={draft.details} onChange={(text) => set('details', text)} shape="object" disabled={busy} rows={3} describedBy={described('details')} invalid={Boolean(errors.details?.length)} />
        {errorList('details')}
      </div>
      {signIn ? (
        <div className="notice notice-info" role="status">
          Sign in, then save the entry again. What you typed is kept.
        </div>
      ) : null}
      {failure ? <ErrorNotice error={failure} onRetry={() => void save()} /> : null}
      <div className="bs-entry-form-actions">
        <span className="muted bs-shortcut-hint">
          <span className="kbd">{primaryKeyName}+Enter</span> saves
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-small" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="btn btn-small btn-primary" onClick={() => void save()} disabled={busy}>
          {busy ? 'Saving…' : existing ? 'Save entry' : 'Add entry'}
        </button>
      </div>
    </div>
  );
}
