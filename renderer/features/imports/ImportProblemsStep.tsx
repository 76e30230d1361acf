import { useState } from 'react';
import type { ImportPlanSummary } from '../../../shared/contract/imports.ts';
import { useApi } from '../../api/api-context.ts';
import { errorMessage } from '../../api/client.ts';
import { formatCount } from '../../app/format.ts';
import { finishDownload } from '../files/deliver-file.ts';

const pageSize = 100;

/** Errors and warnings by row and column; errors block the import until the file or the mapping is fixed. */
export function ImportProblemsStep({ summary }: { summary: ImportPlanSummary }) {
  const api = useApi();
  const [page, setPage] = useState(0);
  const [line, setLine] = useState<string | null>(null);
  const { problems, errors, warnings } = summary;
  const pages = Math.max(1, Math.ceil(problems.length / pageSize));
  const shown = problems.slice(page * pageSize, (page + 1) * pageSize);
  const total = errors + warnings;

  const download = async (): Promise<void> => {
    try {
      setLine(finishDownload(await api.call('imports.problemsCsv', { planId: summary.planId })));
    } catch (e) {
      setLine(`Could not write the problems file: ${errorMessage(e)}`);
    }
  };

  return (
    <div className="import-step" data-testid="import-problems">
      {errors > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="import-blocked">
          {errors === 1 ? '1 error blocks' : `${formatCount(errors)} errors block`} the import. Correct the values in the file and choose it again, change the mapping (skip a column), or change how values are read.
        </div>
      ) : total > 0 ? (
        <div className="notice notice-warning">{formatCount(warnings)} warning{warnings === 1 ? '' : 's'}: the import can go ahead, but check them first.</div>
      ) : (
        <div className="notice notice-ok">No problems found.</div>
      )}
      {total > 0 ? (
        <>
          <div className="import-actions">
            <button type="button" className="btn" onClick={() => void download()}>
              Download all problems (CSV)
            </button>
            {total > problems.length ? <span className="muted">Showing the first {formatCount(problems.length)} of {formatCount(total)}.</span> : null}
            {line ? <span className="muted" role="status">{line}</span> : null}
          </div>
          <table className="import-table">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Field</th>
                <th scope="col">Severity</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p, i) => (
                <tr key={`${page}-${i}`} className={`import-problem-${p.severity}`} data-testid="import-problem" data-severity={p.severity}>
                  <td>{p.row === 0 ? 'header' : p.row}</td>
                  <td>{p.column ?? '—'}</td>
                  <td>{p.field ?? '—'}</td>
                  <td>{p.severity}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 ? (
            <div className="import-pager">
              <button type="button" className="btn" disabled={page === 0} onClick={() => setPage(page - 1)}>
                Previous
              </button>
              <span className="muted">
                Page {page + 1} of {pages}
              </span>
              <button type="button" className="btn" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                Next
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
