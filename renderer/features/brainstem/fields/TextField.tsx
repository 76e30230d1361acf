import { asText } from '../form-values.ts';
import type { FieldEditorProps } from './field-props.ts';

export function TextField({ field, value, onChange, disabled, inputId, describedBy, invalid }: FieldEditorProps) {
  return (
    <input
      id={inputId}
      type="text"
      className="bs-input"
      value={asText(value)}
      onChange={(event) => onChange(event.target.value)}
      disabled={disabled}
      maxLength={field.maxLength ?? undefined}
      aria-required={field.required}
      aria-invalid={invalid}
      aria-describedby={describedBy}
      autoComplete="off"
      spellCheck={false}
    />
  );
}
