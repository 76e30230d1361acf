import { asText } from '../form-values.ts';
import type { FieldEditorProps } from './field-props.ts';

/**
 * Integer and decimal fields. A text input, not type=number: the browser would hide what was typed when
 * it is not a number, and the form's own check says what is wrong.
 */
export function NumberField({ field, value, onChange, disabled, inputId, describedBy, invalid }: FieldEditorProps) {
  return (
    <input
      id={inputId}
      type="text"
      inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
      className="bs-input bs-input-number"
      value={asText(value)}
      onChange={(event) => onChange(event.target.value)}
      disabled={disabled}
      aria-required={field.required}
      aria-invalid={invalid}
      aria-describedby={describedBy}
      autoComplete="off"
    />
  );
}
