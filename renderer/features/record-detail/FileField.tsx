import { useRef, useState } from 'react';
import { useApi } from '../../api/api-context.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useFileDrop } from '../../components/use-file-drop.ts';
import { finishDownload } from '../files/deliver-file.ts';
import type { FieldView, SectionRow } from './record-sections.ts';

export interface FileFieldProps {
  connectionId: string;
  recordId: string;
  field: FieldView;
  row: SectionRow;
  /** After an upload or a delete went through: the record is read again. */
  onChanged: (change: { field: string; kind: 'upload' | 'delete'; previous: string }) => void;
  onNotice: (message: string) => void;
}

type Busy = null | 'Preparing the file…' | 'Uploading to REDCap…' | 'Deleting…' | 'Downloading…';

/**
 * A record's file-upload field: the file's name with Download, and Upload/Replace (pick a file or drop
 * one on the field) and Delete, both confirmed where they overwrite or remove what is on the server.
 */
export function FileField({ connectionId, recordId, field, row, onChanged, onNotice }: FileFieldProps) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState<null | { kind: 'replace'; file: File } | { kind: 'delete' }>(null);
  const has = field.raw !== '';
  const ref = { connectionId, recordId, field: field.name, event: row.event, instance: row.instance };

  const run = async (first: Busy, work: (step: (next: Busy) => void) => Promise<void>): Promise<void> => {
    setBusy(first);
    setError(null);
    try {
      await work(setBusy);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const upload = (file: File): Promise<void> =>
    run('Preparing the file…', async (step) => {
      const staged = await api.stageFile(file);
      step('Uploading to REDCap…');
      const result = await api.call('recordFiles.upload', { ...ref, stageId: staged.stageId });
      onNotice(`Uploaded ${result.fileName} to ${field.label}`);
      onChanged({ field: field.name, kind: 'upload', previous: field.raw });
    });

  const remove = (): Promise<void> =>
    run('Deleting…', async () => {
      await api.call('recordFiles.delete', ref);
      onNotice(`Deleted the file in ${field.label}`);
      onChanged({ field: field.name, kind: 'delete', previous: field.raw });
    });

  const download = (): Promise<void> =>
    run('Downloading…', async () => {
      const message = finishDownload(await api.call('recordFiles.download', ref));
      if (message) onNotice(message);
    });

  const offer = (file: File): void => {
    if (has) setConfirm({ kind: 'replace', file });
    else void upload(file);
  };
  // One field holds one file: of several dropped files, the first is taken.
  const drop = useFileDrop((files) => offer(files[0]!), busy !== null);

  return (
    <div className={`file-field${drop.over ? ' file-field-over' : ''}`} data-testid="file-field" data-field={field.name} data-has-file={has} aria-busy={busy !== null} {...drop.props}>
      <div className="file-line">
        {has ? <span className="file-name">{field.text || field.raw}</span> : <span className="muted">No file</span>}
        <span className="spacer" />
        {has ? (
          <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void download()}>
            Download
          </button>
        ) : null}
        <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => input.current?.click()} aria-label={`${has ? 'Replace' : 'Upload'} ${field.label}`}>
          {has ? 'Replace…' : 'Upload…'}
        </button>
        {has ? (
          <button type="button" className="btn btn-small btn-danger" disabled={busy !== null} onClick={() => setConfirm({ kind: 'delete' })} aria-label={`Delete ${field.label}`}>
            Delete…
          </button>
        ) : null}
        <input
          ref={input}
          type="file"
          hidden
          data-testid="file-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) offer(file);
          }}
        />
      </div>
      {busy ? (
        <div className="file-busy">
          <ProgressBar done={0} total={null} label={busy} />
          <span className="muted">{busy}</span>
        </div>
      ) : (
        <div className="file-hint muted">{drop.over ? 'Drop to upload' : has ? 'Drop a file here to replace it' : 'or drop a file here'}</div>
      )}
      {error ? <ErrorNotice error={error} /> : null}
      {confirm?.kind === 'replace' ? (
        <ConfirmDialog
          title="Replace the file?"
          confirmLabel="Replace"
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const file = confirm.file;
            setConfirm(null);
            void upload(file);
          }}
        >
          <p>
            Record <strong>{recordId}</strong>
            {row.heading ? `, ${row.heading}` : ''}: <strong>{field.label}</strong> holds <strong>{field.text || field.raw}</strong>. Replace it with <strong>{confirm.file.name}</strong> on the
            REDCap server?
          </p>
        </ConfirmDialog>
      ) : null}
      {confirm?.kind === 'delete' ? (
        <ConfirmDialog
          title="Delete the file?"
          confirmLabel="Delete file"
          danger
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void remove();
          }}
        >
          <p>
            Delete <strong>{field.text || field.raw}</strong> from <strong>{field.label}</strong> of record <strong>{recordId}</strong>
            {row.heading ? ` (${row.heading})` : ''} on the REDCap server? REDCap keeps no copy you can restore from here.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
