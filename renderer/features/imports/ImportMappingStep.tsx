import { useEffect, useState } from 'react';
import type { ImportPlanSummary } from '../../../shared/contract/imports.ts';
import type { ImportOptions } from './use-import-flow.ts';

/**
 * Every column of the file and the field it goes to. Changes are drafted here and sent together with
 * "Apply", because every replan reads the whole file again.
 */
export function ImportMappingStep({ summary, busy, onReplan }: { summary: ImportPlanSummary; busy: boolean; onReplan: (options: ImportOptions) => void }) {
  const initial = (): Record<string, string | null> => Object.fromEntries(summary.mapping.map((m) => [m.column, m.field]));
  const [draft, setDraft] = useState(initial);
  useEffect(() => setDraft(Object.fromEntries(summary.mapping.map((m) => [m.column, m.field]))), [summary]);
  const dirty = summary.mapping.some((m) => (draft[m.column] ?? null) !== m.field);
  const unmapped = summary.mapping.filter((m) => m.field === null).length;

  return (
    <div className="import-step" data-testid="import-mapping">
      <p className="muted">
        {unmapped === 0 ? 'Every column goes to a field.' : `${unmapped} column${unmapped === 1 ? '' : 's'} will not be imported: choose a field for ${unmapped === 1 ? 'it' : 'them'}, or leave "skip".`}
      </p>
      <table className="review-table">
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">{summary.service === 'brainstem' ? 'BrainSTEM field' : 'REDCap field'}</th>
            <th scope="col">How it was matched</th>
          </tr>
        </thead>
        <tbody>
          {summary.mapping.map((m) => (
            <tr key={m.column} className={m.field === null ? 'import-unmapped' : undefined} data-testid="import-mapping-row" data-column={m.column}>
              <th scope="row">{m.column}</th>
              <td>
                <select
                  aria-label={`Field for column ${m.column}`}
                  value={draft[m.column] ?? ''}
                  disabled={busy}
                  onChange={(e) => setDraft({ ...draft, [m.column]: e.target.value === '' ? null : e.target.value })}
                >
                  <option value="">— skip —</option>
                  {summary.fields.map((f) => (
                    <option key={f.name} value={f.name}>
                      {f.name} · {f.label}
                    </option>
                  ))}
                </select>
              </td>
              <td className="muted">{m.how}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="import-actions">
        <button type="button" className="btn btn-primary" disabled={!dirty || busy} onClick={() => onReplan({ ...summary.options, mapping: draft })}>
          Apply mapping
        </button>
        <button type="button" className="btn" disabled={!dirty || busy} onClick={() => setDraft(initial())}>
          Undo changes
        </button>
      </div>
    </div>
  );
}
