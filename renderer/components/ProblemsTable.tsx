import { useMemo, useState, type ReactNode } from 'react';
import { errorMessage } from '../api/client.ts';
import { formatCount } from '../app/format.ts';
import './problems-table.css';

/** One problem of a file under review (a CSV import, a notes pre-flight), where it is and what it is. */
export interface ProblemItem {
  /** 1-based data row; 0 or null for the header or the file as a whole. */
  row: number | null;
  column: string | null;
  severity: 'error' | 'warning' | 'fixable';
  kind: string;
  message: string;
}

export interface ProblemColumn<P> {
  header: string;
  cell: (problem: P) => ReactNode;
  className?: string;
}

export interface ProblemsTableProps<P extends ProblemItem> {
  /** The problems listed (main keeps the first 1,000). */
  problems: readonly P[];
  /** Every problem found, listed or not. */
  total: number;
  /** Columns between Column and Severity (the REDCap field; a note's ids). */
  extraColumns?: ReadonlyArray<ProblemColumn<P>>;
  kindLabel?: (kind: string) => string;
  /** Writes the problems as a CSV (main saves it, or hands the browser a download); answers a status line. */
  download: () => Promise<string | null>;
  /** What the header row / the whole file is called in the Row column. */
  fileRowLabel?: string;
  rowTestId: string;
  /** A kind to show first (e.g. the kind a summary line was clicked for). */
  kind?: string;
  onKindChange?: (kind: string) => void;
}

const pageSize = 100;
const severityWords: Record<ProblemItem['severity'], string> = { error: 'error', warning: 'warning', fixable: 'fixable' };

/**
 * The problems of a file under review, the same way wherever a file is checked: row, column, severity
 * and message, narrowed by kind, a page at a time, and the whole list as a CSV.
 */
export function ProblemsTable<P extends ProblemItem>({ problems, total, extraColumns = [], kindLabel = (k) => k, download, fileRowLabel = 'file', rowTestId, kind: shownKind, onKindChange }: ProblemsTableProps<P>) {
  const [ownKind, setOwnKind] = useState('');
  const kind = shownKind ?? ownKind;
  const [page, setPage] = useState(0);
  const [line, setLine] = useState<string | null>(null);
  const kinds = useMemo(() => {
    const counts = new Map<string, number>();
    for (const p of problems) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
    return [...counts];
  }, [problems]);
  const filtered = kind === '' ? problems : problems.filter((p) => p.kind === kind);
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
  const at = Math.min(page, pages - 1);
  const shown = filtered.slice(at * pageSize, (at + 1) * pageSize);

  const choose = (next: string): void => {
    setPage(0);
    setOwnKind(next);
    onKindChange?.(next);
  };
  const save = async (): Promise<void> => {
    try {
      setLine(await download());
    } catch (e) {
      setLine(`Could not write the problems file: ${errorMessage(e)}`);
    }
  };

  return (
    <div className="problems-table" data-testid="problems-table">
      <div className="problems-actions">
        {kinds.length > 1 ? (
          <label>
            Show{' '}
            <select value={kind} onChange={(e) => choose(e.target.value)} aria-label="Show problems of kind" data-testid="problems-kind">
              <option value="">every kind ({formatCount(problems.length)})</option>
              {kinds.map(([k, n]) => (
                <option key={k} value={k}>
                  {kindLabel(k)} ({formatCount(n)})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="button" className="btn" onClick={() => void save()}>
          Download problems CSV
        </button>
        {total > problems.length ? <span className="muted">Showing the first {formatCount(problems.length)} of {formatCount(total)}.</span> : null}
        {line ? (
          <span className="muted" role="status">
            {line}
          </span>
        ) : null}
      </div>
      <div className="problems-scroll">
        <table className="review-table problems-grid">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              {extraColumns.map((c) => (
                <th scope="col" key={c.header}>
                  {c.header}
                </th>
              ))}
              <th scope="col">Severity</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p, i) => (
              <tr key={`${kind}-${at}-${i}`} className={`problem-${p.severity}`} data-testid={rowTestId} data-severity={p.severity} data-kind={p.kind}>
                <td className="mono">{p.row === null || p.row === 0 ? fileRowLabel : p.row}</td>
                <td>{p.column ?? '—'}</td>
                {extraColumns.map((c) => (
                  <td key={c.header} className={c.className}>
                    {c.cell(p)}
                  </td>
                ))}
                <td className="problem-severity">{severityWords[p.severity]}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <div className="problems-pager">
          <button type="button" className="btn" disabled={at === 0} onClick={() => setPage(at - 1)}>
            Previous
          </button>
          <span className="muted">
            Page {at + 1} of {pages}
          </span>
          <button type="button" className="btn" disabled={at + 1 >= pages} onClick={() => setPage(at + 1)}>
            Next
          </button>
        </div>
      ) : null}
    </div>
  );
}
