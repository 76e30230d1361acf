import { useState } from 'react';
import type { ImportEntryView } from '../../../shared/contract/imports.ts';
import { useApi } from '../../api/api-context.ts';
import { formatAbsolute, formatCount, formatRelative } from '../../app/format.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { useJobs } from '../jobs/jobs-context.tsx';
import { UndoImportDialog } from './UndoImportDialog.tsx';
import { useImports } from './use-imports.ts';
import './imports.css';

const stateWords: Record<ImportEntryView['state'], string> = {
  ready: 'not started',
  running: 'running',
  interrupted: 'interrupted',
  failed: 'failed',
  done: 'done',
  undone: 'undone',
};

/** Every import of this project with what REDCap confirmed; interrupted ones resume, finished ones undo. */
export function ImportsList({ connectionId, onClose, service = 'redcap' }: { connectionId: string; onClose: () => void; service?: 'redcap' | 'brainstem' }) {
  // BrainSTEM imports write object by object: a failed one saved the others, and a resume retries the refused ones.
  const brainstem = service === 'brainstem';
  const api = useApi();
  const { setPanelOpen } = useJobs();
  const { imports, error, reload } = useImports(connectionId);
  const [actionError, setActionError] = useState<unknown>(null);
  const [undoing, setUndoing] = useState<ImportEntryView | null>(null);

  const resume = async (entry: ImportEntryView): Promise<void> => {
    setActionError(null);
    try {
      await api.call('imports.resume', { connectionId, importId: entry.importId });
      setPanelOpen(true);
      reload();
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <Dialog title="Imports" onClose={onClose} width={820} testId="imports-list">
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {actionError ? <ErrorNotice error={actionError} /> : null}
      {imports === null && !error ? <p className="muted">Loading…</p> : null}
      {imports?.length === 0 ? (
        <EmptyState size="inline" headingLevel={3} title="No imports yet" testId="imports-empty">
          <p>
            {brainstem
              ? 'Use Import CSV… on a model\'s table, or drop a CSV file on it, to add or change its objects from a file. You review every change before anything is sent.'
              : 'Use Import CSV…, or drop a CSV file on the records table, to add or change records from a file. You review every change before anything is sent, and can undo an import later.'}
          </p>
        </EmptyState>
      ) : null}
      {imports && imports.length > 0 ? (
        <table className="review-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">When</th>
              <th scope="col">State</th>
              <th scope="col">{brainstem ? 'Objects confirmed' : 'Rows confirmed'}</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {imports.map((entry) => {
              // An import whose undo has started is not resumed: finishing the undo is what is left to do.
              const beingUndone = entry.kind === 'import' && imports.some((other) => other.kind === 'undo' && other.undoOf === entry.importId && other.state !== 'failed');
              const stopped = entry.state === 'interrupted' || entry.state === 'failed';
              return (
                <tr key={entry.importId} data-testid="import-entry" data-import-id={entry.importId} data-state={entry.state} data-kind={entry.kind}>
                  <td>
                    {entry.kind === 'undo' ? 'Undo of ' : ''}
                    {entry.fileName ?? entry.undoOf ?? entry.importId}
                  </td>
                  <td title={formatAbsolute(entry.createdAt)}>{formatRelative(entry.createdAt)}</td>
                  <td className={`import-state-${entry.state}`}>
                    {stateWords[entry.state]}
                    {entry.error ? <div className="muted">{entry.error.message}</div> : null}
                  </td>
                  <td>
                    {formatCount(entry.confirmedRows)} of {formatCount(entry.rows)}
                  </td>
                  <td className="import-entry-actions">
                    {(entry.state === 'interrupted' || (brainstem && entry.state === 'failed')) && entry.jobId === null && !beingUndone ? (
                      <button type="button" className="btn btn-primary" onClick={() => void resume(entry)} title={entry.state === 'failed' ? 'Send the objects BrainSTEM refused again' : undefined}>
                        {entry.state === 'failed' ? 'Retry refused' : 'Resume'}
                      </button>
                    ) : null}
                    {entry.kind === 'import' && entry.state !== 'undone' && entry.state !== 'running' && entry.jobId === null && !beingUndone && (entry.confirmedRows > 0 || stopped) ? (
                      <button type="button" className="btn" onClick={() => setUndoing(entry)} title={stopped ? 'Revert the batches REDCap received before the import stopped' : undefined}>
                        {stopped ? 'Undo what was imported…' : 'Undo…'}
                      </button>
                    ) : null}
                    {beingUndone && entry.state !== 'undone' ? <span className="muted">Being undone</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {undoing ? (
        <UndoImportDialog
          connectionId={connectionId}
          service={service}
          importId={undoing.importId}
          fileName={undoing.fileName}
          onClose={() => setUndoing(null)}
          onStarted={() => {
            setUndoing(null);
            setPanelOpen(true);
            reload();
          }}
        />
      ) : null}
    </Dialog>
  );
}
