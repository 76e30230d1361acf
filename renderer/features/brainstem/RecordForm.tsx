import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { BrainstemModelSummary, BrainstemWriteResult } from '../../../shared/contract/brainstem.ts';
import { useApi } from '../../api/api-context.ts';
import { ApiError } from '../../api/client.ts';
import { hasPrimary, primaryKeyName } from '../../app/format.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { draftKey, dropDraft, loadDraft, saveDraft } from './draft-store.ts';
import { FieldEditor } from './fields/FieldEditor.tsx';
import { needsSignIn } from './sign-in-error.ts';
import { changedFields, createValues, formErrors, formFields, initialDraft, isLocked, patchValues, type Draft, type DraftValue, type FieldErrors } from './form-values.ts';
import { useBrainstemRecord } from './use-brainstem-record.ts';
import './record-pane.css';

export interface RecordFormProps {
  connectionId: string;
  model: BrainstemModelSummary;
  models: BrainstemModelSummary[];
  /** The record to edit; absent to create one. */
  id?: string;
  onSaved: (result: BrainstemWriteResult) => void;
  onCancel: () => void;
  onSignInNeeded: () => void;
}

type Approval = NonNullable<BrainstemWriteResult['approval']>;

/**
 * A create or edit form generated from the model's fields. Required fields are checked before anything is
 * sent; an edit sends only what changed (PATCH). Server errors land under their fields. Unsaved values
 * live in the draft store, so a sign-in in the middle of a save loses nothing.
 */
