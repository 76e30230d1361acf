import { formatBytes, formatCount } from '../../app/format.ts';
import type { PreviewRow } from './use-bulk-file-upload.ts';

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** What each file of the drop will do: its record, the file it replaces there, or why it stays behind. */
export function BulkFilePreview({ rows, caption }: { rows: PreviewRow[]; caption: string }) {
  const going = rows.filter((r) => r.problem === null && r.recordId !== null);
  const replacing = going.filter((r) => r.existing !== null).length;
  const refused = rows.length - going.length;
  return (
    <div className="bulk-preview">
      <p className="bulk-counts" data-testid="bulk-counts">
        {plural(going.length, 'file goes', 'files go')} to {plural(going.length, 'record', 'records')}
        {replacing > 0 ? <span className="bulk-warn"> · {plural(replacing, 'replaces a file', 'replace a file')} already there</span> : null}
        {refused > 0 ? <span className="bulk-refused"> · {plural(refused, 'file', 'files')} will not be sent</span> : null}
      </p>
      <div className="bulk-table-wrap">
        <table className="review-table review-table-compact bulk-table" data-testid="bulk-preview">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col" className="bulk-size">
                Size
              </th>
              <th scope="col">→ Record</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const state = row.problem !== null || row.recordId === null ? 'refused' : row.existing !== null ? 'replace' : 'ok';
              return (
                <tr key={i} className={`bulk-row-${state}`} data-name={row.file.name} data-state={state} data-record={row.recordId ?? ''}>
                  <td className="bulk-name" title={row.file.name}>
                    {row.file.name}
                  </td>
                  <td className="bulk-size">{formatBytes(row.file.size)}</td>
                  <td>{row.recordId ?? '—'}</td>
                  <td>
                    {row.problem ?? (row.existing !== null ? <span className="bulk-warn">Replaces {row.existing}</span> : <span className="muted">New file</span>)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
