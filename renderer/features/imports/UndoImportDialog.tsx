import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract/index.ts';
import { useApi } from '../../api/api-context.ts';
import { formatCount } from '../../app/format.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

type UndoPreview = MethodOutput<'imports.previewUndo'>;

const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** Asks before undoing an import, saying what it will restore and delete; the undo itself is a job. */
export function UndoImportDialog({ connectionId, importId, fileName, onClose, onStarted, service = 'redcap' }: { connectionId: string; importId: string; fileName: string | null; onClose: () => void; onStarted: (jobId: string) => void; service?: 'redcap' | 'brainstem' }) {
  const brainstem = service === 'brainstem';
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
          {preview.importedBatches + preview.uncertainBatches < preview.batches ? (
            <li data-testid="undo-partial">
              {formatCount(preview.importedBatches)} of {formatCount(preview.batches)} batches were imported before the import stopped; undo reverts those
              {preview.uncertainBatches > 0 ? `, and the ${preview.uncertainBatches === 1 ? 'batch' : `${formatCount(preview.uncertainBatches)} batches`} that may have reached REDCap when it stopped` : ''}. The rest was never sent.
            </li>
          ) : null}
          {preview.restoreRows > 0 ? (
            <li>
              Restore {plural(preview.restoreValues, 'value')} in {plural(preview.restoreRows, brainstem ? 'object' : 'row')}
              {preview.fields.length > 0 ? ` (${preview.fields.slice(0, 12).join(', ')}${preview.fields.length > 12 ? ', …' : ''})` : ''}.
            </li>
          ) : null}
          {preview.removeRows > 0 ? <li>Remove {plural(preview.removeRows, 'row')} the import added to existing records (a new event or repeat instance).</li> : null}
          {preview.blankRows > 0 ? (
            <li data-testid="undo-blank">
              Empty {plural(preview.blankRows, 'row')} the import added to existing records. {preview.blankReason}
            </li>
          ) : null}
          <li>Delete {plural(preview.deleteRecords, brainstem ? 'object' : 'record')} the import created.</li>
          {preview.note ? <li data-testid="undo-note">{preview.note}</li> : null}
          {preview.unlocatedRows > 0 ? <li>{plural(preview.unlocatedRows, 'row')} added as a new repeat instance ("new") cannot be found again and stay; delete them in REDCap if needed.</li> : null}
          {preview.keptValues > 0 ? <li>{plural(preview.keptValues, 'Data Access Group assignment')} stay as the import set them: Carrel never knew the earlier ones.</li> : null}
          <li className="muted">Changes made in {brainstem ? 'BrainSTEM' : 'REDCap'} since the import, to the same values, are overwritten.</li>
        </ul>
      ) : error ? null : (
        <p className="muted">Working out what the undo would change…</p>
      )}
      {error ? <ErrorNotice error={error} /> : null}
    </Dialog>
  );
}
