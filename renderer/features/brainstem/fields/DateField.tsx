import { asText } from '../form-values.ts';
import type { FieldEditorProps } from './field-props.ts';

/** The browser's date input gives YYYY-MM-DD, which is what the server stores. */
export function DateField({ field, value, onChange, disabled, inputId, describedBy, invalid }: FieldEditorProps) {
  return (
    <input
      id={inputId}
      type="date"
      className="bs-input bs-input-date"
      value={asText(value)}
      onChange={(event) => onChange(event.target.value)}
      disabled={disabled}
      aria-required={field.required}
      aria-invalid={invalid}
      aria-describedby={describedBy}
    />
  );
}
