import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useApi } from '../../../api/api-context.ts';
import { errorMessage } from '../../../api/client.ts';
import { useDebounced } from '../../project/use-debounced.ts';
import type { PickedLink } from '../form-values.ts';

export interface RelationPickerProps {
  connectionId: string;
  /** The model the ids point to; null when unknown (then only an id can be typed). */
  relatedModel: string | null;
  /** "projects": what the suggestions are, for screen readers and the empty text. */
  relatedLabel: string;
  inputId: string;
  describedBy?: string | undefined;
  invalid?: boolean;
  disabled?: boolean;
  required?: boolean;
  /** Ids already chosen: left out of the suggestions. */
  chosen: readonly string[];
  onPick: (link: PickedLink) => void;
  placeholder: string;
  /** Backspace in the empty box: a multi-picker removes its last chip. */
  onBackspaceEmpty?: () => void;
}

interface Option extends PickedLink {
  /** Typed by hand: an id that is not (yet) in the offline copy. */
  typed: boolean;
}

const idPattern = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{1,15})$/i;

/**
 * A combobox over the offline copy of the related model (`brainstem.search`): type to narrow, ↑/↓ to move,
 * Enter to choose, Escape to close the list. Shows names, keeps ids. An id pasted in full can be chosen
 * even when that record is not cached.
 */
export function RelationPicker({ connectionId, relatedModel, relatedLabel, inputId, describedBy, invalid = false, disabled = false, required = false, chosen, onPick, placeholder, onBackspaceEmpty }: RelationPickerProps) {
  const api = useApi();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  // Results with the text they answer: while a newer search runs, older ones are not offered.
  const [results, setResults] = useState<{ query: string; links: PickedLink[] } | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const query = useDebounced(text.trim(), 180);
  const request = useRef(0);
  const listId = `${inputId}-options`;

  useEffect(() => {
    if (!open || relatedModel === null) return;
    const mine = ++request.current;
    setSearching(true);
    api.call('brainstem.search', { connectionId, model: relatedModel, text: query, limit: 30 }).then(
      (links) => {
        if (mine !== request.current) return;
        setResults({ query, links: links.map(({ id, label }) => ({ id, label })) });
        setError(null);
        setSearching(false);
      },
      (e: unknown) => {
        if (mine !== request.current) return;
        setResults({ query, links: [] });
        setError(errorMessage(e));
        setSearching(false);
      },
    );
  }, [api, connectionId, relatedModel, query, open]);

  const taken = new Set(chosen);
  const fresh = results !== null && results.query === text.trim();
  const options: Option[] = fresh ? results.links.filter((link) => !taken.has(link.id)).map((link) => ({ ...link, typed: false })) : [];
  const typedId = text.trim();
  if (idPattern.test(typedId) && !taken.has(typedId) && !options.some((option) => option.id === typedId)) options.push({ id: typedId, label: typedId, typed: true });
  const current = Math.min(active, Math.max(options.length - 1, 0));

  const pick = (option: Option): void => {
    onPick({ id: option.id, label: option.label });
    setText('');
    setActive(0);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive(event.key === 'ArrowDown' ? Math.min(current + 1, options.length - 1) : Math.max(current - 1, 0));
    } else if (event.key === 'Enter' && open && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      const option = options[current];
      if (option) pick(option);
    } else if (event.key === 'Escape' && open) {
      // Only the list closes; the form around stays open.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    } else if (event.key === 'Backspace' && text === '' && onBackspaceEmpty) {
      onBackspaceEmpty();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };

  const optionId = (index: number): string => `${inputId}-option-${index}`;
  const empty = relatedModel === null ? 'Paste the id of the record.' : error && fresh ? `Could not search: ${error}` : searching || !fresh ? 'Searching…' : `No cached ${relatedLabel} match. Paste an id to use one that is not cached.`;
  return (
    <div className="bs-picker">
      <input
        id={inputId}
        type="text"
        className="bs-input"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[current] ? optionId(current) : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid}
        aria-required={required}
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onClick={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {open ? (
        <ul id={listId} role="listbox" className="bs-picker-list" aria-label={`Matching ${relatedLabel}`}>
          {options.map((option, index) => (
            <li
              key={`${option.typed ? 'typed' : 'found'}:${option.id}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === current}
              className="bs-picker-option"
              // mousedown would move focus out of the input (closing the list) before the click lands.
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => pick(option)}
            >
              <span className="bs-picker-label">{option.typed ? `Use id ${option.id}` : option.label}</span>
              {option.typed ? <span className="muted bs-picker-note">not in the offline copy</span> : <span className="muted mono bs-picker-id">{option.id.slice(0, 8)}</span>}
            </li>
          ))}
          {options.length === 0 ? (
            <li className="bs-picker-empty muted" role="presentation">
              {empty}
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
