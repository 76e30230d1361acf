import { useEffect, useMemo, useRef } from 'react';
import type { RecordDetail } from '../../../shared/contract/datasets.ts';
import { useApi } from '../../api/api-context.ts';
import { errorMessage } from '../../api/client.ts';
import { formatAbsolute, formatRelative } from '../../app/format.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import type { ProjectDesign } from '../project/use-project-design.ts';
import { FileField } from './FileField.tsx';
import { recordSections, type SectionRow } from './record-sections.ts';
import { useRecordDetail } from './use-record-detail.ts';
import './record-detail.css';

export interface RecordDetailPanelProps {
  connectionId: string;
  recordId: string;
  design: ProjectDesign | null;
  version: number;
  onClose: () => void;
  /** Null where there is no record before / after this one in the table. */
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
  onNotice: (message: string) => void;
}

function fileValue(detail: RecordDetail, design: ProjectDesign | null, rowKey: string, field: string): string | null {
  for (const section of recordSections(detail, design)) {
    const row = section.rows.find((r) => r.key === rowKey);
    const value = row?.fields.find((f) => f.name === field);
    if (value) return value.raw;
  }
  return null;
}

function Status({ text }: { text: string }) {
  return <span className={`record-status record-status-${text.toLowerCase()}`}>{text}</span>;
}

/**
 * One record beside the table, as REDCap's record home page arranges it: by instrument, then by event
 * and repeat instance, with labels for values. Escape closes it, Alt+↑/↓ go to the previous / next
 * record of the table, file fields take downloads, uploads (also by drag and drop) and deletions.
 */
export function RecordDetailPanel({ connectionId, recordId, design, version, onClose, onPrevious, onNext, onNotice }: RecordDetailPanelProps) {
  const api = useApi();
  const { detail, error, loading, refresh } = useRecordDetail(connectionId, recordId, version);
  const heading = useRef<HTMLHeadingElement>(null);
  const sections = useMemo(() => (detail ? recordSections(detail, design) : []), [detail, design]);

  useEffect(() => heading.current?.focus({ preventScroll: true }), [recordId]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (document.querySelector('dialog[open]')) return;
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        onClose();
      } else if (event.altKey && event.key === 'ArrowUp' && onPrevious) {
        event.preventDefault();
        onPrevious();
      } else if (event.altKey && event.key === 'ArrowDown' && onNext) {
        event.preventDefault();
        onNext();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, onPrevious, onNext]);

  const onChanged = async (row: SectionRow, change: { field: string; kind: 'upload' | 'delete'; previous: string }): Promise<void> => {
    const fresh = await refresh();
    const now = fresh ? fileValue(fresh, design, row.key, change.field) : null;
    const shows = change.kind === 'delete' ? now === '' : now !== null && now !== '' && now !== change.previous;
    if (shows) return;
    // Main did not bring the change into the cache itself: a sync will (only what changed).
    try {
      await api.call('sync.start', { connectionId, mode: 'auto' });
      onNotice(`${change.kind === 'upload' ? 'Uploaded' : 'Deleted'}. Syncing the project so that the record shows the change…`);
    } catch (e) {
      onNotice(`The change was made in REDCap, but the sync to show it here did not start: ${errorMessage(e)}`);
    }
  };

  const withData = sections.filter((s) => s.hasData).length;
  return (
    <aside className="record-panel" aria-labelledby="record-panel-title" data-testid="record-detail" data-record-id={recordId} aria-busy={loading}>
      <header className="record-panel-header">
        <h2 id="record-panel-title" ref={heading} tabIndex={-1}>
          Record {recordId}
        </h2>
        <span className="spacer" />
        <button type="button" className="btn btn-small" onClick={onPrevious ?? undefined} disabled={!onPrevious} aria-label="Previous record" title="Previous record (Alt+↑)">
          ↑
        </button>
        <button type="button" className="btn btn-small" onClick={onNext ?? undefined} disabled={!onNext} aria-label="Next record" title="Next record (Alt+↓)">
          ↓
        </button>
        <button type="button" className="btn btn-link" onClick={onClose} aria-label="Close record" title="Close (Escape)">
          ✕
        </button>
      </header>
      <div className="record-panel-sub muted">
        {detail ? (
          <>
            {withData} of {sections.length} instruments with data
            {detail.lastSyncedAt ? <span title={formatAbsolute(detail.lastSyncedAt)}> · synced {formatRelative(detail.lastSyncedAt)}</span> : null}
          </>
        ) : loading ? (
          'Loading…'
        ) : null}
      </div>
      {error ? <ErrorNotice error={error} onRetry={() => void refresh()} /> : null}
      <div className="record-panel-body">
        {sections.map((section) => (
          <details key={`${recordId}:${section.form}`} className="record-section" open={section.hasData} data-form={section.form}>
            <summary>
              <span className="record-section-title">{section.label}</span>
              {section.hasData ? null : <span className="muted record-section-state">no data yet</span>}
              {section.rows.length === 1 && !section.rows[0]!.heading && section.rows[0]!.status ? <Status text={section.rows[0]!.status} /> : null}
            </summary>
            {section.rows.map((row) => (
              <div key={row.key} className="record-row">
                {row.heading ? (
                  <h3 className="record-row-heading">
                    <span>{row.heading}</span>
                    {row.status ? <Status text={row.status} /> : null}
                  </h3>
                ) : null}
                <dl className="record-fields">
                  {row.fields.map((field) => (
                    <div key={field.name} className="record-field" data-field={field.name}>
                      <dt>{field.label}</dt>
                      <dd>
                        {field.fieldType === 'file' ? (
                          <FileField connectionId={connectionId} recordId={recordId} field={field} row={row} onNotice={onNotice} onChanged={(change) => void onChanged(row, change)} />
                        ) : field.text !== '' ? (
                          field.text
                        ) : (
                          <span className="muted" aria-label="empty">
                            —
                          </span>
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              </div>
            ))}
          </details>
        ))}
      </div>
    </aside>
  );
}
