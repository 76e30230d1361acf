import { asText } from '../form-values.ts';
import type { FieldEditorProps } from './field-props.ts';

export function ChoiceField({ field, value, onChange, disabled, inputId, describedBy, invalid }: FieldEditorProps) {
  const current = asText(value);
  const choices = field.choices ?? [];
  // A value the server has but the list does not (an older vocabulary) stays visible and selected.
  const unknown = current !== '' && !choices.some((choice) => choice.value === current);
  return (
    <select
      id={inputId}
      className="bs-input bs-select"
      value={current}
      onChange={(event) => onChange(event.target.value)}
      disabled={disabled}
      aria-required={field.required}
      aria-invalid={invalid}
      aria-describedby={describedBy}
    >
      <option value="">{field.required ? 'Choose…' : '(none)'}</option>
      {unknown ? <option value={current}>{current}</option> : null}
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </select>
  );
}
