import { useState } from 'react';
import type { ColumnInfo, ViewSpec } from '../../../shared/contract/datasets.ts';
import type { ExportFormat } from '../../../shared/contract/exports.ts';
import { useApi } from '../../api/api-context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { formatCount } from '../../app/format.ts';
import { useJobs } from '../jobs/jobs-context.tsx';
import './export-dialog.css';

export interface ExportScope {
  /** The table's view: dataset, columns, conditions, filter, sort and mode. */
  view: ViewSpec;
  /** What the table shows, for the dialog ("Demographics", "Logging"). */
  title: string;
  rows: number;
  unfilteredRows: number;
  columns: ColumnInfo[];
}

/** Rows an Excel sheet holds under its header row. */
const excelRows = 1_048_575;

const formats: Array<{ format: ExportFormat; title: string; hint: string; bundle: boolean }> = [
  { format: 'csv', title: 'CSV', hint: 'any spreadsheet or program', bundle: false },
  { format: 'tsv', title: 'TSV', hint: 'tab-separated text', bundle: false },
  { format: 'xlsx', title: 'Excel (XLSX)', hint: 'typed cells, a Dictionary and an About sheet', bundle: false },
  { format: 'r', title: 'R', hint: 'CSV + R script with labels and factors', bundle: true },
  { format: 'stata', title: 'Stata', hint: 'CSV + do-file with labels and value labels', bundle: true },
  { format: 'spss', title: 'SPSS', hint: 'CSV + syntax with labels and value labels', bundle: true },
];

/** REDCap records and reports have the data dictionary the statistics scripts are written from. */
function bundlesAllowed(view: ViewSpec): boolean {
  return view.dataset === 'records' || view.dataset.startsWith('report_');
}

/**
 * Export of a table: what it shows now (rows after conditions and filter, their order, columns, raw or
 * labels) or the whole dataset, as CSV, TSV, XLSX or — for REDCap records and reports — a statistics bundle.
 */
