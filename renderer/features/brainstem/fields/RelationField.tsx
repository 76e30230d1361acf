import { asLink } from '../form-values.ts';
import { modelLabel } from '../record-display.ts';
import { Chip } from './Chip.tsx';
import type { FieldEditorProps } from './field-props.ts';
import { RelationPicker } from './RelationPicker.tsx';

/** One related record: its name as a chip; choosing another replaces it. */
export function RelationField({ connectionId, field, models, value, onChange, disabled, inputId, describedBy, invalid }: FieldEditorProps) {
  const link = asLink(value);
  const plural = field.relatedModel ? modelLabel(models, field.relatedModel, true).toLowerCase() : 'records';
  return (
    <div className="bs-relation">
      {link ? (
        <ul className="bs-chips" aria-label={`Chosen ${field.label}`}>
          <Chip label={link.label} title={link.id} onRemove={() => onChange(null)} disabled={disabled} />
        </ul>
      ) : null}
      <RelationPicker
        connectionId={connectionId}
        relatedModel={field.relatedModel}
        relatedLabel={plural}
        inputId={inputId}
        describedBy={describedBy}
        invalid={invalid}
        disabled={disabled}
        required={field.required && !link}
        chosen={link ? [link.id] : []}
        onPick={(picked) => onChange(picked)}
        placeholder={link ? 'Type to choose another…' : `Type to search ${plural}…`}
      />
    </div>
  );
}
