import { Fragment } from 'react';
import type { BrimPairVerdict, BrimRedcapPrepare } from '../../../shared/contract/brim-redcap.ts';
import type { Draft } from './use-brim-redcap.ts';

const verdictWords: Record<BrimPairVerdict['verdict'], string> = { ok: 'OK', warning: 'Check', error: 'Fix' };
const howWords: Record<BrimPairVerdict['values'][number]['how'], string> = {
  label: 'same label',
  code: 'same code',
  similar: 'similar spelling',
  chosen: 'your choice',
  blank: 'left blank',
  none: 'no match',
};

function VerdictBadge({ verdict }: { verdict: BrimPairVerdict | undefined }) {
  if (!verdict) return <span className="muted">…</span>;
  const tone = verdict.verdict === 'ok' ? 'badge-ok' : verdict.verdict === 'warning' ? 'badge-warn' : 'brim-redcap-badge-error';
  return (
    <span className={`badge ${tone}`} data-testid="brim-redcap-verdict" data-verdict={verdict.verdict}>
      {verdictWords[verdict.verdict]}
    </span>
  );
}

/**
 * Each Brim variable with the REDCap field it goes to (or skip), the verdict on the pair, and, for fields
 * with choices, what each Brim value becomes: the user can pick a choice for it, or leave it blank.
 */
export function MappingTable({
  prepared,
  draft,
  verdicts,
  onField,
  onValue,
}: {
  prepared: BrimRedcapPrepare;
  draft: Draft;
  verdicts: readonly BrimPairVerdict[];
  onField: (variable: string, field: string | null) => void;
  onValue: (variable: string, value: string, code: string | null | undefined) => void;
}) {
  const fieldsByName = new Map(prepared.fields.map((f) => [f.name, f]));
  return (
    <table className="review-table brim-redcap-table" data-testid="brim-redcap-mapping">
      <thead>
        <tr>
          <th scope="col">Brim variable</th>
          <th scope="col">Values</th>
          <th scope="col">REDCap field</th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {prepared.variables.map((variable) => {
          const pair = draft[variable.name];
          const verdict = pair ? verdicts.find((v) => v.variable === variable.name && v.field === pair.field) : undefined;
          const field = pair ? fieldsByName.get(pair.field) : undefined;
          return (
            <Fragment key={variable.name}>
              <tr data-testid="brim-redcap-row" data-variable={variable.name}>
                <th scope="row">
                  {variable.name}
                  <div className="muted brim-redcap-type">
                    {variable.type}
                    {variable.multiple ? ', several per patient' : ''} · {variable.patients} patients
                  </div>
                </th>
                <td className="muted brim-redcap-values" title={variable.values.join(' | ')}>
                  {variable.values.slice(0, 4).join(' · ')}
                  {variable.values.length > 4 || variable.moreValues ? ' …' : ''}
                </td>
                <td>
                  <select aria-label={`REDCap field for ${variable.name}`} value={pair?.field ?? ''} onChange={(e) => onField(variable.name, e.target.value === '' ? null : e.target.value)}>
                    <option value="">— skip —</option>
                    {prepared.fields.map((f) => (
                      <option key={f.name} value={f.name}>
                        {f.name} · {f.label} ({f.validation || f.type})
                      </option>
                    ))}
                  </select>
                </td>
                <td>{pair ? <VerdictBadge verdict={verdict} /> : <span className="muted">skipped</span>}</td>
              </tr>
              {pair && verdict && verdict.messages.length > 0 ? (
                <tr className="brim-redcap-messages">
                  <td colSpan={4}>
                    <ul data-testid="brim-redcap-messages" data-variable={variable.name}>
                      {verdict.messages.map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ) : null}
              {pair && verdict && field && verdict.values.length > 0 ? (
                <tr className="brim-redcap-choices">
                  <td colSpan={4}>
                    <table className="brim-redcap-value-table" aria-label={`Values of ${variable.name}`}>
                      <tbody>
                        {verdict.values.map((m) => (
                          <tr key={m.value} data-testid="brim-redcap-value" data-value={m.value} data-how={m.how}>
                            <th scope="row">{m.value}</th>
                            <td className="muted">{m.patients} patients</td>
                            <td>
                              <select
                                aria-label={`${field.name} choice for ${m.value}`}
                                value={m.how === 'blank' ? '__blank' : (m.code ?? '')}
                                onChange={(e) => onValue(variable.name, m.value, e.target.value === '__blank' ? null : e.target.value === '' ? undefined : e.target.value)}
                              >
                                <option value="">— automatic —</option>
                                {field.choices.map((c) => (
                                  <option key={c.code} value={c.code}>
                                    {c.code} · {c.label}
                                  </option>
                                ))}
                                <option value="__blank">leave blank</option>
                              </select>
                            </td>
                            <td className={m.how === 'none' ? 'brim-redcap-none' : 'muted'}>{howWords[m.how]}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
