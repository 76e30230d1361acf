import { asLinks } from '../form-values.ts';
import { modelLabel } from '../record-display.ts';
import { Chip } from './Chip.tsx';
import type { FieldEditorProps } from './field-props.ts';
import { RelationPicker } from './RelationPicker.tsx';

/** Several related records: chips, and a picker that adds one more. */
export function RelationsField({ connectionId, field, models, value, onChange, disabled, inputId, describedBy, invalid }: FieldEditorProps) {
  const links = asLinks(value);
  const plural = field.relatedModel ? modelLabel(models, field.relatedModel, true).toLowerCase() : 'records';
  return (
    <div className="bs-relation">
      {links.length > 0 ? (
        <ul className="bs-chips" aria-label={`Chosen ${field.label}`}>
          {links.map((link) => (
            <Chip key={link.id} label={link.label} title={link.id} onRemove={() => onChange(links.filter((other) => other.id !== link.id))} disabled={disabled} />
          ))}
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
        required={field.required && links.length === 0}
        chosen={links.map((link) => link.id)}
        onPick={(picked) => onChange([...links, picked])}
        onBackspaceEmpty={() => links.length > 0 && onChange(links.slice(0, -1))}
        placeholder={`Type to add ${plural}…`}
      />
    </div>
  );
}
