import { useState, type KeyboardEvent } from 'react';
import { asTags } from '../form-values.ts';
import { Chip } from './Chip.tsx';
import type { FieldEditorProps } from './field-props.ts';

/**
 * Tags as chips: Enter or a comma adds what was typed, Backspace in the empty box takes the last one back.
 * Text still in the box when focus leaves (or the form is saved from the keyboard) becomes a tag too, so
 * nothing typed is silently dropped.
 */
export function TagsField({ field, value, onChange, disabled, inputId, describedBy, invalid }: FieldEditorProps) {
  const tags = asTags(value);
  const [text, setText] = useState('');
  const commit = (): void => {
    const adding = text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '' && !tags.includes(tag));
    if (adding.length > 0) onChange([...tags, ...new Set(adding)]);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === ',') {
      event.preventDefault();
      commit();
    } else if ((event.ctrlKey || event.metaKey) && (event.key === 'Enter' || event.key.toLowerCase() === 's')) {
      // The form saves from this same key press: the pending tag must be in the draft first.
      commit();
    } else if (event.key === 'Backspace' && text === '' && tags.length > 0) {
      onChange(tags.slice(0, -1));
    }
  };
  return (
    <div className="bs-relation">
      {tags.length > 0 ? (
        <ul className="bs-chips" aria-label={`${field.label}: chosen`}>
          {tags.map((tag) => (
            <Chip key={tag} label={tag} onRemove={() => onChange(tags.filter((other) => other !== tag))} disabled={disabled} />
          ))}
        </ul>
      ) : null}
      <input
        id={inputId}
        type="text"
        className="bs-input"
        value={text}
        placeholder="Add a tag and press Enter"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={commit}
        disabled={disabled}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        autoComplete="off"
      />
    </div>
  );
}
