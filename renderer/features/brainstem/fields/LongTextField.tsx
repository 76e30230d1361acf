import { asText } from '../form-values.ts';
import type { FieldEditorProps } from './field-props.ts';

export function LongTextField({ field, value, onChange, disabled, inputId, describedBy, invalid }: FieldEditorProps) {
  return (
    <textarea
      id={inputId}
      className="bs-input bs-textarea"
      rows={3}
      value={asText(value)}
      onChange={(event) => onChange(event.target.value)}
      disabled={disabled}
      maxLength={field.maxLength ?? undefined}
      aria-required={field.required}
      aria-invalid={invalid}
      aria-describedby={describedBy}
    />
  );
}
