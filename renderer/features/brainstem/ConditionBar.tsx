import { useState, type FormEvent } from 'react';
import type { BrainstemField } from '../../../shared/contract/brainstem.ts';
import type { ColumnInfo, ViewCondition, ViewOperator } from '../../../shared/contract/datasets.ts';
import { describeCondition, operatorLabel, operatorsFor, splitValues, valueInputType } from './condition-operators.ts';

/** The view takes at most this many conditions (the contract's cap). */
const maxConditions = 8;

interface Draft {
  column: string;
  op: ViewOperator;
  not: boolean;
  first: string;
  second: string;
}

function draftFrom(condition: ViewCondition): Draft {
  const op = condition.op ?? 'in';
  return {
    column: condition.column,
    op,
    not: condition.not === true,
    first: op === 'in' ? condition.values.join(', ') : (condition.values[0] ?? ''),
    second: condition.values[1] ?? '',
  };
}

function conditionFrom(draft: Draft): ViewCondition | null {
  let values: string[];
  if (draft.op === 'isnull') values = [draft.first === 'false' ? 'false' : 'true'];
  else if (draft.op === 'in') values = splitValues(draft.first);
  else if (draft.op === 'range') values = [draft.first.trim(), draft.second.trim()];
  else values = [draft.first.trim()];
  if (values.some((value) => value === '') || values.length === 0) return null;
  return { column: draft.column, op: draft.op, ...(draft.not ? { not: true } : {}), values };
}

export interface ConditionBarProps {
  columns: ColumnInfo[];
  fields: BrainstemField[];
  conditions: ViewCondition[];
  onChange: (conditions: ViewCondition[]) => void;
}

/**
 * Conditions on columns with the server's own filter operators (contains, starts with, greater than,
 * between, is empty…, each negatable), applied to the offline copy. Shown as chips; a chip opens its
 * condition for editing, ✕ removes it.
 */
export function ConditionBar({ columns, fields, conditions, onChange }: ConditionBarProps) {
  const [editing, setEditing] = useState<{ index: number | null; draft: Draft } | null>(null);
  const fieldKind = (column: string) => fields.find((f) => f.name === column)?.kind ?? null;
  const columnOf = (name: string) => columns.find((c) => c.name === name);
  const labelOf = (name: string) => columnOf(name)?.label ?? name;

  const startNew = (): void => {
    const column = columns.find((c) => c.name === 'name' || c.name === 'label') ?? columns[0];
    if (!column) return;
    setEditing({ index: null, draft: { column: column.name, op: operatorsFor(fieldKind(column.name), column.numeric)[0]!, not: false, first: '', second: '' } });
  };

  const draft = editing?.draft ?? null;
  const kind = draft ? fieldKind(draft.column) : null;
  const numeric = draft ? (columnOf(draft.column)?.numeric ?? false) : false;
  const ready = draft ? conditionFrom(draft) : null;
  const update = (change: Partial<Draft>): void => setEditing((current) => (current ? { ...current, draft: { ...current.draft, ...change } } : current));

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    if (!editing || !ready) return;
    const next = [...conditions];
    if (editing.index === null) next.push(ready);
    else next[editing.index] = ready;
    onChange(next);
    setEditing(null);
  };

  const inputType = draft ? valueInputType(kind, numeric, draft.op) : 'text';
  const choices = draft && (draft.op === 'exact' || draft.op === 'iexact') ? fields.find((f) => f.name === draft.column)?.choices : null;

  return (
    <div className="bs-condition-bar" data-testid="condition-bar">
      {conditions.map((condition, index) => (
        <span key={index} className="bs-cond-chip" data-testid="condition-chip">
          <button type="button" className="bs-cond-chip-text" onClick={() => setEditing({ index, draft: draftFrom(condition) })} title="Change this condition">
            {describeCondition(condition, labelOf(condition.column), fieldKind(condition.column))}
          </button>
          <button type="button" className="bs-cond-chip-remove" aria-label={`Remove the condition ${describeCondition(condition, labelOf(condition.column), fieldKind(condition.column))}`} onClick={() => onChange(conditions.filter((_, i) => i !== index))}>
            ✕
          </button>
        </span>
      ))}
      {editing === null ? (
        <>
          <button type="button" className="btn btn-small" onClick={startNew} disabled={conditions.length >= maxConditions || columns.length === 0} title="Show only rows whose column meets a condition">
            + Condition
          </button>
          {conditions.length > 1 ? (
            <button type="button" className="btn btn-link btn-small" onClick={() => onChange([])}>
              Clear conditions
            </button>
          ) : null}
        </>
      ) : null}
      {editing && draft ? (
        <form
          className="bs-condition-editor"
          aria-label={editing.index === null ? 'New condition' : 'Change condition'}
          onSubmit={apply}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              setEditing(null);
            }
          }}
        >
          <select aria-label="Column" value={draft.column} autoFocus onChange={(e) => update({ column: e.target.value, op: operatorsFor(fieldKind(e.target.value), columnOf(e.target.value)?.numeric ?? false)[0]!, first: '', second: '' })}>
            {columns.map((column) => (
              <option key={column.name} value={column.name}>
                {column.label}
              </option>
            ))}
          </select>
          <label className="checkbox bs-not">
            <input type="checkbox" checked={draft.not} onChange={(e) => update({ not: e.target.checked })} />
            <span>not</span>
          </label>
          <select aria-label="Operator" value={draft.op} onChange={(e) => update({ op: e.target.value as ViewOperator, first: e.target.value === 'isnull' ? 'true' : draft.op === 'isnull' ? '' : draft.first })}>
            {operatorsFor(kind, numeric).map((op) => (
              <option key={op} value={op}>
                {op === 'isnull' ? 'is empty / not empty' : operatorLabel(op, kind)}
              </option>
            ))}
          </select>
          {draft.op === 'isnull' ? (
            <select aria-label="Value" value={draft.first} onChange={(e) => update({ first: e.target.value })}>
              <option value="true">empty</option>
              <option value="false">not empty</option>
            </select>
          ) : choices ? (
            <select aria-label="Value" value={draft.first} onChange={(e) => update({ first: e.target.value })}>
              <option value="">Choose…</option>
              {choices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              type={inputType}
              aria-label={draft.op === 'range' ? 'From' : 'Value'}
              placeholder={draft.op === 'in' ? 'values, separated by commas' : undefined}
              value={draft.first}
              step={inputType === 'number' ? 'any' : undefined}
              onChange={(e) => update({ first: e.target.value })}
            />
          )}
          {draft.op === 'range' ? (
            <>
              <span className="muted">and</span>
              <input type={inputType} aria-label="To" value={draft.second} step={inputType === 'number' ? 'any' : undefined} onChange={(e) => update({ second: e.target.value })} />
            </>
          ) : null}
          <button type="submit" className="btn btn-small btn-primary" disabled={!ready}>
            {editing.index === null ? 'Add' : 'Apply'}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      ) : null}
    </div>
  );
}
