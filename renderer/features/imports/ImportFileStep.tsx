import type { ImportPlanSummary } from '../../../shared/contract/imports.ts';
import { formatCount } from '../../app/format.ts';
import type { ImportOptions } from './use-import-flow.ts';

const delimiterNames: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** What was read, and how: the options that change how values are read replan at once. */
export function ImportFileStep({ summary, busy, onReplan, requiredFields }: { summary: ImportPlanSummary; busy: boolean; onReplan: (options: ImportOptions) => void; requiredFields?: string[] | undefined }) {
  const { options } = summary;
  const brainstem = summary.service === 'brainstem';
  const change = (patch: Partial<ImportOptions>): void => onReplan({ ...options, ...patch });
  return (
    <div className="import-step" data-testid="import-file">
      <dl className="import-facts">
        <dt>File</dt>
        <dd>{summary.fileName}</dd>
        <dt>Rows read</dt>
        <dd data-testid="import-rows-read">{formatCount(summary.rowsRead)}</dd>
        <dt>Encoding</dt>
        <dd>{summary.encoding}</dd>
        <dt>Delimiter</dt>
        <dd>{delimiterNames[summary.delimiter] ?? JSON.stringify(summary.delimiter)}</dd>
      </dl>
      {brainstem ? (
        <p className="muted" data-testid="import-brainstem-hint">
          Rows with an id update that object; rows without one create a new one
          {requiredFields && requiredFields.length > 0 ? `, which needs ${requiredFields.join(', ')}` : ''}. Relations take the related object's id or its exact name; lists are separated by ";" or ",". Dates are written YYYY-MM-DD.
        </p>
      ) : null}
      <fieldset className="import-options" disabled={busy}>
        <legend>How to read the values</legend>
        {brainstem ? null : <>
        <label>
          Dates in the file are written
          <select value={options.dateFormat} onChange={(e) => change({ dateFormat: e.target.value as ImportOptions['dateFormat'] })}>
            <option value="YMD">year-month-day (2024-03-31)</option>
            <option value="MDY">month/day/year (03/31/2024)</option>
            <option value="DMY">day/month/year (31/03/2024)</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={options.labelsToCodes} onChange={(e) => change({ labelsToCodes: e.target.checked })} />
          Choices are written as labels ("Female"): convert them to codes
        </label>
        </>}
        <label className="check">
          <input type="checkbox" checked={options.overwrite} onChange={(e) => change({ overwrite: e.target.checked })} />
          {brainstem ? 'Blank cells erase the texts and lists BrainSTEM holds (otherwise blanks are left alone)' : 'Blank cells erase the values REDCap holds (otherwise blanks are left alone)'}
        </label>
      </fieldset>
    </div>
  );
}
