import type { FieldEditorProps } from './field-props.ts';

/** The checkbox only; FieldEditor puts its label beside it. */
export function BooleanField({ value, onChange, disabled, inputId, describedBy, invalid }: FieldEditorProps) {
  return (
    <input
      id={inputId}
      type="checkbox"
      checked={value === true}
      onChange={(event) => onChange(event.target.checked)}
      disabled={disabled}
      aria-invalid={invalid}
      aria-describedby={describedBy}
    />
  );
}
