import { useRef } from 'react';
import { maxBulkFiles, type FileFieldTarget } from '../../../shared/contract/record-files.ts';
import { formatCount } from '../../app/format.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useFileDrop } from '../../components/use-file-drop.ts';
import { UploadQueue } from '../uploads/UploadQueue.tsx';
import { summaryText } from '../uploads/upload-queue.ts';
import { BulkFilePreview } from './BulkFilePreview.tsx';
import { useBulkFileUpload, type BulkFileUpload } from './use-bulk-file-upload.ts';
import './bulk-file-upload.css';

export interface BulkFileUploadDialogProps {
  connectionId: string;
  /** Files dropped on the records table (a file field's column), or none when opened from the toolbar. */
  initialFiles: File[];
  initialField: string | null;
  onClose: () => void;
  /** Once the queue has nothing more to do: how many files went up, into which field. */
  onUploaded: (uploaded: number, field: FileFieldTarget) => void;
}

function fieldOption(field: FileFieldTarget): string {
  return `${field.label} (${field.field}) — ${field.formLabel}`;
}

function TargetChoice({ bulk, disabled }: { bulk: BulkFileUpload; disabled: boolean }) {
  const { targets, field, event } = bulk;
  if (!targets) return null;
  return (
    <fieldset className="bulk-target" disabled={disabled}>
      <legend>Into which field</legend>
      <label>
        File field
        <select value={field?.field ?? ''} onChange={(e) => bulk.chooseField(e.target.value)}>
          {targets.fields.map((f) => (
            <option key={f.field} value={f.field}>
              {fieldOption(f)}
            </option>
          ))}
        </select>
      </label>
      {field && field.events.length > 0 ? (
        <label>
          Event
          <select value={event?.name ?? ''} onChange={(e) => bulk.chooseEvent(e.target.value)}>
            {field.events.map((e) => (
              <option key={e.name} value={e.name}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {bulk.repeating ? <p className="muted bulk-note">This form repeats here: every file goes to instance 1 of its record. Use the record's own page for other instances.</p> : null}
    </fieldset>
  );
}

function MatchingRule({ recordIdLabel, recordCount, ignoreCase }: { recordIdLabel: string; recordCount: number; ignoreCase: boolean }) {
  return (
    <p className="muted bulk-note" data-testid="bulk-rule">
      Each file goes to the record whose {recordIdLabel} is the file name without its extension, or the longest {recordIdLabel} the name starts with followed by _, -, a space or a
      dot: <code>1001.pdf</code>, <code>1001_consent.pdf</code>, <code>1001 - scan.png</code>.{ignoreCase ? ' Upper and lower case are treated alike.' : ''} One file per record; files that
      match none of the {formatCount(recordCount)} records in the offline cache, or a record another file already goes to, are not sent.
    </p>
  );
}

/**
 * Many files into one file field of many records: choose the field (and event), drop or choose the
 * files, check the preview (record per file, what gets replaced, what is left out), then send them
 * through the upload queue, three at a time, with per-file progress, retry and a summary.
 */
export function BulkFileUploadDialog({ connectionId, initialFiles, initialField, onClose, onUploaded }: BulkFileUploadDialogProps) {
  const bulk = useBulkFileUpload({ connectionId, initialFiles, initialField, onSettled: onUploaded });
  const picker = useRef<HTMLInputElement>(null);
  const sending = bulk.notSent !== null;
  const drop = useFileDrop(bulk.addFiles, sending || bulk.field === null);
  const { targets, rows, queue } = bulk;
  const active = queue.summary.active > 0;
  const close = (): void => {
    // Files on their way finish (a half-sent file helps no one); the ones still waiting stay here.
    if (active) queue.cancelWaiting();
    onClose();
  };
  const total = { ...queue.summary, skipped: queue.summary.skipped + (bulk.notSent?.length ?? 0) };
  const caption = bulk.field ? `Files for ${bulk.field.label}` : 'Files';

  const footer = sending ? (
    <>
      <span role="status" aria-live="polite" className="bulk-summary" data-testid="bulk-summary">
        {summaryText(total)}
      </span>
      <span className="spacer" />
      {!active ? (
        <button type="button" className="btn" onClick={bulk.reset}>
          Upload more files…
        </button>
      ) : null}
      <button type="button" className="btn btn-primary" onClick={close}>
        {active ? 'Close (the files on their way finish)' : 'Done'}
      </button>
    </>
  ) : (
    <>
      <span className="spacer" />
      <button type="button" className="btn" onClick={close}>
        Cancel
      </button>
      <button type="button" className="btn btn-primary" disabled={bulk.sendable === 0 || rows === null} onClick={bulk.start} data-testid="bulk-start">
        Upload {formatCount(bulk.sendable)} file{bulk.sendable === 1 ? '' : 's'}
      </button>
    </>
  );

  return (
    <Dialog title="Upload files to a field" onClose={close} width={880} testId="bulk-file-upload" footer={footer}>
      <div className={`bulk-dialog${drop.over ? ' bulk-drop-over' : ''}`} {...drop.props}>
        {bulk.loadError ? <ErrorNotice error={bulk.loadError} /> : null}
        {!targets && !bulk.loadError ? <ProgressBar done={0} total={null} label="Reading the project's file fields" /> : null}
        {targets && targets.fields.length === 0 ? (
          <p className="notice notice-info">This project has no file-upload fields. Add one in REDCap's Online Designer, then sync.</p>
        ) : null}
        {targets && targets.fields.length > 0 ? (
          <>
            <TargetChoice bulk={bulk} disabled={sending} />
            {!sending ? (
              <>
                <MatchingRule recordIdLabel={targets.recordIdLabel} recordCount={targets.recordCount} ignoreCase={bulk.ignoreCase} />
                <div className="bulk-choose">
                  <button type="button" className="btn" onClick={() => picker.current?.click()}>
                    Choose files…
                  </button>
                  <span className="muted">{bulk.files.length > 0 ? `${formatCount(bulk.files.length)} file${bulk.files.length === 1 ? '' : 's'} — drop more here, or` : 'or drop files here'}</span>
                  {bulk.files.length > 0 ? (
                    <button type="button" className="btn btn-link" onClick={bulk.clearFiles}>
                      Clear the list
                    </button>
                  ) : null}
                  <input
                    ref={picker}
                    type="file"
                    multiple
                    hidden
                    data-testid="bulk-file-input"
                    onChange={(e) => {
                      const chosen = [...(e.target.files ?? [])];
                      e.target.value = '';
                      if (chosen.length > 0) bulk.addFiles(chosen);
                    }}
                  />
                </div>
                {bulk.dropped > 0 ? (
                  <p className="notice notice-warning">
                    {formatCount(bulk.dropped)} files were left out: one upload takes at most {formatCount(maxBulkFiles)} files. Upload the rest afterwards.
                  </p>
                ) : null}
                {bulk.matchError ? <ErrorNotice error={bulk.matchError} /> : null}
                {bulk.files.length > 0 && rows === null && !bulk.matchError ? <ProgressBar done={0} total={null} label="Matching files to records" /> : null}
                {rows && rows.length > 0 ? <BulkFilePreview rows={rows} caption={caption} /> : null}
              </>
            ) : (
              <>
                <UploadQueue queue={queue} title={`Sending to ${bulk.field?.label ?? 'the field'}`} />
                {bulk.notSent && bulk.notSent.length > 0 ? (
                  <section className="bulk-not-sent" aria-label="Files not sent" data-testid="bulk-not-sent">
                    <strong>Not sent ({formatCount(bulk.notSent.length)})</strong>
                    <ul>
                      {bulk.notSent.map((row, i) => (
                        <li key={i} data-name={row.file.name}>
                          <span className="bulk-name">{row.file.name}</span> <span className="muted">{row.problem ?? 'No record matches this file.'}</span>
                        </li>
                      ))}
                    </ul>
                  </section>
                ) : null}
              </>
            )}
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