export function ExportDialog({ scope, shell, defaultBom, bundles = false, onClose }: { scope: ExportScope; shell: 'desktop' | 'web'; defaultBom: boolean; bundles?: boolean; onClose: () => void }) {
  const api = useApi();
  const jobs = useJobs();
  const offerBundles = bundles && bundlesAllowed(scope.view);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [extent, setExtent] = useState<'view' | 'all'>('view');
  const [header, setHeader] = useState<'names' | 'labels'>('names');
  const [delimiter, setDelimiter] = useState<',' | ';' | '|'>(',');
  const [bom, setBom] = useState(defaultBom);
  const [overflow, setOverflow] = useState<'split' | 'refuse'>('split');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const bundle = formats.find((f) => f.format === format)?.bundle ?? false;
  const rows = extent === 'all' ? scope.unfilteredRows : scope.rows;
  const start = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if (bom !== defaultBom && (format === 'csv' || format === 'tsv')) void api.call('settings.update', { csvBom: bom }).catch(() => undefined);
      const { jobId } = await api.call('export.start', { view: scope.view, scope: extent, format, header: bundle ? 'names' : header, bom: bundle ? false : bom, delimiter, xlsxOverflow: overflow });
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

  const { sort, filter, mode, where } = scope.view;
  const narrowed = scope.rows !== scope.unfilteredRows || (where?.length ?? 0) > 0 || filter.trim() !== '';
  const sortText = sort.length ? sort.map((s) => `${s.column} ${s.direction === 'asc' ? '↑' : '↓'}`).join(', ') : scope.view.dataset === 'records' ? 'record order' : 'the order the server gave';
  const values = bundle ? 'raw codes (the script adds the labels)' : mode === 'label' ? 'labels' : 'raw codes';
  return (
    <Dialog
      title="Export"
      onClose={onClose}
      testId="export-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={busy || rows === 0} onClick={() => void start()} autoFocus>
            {busy ? 'Starting…' : shell === 'web' ? 'Export and download' : 'Choose file and export…'}
          </button>
        </>
      }
    >
      <p>
        From <strong>{scope.title}</strong>: <strong>{formatCount(rows)}</strong>
        {extent === 'view' && scope.rows !== scope.unfilteredRows ? ` of ${formatCount(scope.unfilteredRows)}` : ''} rows,{' '}
        {extent === 'view' ? `${scope.columns.length} columns, sorted by ${sortText}` : 'every column, in record order'}
        {extent === 'view' && filter.trim() ? <>, filtered by “{filter.trim()}”</> : null}, values as <strong>{values}</strong>.
      </p>
      <fieldset className="form-group export-formats">
        <legend>Format</legend>
        {formats
          .filter((f) => !f.bundle || offerBundles)
          .map((f) => (
            <label className="radio" key={f.format}>
              <input type="radio" name="export-format" checked={format === f.format} onChange={() => setFormat(f.format)} /> {f.title}
              <span className="muted">— {f.hint}</span>
            </label>
          ))}
        {bundles && !offerBundles ? <p className="muted export-hint">R, Stata and SPSS files are offered for records and reports, which have a data dictionary.</p> : null}
        {bundle ? (
          <p className="muted export-hint" data-testid="bundle-hint">
            {shell === 'web' ? 'Downloads one ZIP holding the script and its data CSV.' : 'You choose the script’s name; the data CSV is saved beside it under the same name.'}
          </p>
        ) : null}
      </fieldset>
      <fieldset className="form-group">
        <legend>Rows and columns</legend>
        <label className="radio">
          <input type="radio" name="export-scope" checked={extent === 'view'} onChange={() => setExtent('view')} /> Current view: {formatCount(scope.rows)} rows × {scope.columns.length} columns, as sorted and filtered
        </label>
        <label className="radio">
          <input type="radio" name="export-scope" checked={extent === 'all'} onChange={() => setExtent('all')} /> Everything: all {formatCount(scope.unfilteredRows)} rows and every column{narrowed ? ' (ignores filter and conditions)' : ''}
        </label>
      </fieldset>
      {bundle ? null : (
        <fieldset className="form-group">
          <legend>Header row</legend>
          <label className="radio">
            <input type="radio" name="header" checked={header === 'names'} onChange={() => setHeader('names')} />{' '}
            <span>
              Field names (<span className="mono">record_id, dob…</span>) — for R, Stata, SPSS
            </span>
          </label>
          <label className="radio">
            <input type="radio" name="header" checked={header === 'labels'} onChange={() => setHeader('labels')} /> Field labels, as in the table headers
          </label>
        </fieldset>
      )}
      {format === 'csv' ? (
        <label className="export-field">
          Separator{' '}
          <select value={delimiter} onChange={(e) => setDelimiter(e.target.value as ',' | ';' | '|')}>
            <option value=",">Comma (,)</option>
            <option value=";">Semicolon (;) — Excel where the decimal mark is a comma</option>
            <option value="|">Pipe (|)</option>
          </select>
        </label>
      ) : null}
      {format === 'csv' || format === 'tsv' ? (
        <label className="checkbox">
          <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> Add a UTF-8 byte-order mark, so Excel shows accented letters correctly
        </label>
      ) : null}
      {format === 'xlsx' && rows > excelRows ? (
        <fieldset className="form-group" data-testid="xlsx-overflow">
          <legend>More rows than an Excel sheet holds ({formatCount(excelRows)})</legend>
          <label className="radio">
            <input type="radio" name="xlsx-overflow" checked={overflow === 'split'} onChange={() => setOverflow('split')} /> Continue on further sheets (Data, Data (2)…)
          </label>
          <label className="radio">
            <input type="radio" name="xlsx-overflow" checked={overflow === 'refuse'} onChange={() => setOverflow('refuse')} /> Do not export; I will use CSV instead
          </label>
        </fieldset>
      ) : null}
      {format === 'csv' || format === 'tsv' ? <p className="muted export-hint">Text starting with = + - or @ gets a leading ' so spreadsheets do not run it as a formula.</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </Dialog>
  );
}
