import { useState } from 'react';
import type { BrainstemField, BrainstemLink, BrainstemModelSummary, BrainstemRecordView } from '../../../shared/contract/brainstem.ts';
import { displayValue, modelLabel } from './record-display.ts';

export interface RecordFieldsProps {
  model: BrainstemModelSummary;
  models: readonly BrainstemModelSummary[];
  record: BrainstemRecordView;
  /** Fields shown elsewhere in the pane (a log's entries). */
  skip: readonly string[];
  onOpen: (model: string, id: string) => void;
}

const shownAtFirst = 25;

function LinkList({ links, model, models, label, onOpen }: { links: readonly BrainstemLink[]; model: string; models: readonly BrainstemModelSummary[]; label: string; onOpen: (model: string, id: string) => void }) {
  const [all, setAll] = useState(false);
  if (links.length === 0) return <Empty />;
  const shown = all ? links : links.slice(0, shownAtFirst);
  const what = modelLabel(models, model).toLowerCase();
  return (
    <>
      <ul className="bs-links" aria-label={label}>
        {shown.map((link) => (
          <li key={link.id}>
            {model === '' ? (
              <span className="mono">{link.label}</span>
            ) : (
              <button type="button" className="btn-link bs-link" onClick={() => onOpen(model, link.id)} title={link.cached ? `Open this ${what}` : `Open this ${what}: it is not in the offline copy, so Carrel asks the server`} data-cached={link.cached}>
                {link.label}
              </button>
            )}
            {link.cached ? null : <span className="bs-uncached muted">not cached</span>}
          </li>
        ))}
      </ul>
      {links.length > shown.length ? (
        <button type="button" className="btn btn-link btn-small" onClick={() => setAll(true)}>
          Show all {links.length}
        </button>
      ) : null}
    </>
  );
}

function Empty() {
  return (
    <span className="muted" aria-label="empty">
      —
    </span>
  );
}

function Value({ field, value }: { field: BrainstemField; value: unknown }) {
  const shown = displayValue(field, value);
  switch (shown.kind) {
    case 'empty':
      return <Empty />;
    case 'json':
      return <pre className="bs-json-view mono">{shown.text}</pre>;
    case 'tags':
      return (
        <ul className="bs-chips bs-chips-static">
          {shown.tags.map((tag) => (
            <li key={tag} className="bs-chip">
              {tag}
            </li>
          ))}
        </ul>
      );
    default:
      return <span title={shown.title}>{shown.text}</span>;
  }
}

/** The ids of a relation field when main did not resolve it (ids as labels, treated as not cached). */
function rawLinks(value: unknown): BrainstemLink[] {
  const ids = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  return ids.filter((id) => typeof id === 'string' || typeof id === 'number').map((id) => ({ id: String(id), label: String(id), cached: false }));
}

/** Every field in the model's order; relations (forward, and reverse ones main resolved) as links. */
export function RecordFields({ model, models, record, skip, onOpen }: RecordFieldsProps) {
  const fields = model.fields.filter((field) => !skip.includes(field.name));
  const named = new Set(fields.map((field) => field.name));
  const extra = record.relations.filter((relation) => !named.has(relation.field) && !skip.includes(relation.field));
  return (
    <dl className="bs-fields">
      {fields.map((field) => {
        const isRelation = field.kind === 'relation' || field.kind === 'relations';
        const relation = isRelation ? record.relations.find((candidate) => candidate.field === field.name) : undefined;
        return (
          <div key={field.name} className="bs-field-row" data-field={field.name}>
            <dt>{field.label}</dt>
            <dd>
              {isRelation ? (
                <LinkList links={relation?.links ?? rawLinks(record.values[field.name])} model={relation?.model ?? field.relatedModel ?? ''} models={models} label={field.label} onOpen={onOpen} />
              ) : (
                <Value field={field} value={record.values[field.name]} />
              )}
            </dd>
          </div>
        );
      })}
      {extra.map((relation) => (
        <div key={relation.field} className="bs-field-row" data-field={relation.field}>
          <dt>{relation.label}</dt>
          <dd>
            <LinkList links={relation.links} model={relation.model} models={models} label={relation.label} onOpen={onOpen} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
