import { formatCount } from '../../app/format.ts';
import { useImports } from './use-imports.ts';

/** Says, on the project screen, that an import stopped halfway: the project holds part of a file until it is resumed or undone. */
export function InterruptedImportsBanner({ connectionId, onOpen }: { connectionId: string; onOpen: () => void }) {
  const { imports } = useImports(connectionId);
  const stopped = (imports ?? []).filter((entry) => entry.state === 'interrupted' && entry.jobId === null);
  if (stopped.length === 0) return null;
  const first = stopped[0]!;
  return (
    <div className="project-notice">
      <div className="notice notice-warning" role="status" data-testid="import-interrupted">
        <span className="spacer">
          {stopped.length === 1
            ? `The import of ${first.fileName ?? 'a file'} was interrupted after ${formatCount(first.confirmedRows)} of ${formatCount(first.rows)} rows. Resume it to send the rest, or undo it.`
            : `${stopped.length} imports were interrupted. Resume or undo them.`}
        </span>
        <button type="button" className="btn" onClick={onOpen}>
          Imports…
        </button>
      </div>
    </div>
  );
}
