import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract/index.ts';
import type { ImportPlanSummary } from '../../../shared/contract/imports.ts';
import { useApi } from '../../api/api-context.ts';
import { formatCount } from '../../app/format.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

type ChangesPage = MethodOutput<'imports.planChanges'>;
type Kind = 'all' | 'new' | 'changed';
const pageSize = 50;

/** What the import will do: counts, then a page at a time of record, event, field: old → new. */
export function ImportChangesStep({ summary }: { summary: ImportPlanSummary }) {
  const api = useApi();
  const [kind, setKind] = useState<Kind>('all');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<ChangesPage | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    api.call('imports.planChanges', { planId: summary.planId, offset, limit: pageSize, kind }).then(
      (result) => live && setPage(result),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api, summary.planId, offset, kind]);

  const total = page?.total ?? 0;
  const brainstem = summary.service === 'brainstem';
  const noun = brainstem ? 'objects' : 'records';
  return (
    <div className="import-step" data-testid="import-changes">
      <dl className="import-counts">
        <div>
          <dt>New {noun}</dt>
          <dd data-testid="import-count-new">{formatCount(summary.newRecords)}</dd>
        </div>
        <div>
          <dt>{brainstem ? 'Changed objects' : 'Changed rows'}</dt>
          <dd data-testid="import-count-changed">{formatCount(summary.changedRows)}</dd>
        </div>
        <div>
          <dt>Unchanged rows</dt>
          <dd>{formatCount(summary.unchangedRows)}</dd>
        </div>
        <div>
          <dt>Values blanked</dt>
          <dd>{formatCount(summary.blanked)}</dd>
        </div>
      </dl>
      <label className="import-filter">
        Show
        <select
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as Kind);
            setOffset(0);
          }}
        >
          <option value="all">all changes</option>
          <option value="new">new {noun} only</option>
          <option value="changed">changed {noun} only</option>
        </select>
      </label>
      {error ? <ErrorNotice error={error} /> : null}
      <table className="review-table">
        <thead>
          <tr>
            <th scope="col">{brainstem ? 'Object' : 'Record'}</th>
            {brainstem ? null : <th scope="col">Event</th>}
            <th scope="col">Field</th>
            <th scope="col">Now</th>
            <th scope="col">After the import</th>
          </tr>
        </thead>
        <tbody>
          {(page?.rows ?? []).flatMap((row, r) =>
            row.changes.map((c, i) => (
              <tr key={`${offset + r}|${c.field}`} data-testid="import-change" data-record={row.record} data-label={row.label ?? undefined} data-field={c.field} data-kind={row.kind}>
                <td title={brainstem && row.record ? `id ${row.record}` : undefined}>{i === 0 ? <>{row.label ?? row.record}{row.kind === 'new' ? <span className="badge badge-ok import-new">new</span> : null}</> : null}</td>
                {brainstem ? null : <td>{row.event || '—'}{row.repeatInstance ? ` #${row.repeatInstance}` : ''}</td>}
                <td>{c.field}</td>
                <td className="import-old">{c.old === null ? <span className="muted">(empty)</span> : c.old}</td>
                <td className="import-newvalue">{c.new === '' ? <span className="muted">(blank)</span> : c.new}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {page && total === 0 ? <p className="muted">Nothing to change: every row matches what {brainstem ? 'BrainSTEM' : 'REDCap'} holds.</p> : null}
      {total > pageSize ? (
        <div className="import-pager">
          <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
            Previous
          </button>
          <span className="muted">
            Rows {formatCount(offset + 1)}–{formatCount(Math.min(total, offset + pageSize))} of {formatCount(total)}
          </span>
          <button type="button" className="btn" disabled={offset + pageSize >= total} onClick={() => setOffset(offset + pageSize)}>
            Next
          </button>
        </div>
      ) : null}
    </div>
  );
}
