import { useState } from 'react';
import type { PreflightProblem, PreflightReport as Report } from '../../../shared/contract/brim.ts';
import { formatBytes, formatCount } from '../../app/format.ts';
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
const firstShown = 5;

function ProblemGroup({ kind, count, problems, severity }: { kind: Kind; count: number; problems: PreflightProblem[]; severity: 'blocks' | 'fixable' | 'warning' }) {
  const [all, setAll] = useState(false);
  const shown = all ? problems : problems.slice(0, firstShown);
  const rowProblems = shown.filter((p) => p.row !== null);
  const fileProblems = shown.filter((p) => p.row === null);
  // One sentence said once when every row says the same; a column only when rows differ.
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
      {rowProblems.length > 0 ? (
        <table className="brim-problem-rows">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">NOTE_ID</th>
              <th scope="col">PERSON_ID</th>
              {sameMessage ? null : <th scope="col">What</th>}
            </tr>
          </thead>
          <tbody>
            {rowProblems.map((p, index) => (
              <tr key={`${p.row}-${index}`} data-testid="brim-problem-row">
                <td className="mono">{p.row}</td>
                <td className="mono">{p.noteId ?? '—'}</td>
                <td className="mono">{p.personId ?? '—'}</td>
                {sameMessage ? null : <td>{p.message}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {problems.length > firstShown ? (
        <button type="button" className="btn btn-link" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show ${formatCount(problems.length - firstShown)} more`}
        </button>
      ) : null}
      {count > problems.length && (all || problems.length <= firstShown) ? (
        <p className="muted">The first {formatCount(problems.length)} are listed; {formatCount(count - problems.length)} more are like them.</p>
      ) : null}
    </li>
  );
}

/**
 * What pre-flight found in a notes CSV: its shape (rows, patients, encoding), and the problems grouped
 * by kind with counts and the first rows of each, named by row number, NOTE_ID and PERSON_ID. Note text
 * is never shown: it is protected health information and main never sends it.
 */
export function PreflightReport({ report }: { report: Report }) {
  const kinds = (Object.keys(report.counts) as Kind[]).filter((kind) => (report.counts[kind] ?? 0) > 0 && kind in problemLabels);
  const listed = (kind: Kind) => report.problems.filter((p) => p.kind === kind);
  const severity = (kind: Kind): 'blocks' | 'fixable' | 'warning' => {
    const problems = listed(kind);
    if (problems.length > 0 && problems.every((p) => p.fixable)) return 'fixable';
    return warningOnly.has(kind) ? 'warning' : 'blocks';
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
          {orderKinds(kinds, (kind) => severity(kind) === 'blocks').map((kind) => (
            <ProblemGroup key={kind} kind={kind} count={report.counts[kind] ?? 0} problems={listed(kind)} severity={severity(kind)} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
