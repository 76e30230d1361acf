import { useId, type ComponentType } from 'react';
import type { BrainstemField } from '../../../../shared/contract/brainstem.ts';
import { BooleanField } from './BooleanField.tsx';
import { ChoiceField } from './ChoiceField.tsx';
import { DateField } from './DateField.tsx';
import { DateTimeField } from './DateTimeField.tsx';
import type { FieldEditorProps } from './field-props.ts';
import { JsonField } from './JsonField.tsx';
import { LongTextField } from './LongTextField.tsx';
import { NumberField } from './NumberField.tsx';
import { RelationField } from './RelationField.tsx';
import { RelationsField } from './RelationsField.tsx';
import { TagsField } from './TagsField.tsx';
import { TextField } from './TextField.tsx';

const editors: Record<BrainstemField['kind'], ComponentType<FieldEditorProps>> = {
  text: TextField,
  longtext: LongTextField,
  integer: NumberField,
  number: NumberField,
  boolean: BooleanField,
  date: DateField,
  datetime: DateTimeField,
  choice: ChoiceField,
  json: JsonField,
  relation: RelationField,
  relations: RelationsField,
  tags: TagsField,
};

export type FieldFrameProps = Omit<FieldEditorProps, 'inputId' | 'describedBy' | 'invalid'> & {
  errors: readonly string[];
  /** Why the field cannot be changed here (create-only fields on edit). */
  lockedNote?: string | undefined;
};

/** One field of a generated form: label (required ones marked), the kind's editor, help and errors. */
export function FieldEditor({ errors, lockedNote, ...props }: FieldFrameProps) {
  const { field } = props;
  const inputId = `bs-field-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  // The browser's date and time pickers show the format themselves (and take local time): a help text
  // that only spells out the wire format would contradict them.
  const help = field.help && !((field.kind === 'date' || field.kind === 'datetime') && /^(YYYY|ISO 8601)/.test(field.help)) ? field.help : null;
  const helpId = help ? `${inputId}-help` : null;
  const errorId = errors.length > 0 ? `${inputId}-errors` : null;
  const lockedId = lockedNote ? `${inputId}-locked` : null;
  const describedBy = [lockedId, helpId, errorId].filter(Boolean).join(' ') || undefined;
  const Editor = editors[field.kind];
  const editor = <Editor {...props} inputId={inputId} describedBy={describedBy} invalid={errors.length > 0} />;
  const required = field.required ? (
    <span className="bs-required" aria-hidden="true">
      {' '}*
    </span>
  ) : null;
  return (
    <div className={`bs-field${errors.length > 0 ? ' bs-field-invalid' : ''}`} data-field={field.name} data-kind={field.kind}>
      {field.kind === 'boolean' ? (
        <div className="bs-checkbox">
          {editor}
          <label htmlFor={inputId}>
            {field.label}
            {required}
          </label>
        </div>
      ) : (
        <>
          <div className="bs-field-head">
            <label htmlFor={inputId} className="bs-field-label">
              {field.label}
              {required}
            </label>
            {lockedId ? (
              <span id={lockedId} className="muted bs-locked">
                {lockedNote}
              </span>
            ) : null}
          </div>
          {editor}
        </>
      )}
      {helpId ? (
        <div id={helpId} className="muted bs-field-help">
          {help}
        </div>
      ) : null}
      {errorId ? (
        <ul id={errorId} className="bs-field-errors">
          {errors.map((message, index) => (
            <li key={index}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
