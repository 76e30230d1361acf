import { asText } from '../form-values.ts';
import type { FieldEditorProps } from './field-props.ts';
import { JsonEditor } from './JsonEditor.tsx';

export function JsonField({ field, value, onChange, disabled, inputId, describedBy, invalid }: FieldEditorProps) {
  return <JsonEditor inputId={inputId} value={asText(value)} onChange={onChange} shape={field.jsonShape ?? 'any'} disabled={disabled} describedBy={describedBy} invalid={invalid} required={field.required} />;
}
