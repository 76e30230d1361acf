import { formatCount } from '../../app/format.ts';
import { useImports } from './use-imports.ts';

/** Says, on the project screen, that an import stopped halfway: the project holds part of a file until it is resumed or undone. */
export function InterruptedImportsBanner({ connectionId, onOpen }: { connectionId: string; onOpen: () => void }) {
  const { imports } = useImports(connectionId);
  const list = imports ?? [];
  // An interrupted import whose undo has started is the undo's business (listed as interrupted itself if it stops).
  const stopped = list.filter((entry) => entry.state === 'interrupted' && entry.jobId === null && !list.some((u) => u.kind === 'undo' && u.undoOf === entry.importId && u.state !== 'failed'));
  if (stopped.length === 0) return null;
  const first = stopped[0]!;
  return (
    <div className="project-notice">
      <div className="notice notice-warning" role="status" data-testid="import-interrupted">
        <span className="spacer">
          {stopped.length === 1
            ? first.kind === 'undo'
              ? `Undoing the import of ${first.fileName ?? 'a file'} was interrupted after ${formatCount(first.confirmedRows)} of ${formatCount(first.rows)} rows. Resume it from the Imports list to finish the undo.`
              : `The import of ${first.fileName ?? 'a file'} was interrupted after ${formatCount(first.confirmedRows)} of ${formatCount(first.rows)} rows. Resume it to send the rest, or undo what was imported.`
            : `${stopped.length} imports were interrupted. Resume or undo them.`}
        </span>
        <button type="button" className="btn" onClick={onOpen}>
          Imports…
        </button>
      </div>
    </div>
  );
}
