import { asText } from '../form-values.ts';
import type { FieldEditorProps } from './field-props.ts';

/** Local time in the input; form-values sends it as a UTC ISO time. Seconds are allowed (step 1). */
export function DateTimeField({ field, value, onChange, disabled, inputId, describedBy, invalid }: FieldEditorProps) {
  return (
    <span className="bs-datetime">
      <input
        id={inputId}
        type="datetime-local"
        step={1}
        className="bs-input bs-input-date"
        value={asText(value)}
        onChange={(event) => onChange(event.target.value)}
        disabled={disabled}
        aria-required={field.required}
        aria-invalid={invalid}
        aria-describedby={describedBy}
      />
      <span className="muted bs-hint">your local time</span>
    </span>
  );
}
