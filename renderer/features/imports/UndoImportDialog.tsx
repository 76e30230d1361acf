import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract/index.ts';
import { useApi } from '../../api/api-context.ts';
import { formatCount } from '../../app/format.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

type UndoPreview = MethodOutput<'imports.previewUndo'>;

/** Asks before undoing an import, saying what it will restore and delete; the undo itself is a job. */
export function UndoImportDialog({ connectionId, importId, fileName, onClose, onStarted }: { connectionId: string; importId: string; fileName: string | null; onClose: () => void; onStarted: (jobId: string) => void }) {
  const api = useApi();
  const [preview, setPreview] = useState<UndoPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.call('imports.previewUndo', { connectionId, importId }).then(
      (result) => live && setPreview(result),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api, connectionId, importId]);

  const undo = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onStarted((await api.call('imports.undo', { connectionId, importId })).jobId);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Undo the import${fileName ? ` of ${fileName}` : ''}?`}
      onClose={onClose}
      width={480}
      testId="undo-import-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="button" className="btn btn-danger-solid" disabled={!preview || busy} onClick={() => void undo()}>
            Undo import
          </button>
        </>
      }
    >
      {preview ? (
        <ul className="import-undo-preview" data-testid="undo-preview">
          <li>
            Restore {formatCount(preview.restoreValues)} value{preview.restoreValues === 1 ? '' : 's'} in {formatCount(preview.restoreRows)} row{preview.restoreRows === 1 ? '' : 's'}
            {preview.fields.length > 0 ? ` (${preview.fields.slice(0, 12).join(', ')}${preview.fields.length > 12 ? ', …' : ''})` : ''}.
          </li>
          <li>
            Delete {formatCount(preview.deleteRecords)} record{preview.deleteRecords === 1 ? '' : 's'} the import created.
          </li>
          <li className="muted">Changes made in REDCap since the import, to the same values, are overwritten.</li>
        </ul>
      ) : error ? null : (
        <p className="muted">Working out what the undo would change…</p>
      )}
      {error ? <ErrorNotice error={error} /> : null}
    </Dialog>
  );
}
