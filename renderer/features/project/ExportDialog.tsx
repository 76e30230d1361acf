import { useState } from 'react';
import type { ColumnInfo, ViewSpec } from '../../../shared/contract/datasets.ts';
import { useApi } from '../../api/api-context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { formatCount } from '../../app/format.ts';
import { useJobs } from '../jobs/jobs-context.tsx';

export interface ExportScope {
  /** The table's view: dataset, columns, conditions, filter, sort and mode. */
  view: ViewSpec;
  /** What the table shows, for the dialog ("Demographics", "Logging"). */
  title: string;
  rows: number;
  unfilteredRows: number;
  columns: ColumnInfo[];
}

/** Export of exactly what the table shows: its rows (conditions, filter), their order (sort), columns and values (raw or labels). */
export function ExportDialog({ scope, shell, defaultBom, onClose }: { scope: ExportScope; shell: 'desktop' | 'web'; defaultBom: boolean; onClose: () => void }) {
  const api = useApi();
  const jobs = useJobs();
  const [header, setHeader] = useState<'names' | 'labels'>('names');
  const [bom, setBom] = useState(defaultBom);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const start = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if (bom !== defaultBom) void api.call('settings.update', { csvBom: bom }).catch(() => undefined);
      const { jobId } = await api.call('export.start', {
        view: scope.view,
        format: 'csv',
        header,
        bom,
      });
      if (jobId === null) {
        setBusy(false);
        return;
      }
      if (shell === 'web') jobs.downloadWhenDone(jobId);
      jobs.setPanelOpen(true);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const { sort, filter, mode } = scope.view;
  const sortText = sort.length ? sort.map((s) => `${s.column} ${s.direction === 'asc' ? '↑' : '↓'}`).join(', ') : scope.view.dataset === 'records' ? 'record order' : 'the order REDCap gave';
  return (
    <Dialog
      title="Export to CSV"
      onClose={onClose}
      testId="export-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={busy || scope.rows === 0} onClick={() => void start()} autoFocus>
            {busy ? 'Starting…' : shell === 'web' ? 'Export and download' : 'Choose file and export…'}
          </button>
        </>
      }
    >
      <p>
        The file holds what the table of <strong>{scope.title}</strong> shows now: <strong>{formatCount(scope.rows)}</strong>
        {scope.rows !== scope.unfilteredRows ? ` of ${formatCount(scope.unfilteredRows)}` : ''} rows, {scope.columns.length} columns, sorted by {sortText}
        {filter.trim() ? <>, filtered by “{filter.trim()}”</> : null}, values as <strong>{mode === 'label' ? 'labels' : 'raw codes'}</strong>.
      </p>
      <fieldset className="form-group">
        <legend>Header row</legend>
        <label className="radio">
          <input type="radio" name="header" checked={header === 'names'} onChange={() => setHeader('names')} /> Field names (<span className="mono">record_id, dob…</span>) — for R, Stata, SPSS
        </label>
        <label className="radio">
          <input type="radio" name="header" checked={header === 'labels'} onChange={() => setHeader('labels')} /> Field labels, as in the table headers
        </label>
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> Add a UTF-8 byte-order mark, so Excel shows accented letters correctly
      </label>
      {error ? <ErrorNotice error={error} /> : null}
    </Dialog>
  );
}
