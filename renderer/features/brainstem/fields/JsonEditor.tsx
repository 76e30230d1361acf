import type { BrainstemField } from '../../../../shared/contract/brainstem.ts';
import { parseJson } from '../form-values.ts';

export interface JsonEditorProps {
  inputId: string;
  value: string;
  onChange: (text: string) => void;
  shape: BrainstemField['jsonShape'];
  disabled?: boolean;
  describedBy?: string | undefined;
  invalid?: boolean;
  required?: boolean;
  rows?: number;
}

const shapeHint: Record<string, string> = { object: 'a JSON object, { … }', array: 'a JSON list, [ … ]', any: 'JSON' };

/**
 * JSON as text, checked as it is typed: a parse error or the wrong shape (object vs list) shows at once,
 * so the user fixes it before saving rather than after the server refuses it. Empty means "no value".
 */
export function JsonEditor({ inputId, value, onChange, shape, disabled = false, describedBy, invalid = false, required = false, rows = 5 }: JsonEditorProps) {
  const parsed = value.trim() === '' ? null : parseJson(value, shape);
  const problem = parsed && !parsed.ok ? parsed.error : null;
  const statusId = `${inputId}-json`;
  const format = (): void => {
    if (parsed?.ok) onChange(JSON.stringify(parsed.value, null, 2));
  };
  return (
    <div className="bs-json">
      <textarea
        id={inputId}
        className="bs-input bs-textarea mono"
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={disabled}
        spellCheck={false}
        placeholder={shape === 'array' ? '[]' : shape === 'object' ? '{}' : ''}
        aria-required={required}
        aria-invalid={invalid || problem !== null}
        aria-describedby={[describedBy, statusId].filter(Boolean).join(' ')}
      />
      <div className="bs-json-status">
        <span id={statusId} className={problem ? 'bs-json-problem' : 'muted'} aria-live="polite">
          {problem ?? (parsed?.ok ? 'Valid JSON' : `Empty, or ${shapeHint[shape ?? 'any']}`)}
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-link btn-small" onClick={format} disabled={disabled || !parsed?.ok}>
          Format
        </button>
      </div>
    </div>
  );
}
