import { useRef, useState } from 'react';
import type { PreflightProblem, PreflightReport as Report } from '../../../shared/contract/brim.ts';
import { useApi } from '../../api/api-context.ts';
import { formatBytes, formatCount } from '../../app/format.ts';
import { ProblemsTable, type ProblemItem } from '../../components/ProblemsTable.tsx';
import { finishDownload } from '../files/deliver-file.ts';
import { orderKinds, problemAdvice, problemLabels } from './preflight-words.ts';
import './preflight-report.css';

type Kind = PreflightProblem['kind'];

const encodingLabels: Record<Report['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252',
};

/** Problems Brim accepts the file with: they are worth knowing, not worth stopping for. */
const warningOnly: ReadonlySet<Kind> = new Set(['huge-text']);

type Severity = 'blocks' | 'fixable' | 'warning';
type TableProblem = PreflightProblem & { severity: ProblemItem['severity'] };

const idColumns = [
  { header: 'NOTE_ID', cell: (p: TableProblem) => p.noteId ?? '—', className: 'mono' },
  { header: 'PERSON_ID', cell: (p: TableProblem) => p.personId ?? '—', className: 'mono' },
];

/** One kind of problem: how many, whether it blocks, what to do; its rows are in the table below. */
function ProblemGroup({ kind, count, problems, severity, onShow }: { kind: Kind; count: number; problems: PreflightProblem[]; severity: Severity; onShow: (kind: Kind) => void }) {
  const fileProblems = problems.filter((p) => p.row === null);
  const rows = problems.length - fileProblems.length;
  // One sentence said once when every row says the same.
  const rowMessages = new Set(problems.filter((p) => p.row !== null).map((p) => p.message));
  const sameMessage = rowMessages.size === 1 ? [...rowMessages][0]! : null;
  return (
    <li className={`brim-problem brim-problem-${severity}`} data-testid="brim-problem-group" data-kind={kind} data-count={count}>
      <div className="brim-problem-head">
        <strong>{problemLabels[kind]}</strong>
        <span className="brim-problem-count">{formatCount(count)}</span>
        <span className="spacer" />
        <span className={`badge ${severity === 'blocks' ? 'brim-badge-error' : severity === 'fixable' ? 'badge-ok' : 'badge-warn'}`}>
          {severity === 'blocks' ? 'Blocks the upload' : severity === 'fixable' ? 'Fixed in a corrected copy' : 'Warning'}
        </span>
      </div>
      <p className="muted brim-problem-advice">{problemAdvice[kind]}</p>
      {sameMessage ? <p className="brim-problem-file">{sameMessage}</p> : null}
      {fileProblems.map((p, index) => (
        <p key={index} className="brim-problem-file">
          {p.message}
        </p>
      ))}
      {rows > 0 ? (
        <button type="button" className="btn btn-link" onClick={() => onShow(kind)}>
          Show {rows === 1 ? 'its row' : `its ${formatCount(rows)} rows`} below
        </button>
      ) : null}
    </li>
  );
}

/**
 * What pre-flight found in a notes CSV: its shape (rows, patients, encoding), and the problems grouped
 * by kind with counts and the first rows of each, named by row number, NOTE_ID and PERSON_ID. Note text
 * is never shown: it is protected health information and main never sends it.
 */
export function PreflightReport({ report, jobId }: { report: Report; jobId: string }) {
  const api = useApi();
  const [kind, setKind] = useState('');
  const kinds = (Object.keys(report.counts) as Kind[]).filter((kind) => (report.counts[kind] ?? 0) > 0 && kind in problemLabels);
  const listed = (kind: Kind) => report.problems.filter((p) => p.kind === kind);
  const severity = (of: Kind): Severity => {
    const problems = listed(of);
    if (problems.length > 0 && problems.every((p) => p.fixable)) return 'fixable';
    return warningOnly.has(of) ? 'warning' : 'blocks';
  };
  const tableProblems: TableProblem[] = report.problems.map((p) => ({ ...p, severity: p.fixable ? 'fixable' : warningOnly.has(p.kind) ? 'warning' : 'error' }));
  const download = async (): Promise<string | null> => finishDownload(await api.call('brim.preflightProblemsCsv', { jobId }));
  const table = useRef<HTMLDivElement>(null);
  const show = (of: Kind): void => {
    setKind(of);
    table.current?.scrollIntoView({ block: 'nearest' });
  };
  const total = kinds.reduce((sum, kind) => sum + (report.counts[kind] ?? 0), 0);
  const blocking = kinds.filter((kind) => severity(kind) === 'blocks');

  return (
    <section className="brim-report" data-testid="brim-preflight-report" data-uploadable={report.uploadable ? 'true' : 'false'} aria-label="Pre-flight report">
      <dl className="brim-report-facts">
        <div>
          <dt>File</dt>
          <dd className="brim-file-name" title={report.fileName}>
            {report.fileName}
          </dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(report.bytes)}</dd>
        </div>
        <div>
          <dt>Notes</dt>
          <dd data-testid="brim-report-rows">{formatCount(report.rows)}</dd>
        </div>
        <div>
          <dt>Patients</dt>
          <dd data-testid="brim-report-patients">{formatCount(report.patients)}</dd>
        </div>
        <div>
          <dt>Encoding</dt>
          <dd>{encodingLabels[report.encoding]}</dd>
        </div>
      </dl>
      {total === 0 ? (
        <div className="notice notice-ok" role="status" data-testid="brim-report-verdict">
          No problems found: the file is ready for Brim.
        </div>
      ) : blocking.length > 0 && !report.uploadable ? (
        <div className="notice notice-error" role="status" data-testid="brim-report-verdict">
          <div>
            <strong>Brim would refuse this file.</strong> Correct the {blocking.length === 1 ? 'problem' : 'problems'} marked “Blocks the upload” in the file itself, then drop it here again.
            {report.fixable ? '' : ' A corrected copy cannot fix these.'}
          </div>
        </div>
      ) : (
        <div className="notice notice-warning" role="status" data-testid="brim-report-verdict">
          {formatCount(total)} problem{total === 1 ? '' : 's'} found.
          {report.fixedStageId ? ' They are fixed in the corrected copy.' : report.fixable ? ' Carrel can write a corrected copy; your original file stays as it is.' : ''}
        </div>
      )}
      {report.fixedStageId ? (
        <div className="notice notice-ok" role="status" data-testid="brim-fixed-copy">
          Corrected copy written: <span className="mono">{report.fixedFileName ?? 'corrected copy'}</span>. The upload sends the copy; the original is unchanged.
        </div>
      ) : null}
      {kinds.length > 0 ? (
        <ul className="brim-problems">
          {orderKinds(kinds, (of) => severity(of) === 'blocks').map((of) => (
            <ProblemGroup key={of} kind={of} count={report.counts[of] ?? 0} problems={listed(of)} severity={severity(of)} onShow={show} />
          ))}
        </ul>
      ) : null}
      {tableProblems.length > 0 ? (
        <div ref={table}>
          <ProblemsTable
            problems={tableProblems}
            total={total}
            extraColumns={idColumns}
            kindLabel={(of) => problemLabels[of as Kind] ?? of}
            download={download}
            rowTestId="brim-problem-row"
            kind={kind}
            onKindChange={setKind}
          />
        </div>
      ) : null}
    </section>
  );
}
