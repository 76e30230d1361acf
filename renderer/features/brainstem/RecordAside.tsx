import type { BrainstemModelSummary, BrainstemWriteResult } from '../../../shared/contract/brainstem.ts';
import { RecordForm } from './RecordForm.tsx';
import { RecordPane } from './RecordPane.tsx';
import { afterSave, currentRecord, followLink, goBack, withoutRecord, type Aside } from './record-aside.ts';

export interface RecordAsideProps {
  connectionId: string;
  models: BrainstemModelSummary[];
  aside: Aside;
  onChange: (aside: Aside) => void;
  onNotice: (message: string) => void;
  onSignInNeeded: () => void;
}

/**
 * The pane beside the table: a record with its relations (links open the related record here, Back
 * returns), or the form to create or edit one. Forms keep their own state while a sign-in runs.
 */
export function RecordAside({ connectionId, models, aside, onChange, onNotice, onSignInNeeded }: RecordAsideProps) {
  if (!aside) return null;
  const modelOf = (name: string) => models.find((m) => m.model === name);
  const back = goBack(aside);
  const backLabel = (() => {
    if (!back) return null;
    if (back.kind === 'form') return 'Back to the form';
    const ref = currentRecord(back);
    const model = ref ? modelOf(ref.model) : undefined;
    return `Back to the ${model ? model.label.toLowerCase() : 'record'}`;
  })();

  const saved = (result: BrainstemWriteResult): void => {
    if (result.record) {
      onChange(afterSave(aside, { model: result.record.model, id: result.record.id }));
      return;
    }
    // The form has already said "sent for approval" and the user acknowledged it there.
    onChange(goBack(aside));
  };

  let body;
  if (aside.kind === 'record') {
    const ref = aside.trail.at(-1)!;
    const model = modelOf(ref.model);
    body = model ? (
      <RecordPane
        key={`${ref.model}:${ref.id}`}
        connectionId={connectionId}
        model={model}
        models={models}
        id={ref.id}
        onOpen={(related, id) => onChange(followLink(aside, related, id))}
        onEdit={() => onChange({ kind: 'form', model: ref.model, id: ref.id, back: aside })}
        onDeleted={() => {
          onNotice(`Deleted the ${model.label.toLowerCase()}.`);
          onChange(withoutRecord(aside, ref));
        }}
        onClose={() => onChange(null)}
        onSignInNeeded={onSignInNeeded}
      />
    ) : (
      <p className="muted bs-aside-missing">This portal has no {ref.model} records to show.</p>
    );
  } else {
    const model = modelOf(aside.model);
    body = model ? (
      <RecordForm
        key={`${aside.model}:${aside.id ?? 'new'}`}
        connectionId={connectionId}
        model={model}
        models={models}
        {...(aside.id ? { id: aside.id } : {})}
        onSaved={saved}
        onCancel={() => onChange(goBack(aside))}
        onSignInNeeded={onSignInNeeded}
      />
    ) : null;
  }

  return (
    <aside className="bs-aside" aria-label={aside.kind === 'form' ? (aside.id ? 'Edit record' : 'New record') : 'Record'} data-testid="record-aside">
      {aside.kind === 'record' && back && backLabel ? (
        <div className="bs-aside-back">
          <button type="button" className="btn btn-link" onClick={() => onChange(back)}>
            ← {backLabel}
          </button>
        </div>
      ) : null}
      {body}
    </aside>
  );
}