export function RecordForm({ connectionId, model, models, id, onSaved, onCancel, onSignInNeeded }: RecordFormProps) {
  const api = useApi();
  const mode = id === undefined ? 'create' : 'edit';
  const key = draftKey(connectionId, model.model, id);
  const fields = useMemo(() => formFields(model.fields), [model.fields]);
  const inputs = useMemo(() => new Map(fields.map((field) => [field.name, field.label])), [fields]);
  const loaded = useBrainstemRecord(connectionId, model, id);
  const initial = useMemo<Draft | null>(() => (mode === 'create' ? initialDraft(model.fields, null) : loaded.record ? initialDraft(model.fields, loaded.record) : null), [mode, model.fields, loaded.record]);

  const [draft, setDraft] = useState<Draft | null>(() => loadDraft(key));
  const [restored] = useState(() => loadDraft(key) !== null);
  const draftRef = useRef<Draft | null>(draft);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [approval, setApproval] = useState<{ approval: Approval; result: BrainstemWriteResult } | null>(null);
  const body = useRef<HTMLDivElement>(null);
  const titleId = `bs-form-title-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;

  // The draft starts from the record once it is loaded (a restored draft wins).
  const current = draft ?? initial;
  draftRef.current = current;
  const dirty = initial !== null && current !== null && changedFields(model.fields, initial, current).length > 0;

  // Focus goes to the first field once the fields are there.
  const ready = current !== null;
  useEffect(() => {
    if (ready) body.current?.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), textarea:not([disabled])')?.focus();
  }, [ready]);

  const update = useCallback(
    (name: string, value: DraftValue): void => {
      const base = draftRef.current;
      if (!base) return;
      const next = { ...base, [name]: value };
      draftRef.current = next;
      saveDraft(key, next);
      setDraft(next);
      setFieldErrors((errors) => (errors[name] ? Object.fromEntries(Object.entries(errors).filter(([field]) => field !== name)) : errors));
    },
    [key],
  );

  const focusFirstError = (errors: FieldErrors): void => {
    const name = fields.find((field) => errors[field.name])?.name;
    if (!name) return;
    requestAnimationFrame(() => body.current?.querySelector<HTMLElement>(`[data-field="${name}"] input:not([type=hidden]), [data-field="${name}"] select, [data-field="${name}"] textarea`)?.focus());
  };

  const save = async (): Promise<void> => {
    const values = draftRef.current;
    if (saving || !values || !initial) return;
    setNote(null);
    setFailure(null);
    const submission = mode === 'create' ? createValues(model.fields, values) : patchValues(model.fields, initial, values);
    if (Object.keys(submission.errors).length > 0) {
      setFieldErrors(submission.errors);
      setGeneral([]);
      focusFirstError(submission.errors);
      return;
    }
    if (mode === 'edit' && Object.keys(submission.values).length === 0) {
      setNote('Nothing has changed, so there is nothing to save.');
      return;
    }
    setSaving(true);
    try {
      const result =
        id === undefined
          ? await api.call('brainstem.create', { connectionId, model: model.model, values: submission.values })
          : await api.call('brainstem.update', { connectionId, model: model.model, id, values: submission.values, replace: false });
      dropDraft(key);
      setFieldErrors({});
      setGeneral([]);
      if (result.approval) setApproval({ approval: result.approval, result });
      else onSaved(result);
    } catch (e) {
      if (needsSignIn(e)) {
        saveDraft(key, values);
        setNote('Sign in to save. Your changes are kept here; press Save again once you are signed in.');
        onSignInNeeded();
      } else if (e instanceof ApiError && e.code === 'VALIDATION') {
        const sorted = formErrors(e.details, inputs);
        setFieldErrors(sorted.fields);
        setGeneral(sorted.general.length > 0 || Object.keys(sorted.fields).length > 0 ? sorted.general : [e.message]);
        focusFirstError(sorted.fields);
      } else {
        setFailure(e);
      }
    } finally {
      setSaving(false);
    }
  };

  const startOver = (): void => {
    dropDraft(key);
    draftRef.current = initial;
    setDraft(null);
    setFieldErrors({});
    setGeneral([]);
  };

  const cancel = (): void => {
    dropDraft(key);
    onCancel();
  };
  const requestCancel = (): void => {
    if (approval) onSaved(approval.result);
    else if (dirty && !saving) setConfirmDiscard(true);
    else cancel();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (hasPrimary(event) && (event.key === 'Enter' || event.key.toLowerCase() === 's')) {
      event.preventDefault();
      if (!approval && !confirmDiscard) void save();
    } else if (event.key === 'Escape' && !event.defaultPrevented) {
      // A picker's open list takes Escape first (and prevents it); otherwise Escape means Cancel.
      event.preventDefault();
      event.stopPropagation();
      if (confirmDiscard) setConfirmDiscard(false);
      else requestCancel();
    }
  };

  const what = model.label.toLowerCase();
  const title = approval ? 'Sent for approval' : mode === 'create' ? `New ${what}` : `Edit ${loaded.record?.label ?? what}`;
  const footer = approval ? (
    <>
      <span className="spacer" />
      <button type="button" className="btn btn-primary" onClick={() => onSaved(approval.result)} autoFocus>
        Done
      </button>
    </>
  ) : confirmDiscard ? (
    <>
      <span className="bs-discard-question" role="alert">
        Discard your unsaved changes?
      </span>
      <span className="spacer" />
      <button type="button" className="btn" onClick={() => setConfirmDiscard(false)} autoFocus>
        Keep editing
      </button>
      <button type="button" className="btn btn-danger-solid" onClick={cancel}>
        Discard
      </button>
    </>
  ) : (
    <>
      <span className="muted bs-shortcut-hint">
        <span className="kbd">{primaryKeyName}+Enter</span> saves · <span className="kbd">Esc</span> cancels
      </span>
      <span className="spacer" />
      <button type="button" className="btn" onClick={requestCancel}>
        Cancel
      </button>
      <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={saving || current === null} title={`Save (${primaryKeyName}+Enter or ${primaryKeyName}+S)`}>
        {saving ? 'Saving…' : mode === 'create' ? `Create ${what}` : 'Save changes'}
      </button>
    </>
  );

  return (
    <section className="bs-form-pane" aria-labelledby={titleId} aria-busy={saving || loaded.loading} data-testid="record-form" data-mode={mode} data-model={model.model} onKeyDown={onKeyDown}>
      <header className="bs-record-header">
        <h2 id={titleId} tabIndex={-1}>
          {title}
        </h2>
        <span className="spacer" />
        <button type="button" className="btn btn-link" onClick={requestCancel} aria-label="Close the form" title="Close the form (Escape)">
          ✕
        </button>
      </header>
      <div className="bs-record-sub muted">
        {model.label} · {mode === 'create' ? 'a new record on the server' : 'only what you change is sent'}
      </div>
      <div className="bs-form-body">
        {approval ? (
          <div className="notice notice-ok bs-approval" role="status" data-testid="approval-notice">
            <div>
              <strong>Sent for approval ({approval.approval.status})</strong>
              <div>
                {model.label} changes are reviewed by BrainSTEM moderators before everyone sees them. The {what} appears in the table once the request is accepted.
              </div>
            </div>
          </div>
        ) : (
          <>
            {model.moderated ? <div className="notice notice-info bs-form-note">Changes to {model.pluralLabel.toLowerCase()} go to the BrainSTEM moderators for approval first.</div> : null}
            {restored && dirty ? (
              <div className="notice notice-info bs-form-note" role="status">
                <span className="spacer">Your unsaved changes from before are back.</span>
                <button type="button" className="btn btn-link" onClick={startOver}>
                  Start over
                </button>
              </div>
            ) : null}
            {note ? (
              <div className="notice notice-info bs-form-note" role="status">
                {note}
              </div>
            ) : null}
            {general.length > 0 ? (
              <div className="notice notice-error bs-form-note" role="alert" data-testid="form-errors">
                <div>
                  <strong>BrainSTEM did not accept the {what}</strong>
                  <ul className="bs-general-errors">
                    {general.map((message, index) => (
                      <li key={index}>{message}</li>
                    ))}
                  </ul>
                </div>
              </div>
            ) : Object.keys(fieldErrors).length > 0 ? (
              <div className="notice notice-error bs-form-note" role="alert" data-testid="form-errors">
                Check the marked {Object.keys(fieldErrors).length === 1 ? 'field' : 'fields'}.
              </div>
            ) : null}
            {failure ? <ErrorNotice error={failure} onRetry={() => void save()} /> : null}
            {loaded.error && !loaded.record ? <ErrorNotice error={loaded.error} onRetry={() => void loaded.load(false)} /> : null}
            {current === null ? (
              loaded.loading ? <p className="muted">Loading the {what}…</p> : null
            ) : (
              <div className="bs-form-fields" ref={body}>
                {fields.map((field) => (
                  <FieldEditor
                    key={field.name}
                    connectionId={connectionId}
                    field={field}
                    models={models}
                    value={current[field.name] ?? null}
                    onChange={(value) => update(field.name, value)}
                    disabled={saving || isLocked(field, mode)}
                    lockedNote={isLocked(field, mode) ? 'set when created' : undefined}
                    errors={fieldErrors[field.name] ?? []}
                  />
                ))}
              </div>
            )}
          </>
        )}
      </div>
      <footer className="bs-form-footer">{footer}</footer>
    </section>
  );
}
