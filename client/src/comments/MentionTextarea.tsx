import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { LIMITS } from '@lanewise/shared';
import { applyMention, mentionQuery, mentionSuggestions } from './commentText.ts';

interface MentionTextareaProps {
  readonly label: string;
  readonly value: string;
  readonly names: readonly string[];
  readonly onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter. */
  readonly onSubmit: () => void;
  readonly autoFocus?: boolean;
  readonly placeholder?: string;
}

/** A textarea that completes @Name from the people on the board (a combobox with a listbox). */
export function MentionTextarea({ label, value, names, onChange, onSubmit, autoFocus, placeholder }: MentionTextareaProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const listId = `${id}-mentions`;
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const query = mentionQuery(value, caret);
  const suggestions = query && dismissed !== `${query.start}:${query.query}` ? mentionSuggestions(query.query, names) : [];
  const open = suggestions.length > 0;
  const activeIndex = Math.min(active, suggestions.length - 1);

  const choose = (name: string) => {
    const next = applyMention(value, caret, name);
    // Into the field at once, caret included: a key typed before React renders lands after the name.
    const field = ref.current;
    if (field) {
      field.value = next.text;
      field.setSelectionRange(next.caret, next.caret);
    }
    onChange(next.text);
    setCaret(next.caret);
    setActive(0);
    requestAnimationFrame(() => {
      const current = ref.current;
      if (!current) return;
      if (current !== document.activeElement) current.focus(); // chosen with the mouse
      // Put the caret back after the name only if nothing was typed since (it would move it backwards).
      if (current.value === next.text) current.setSelectionRange(next.caret, next.caret);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((activeIndex + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const name = suggestions[activeIndex];
        if (name) choose(name);
        return;
      }
      if (event.key === 'Escape' && query) {
        event.preventDefault();
        event.stopPropagation();
        setDismissed(`${query.start}:${query.query}`);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSubmit();
    }
  };

  return (
    <div className="field mention-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        ref={ref}
        id={id}
        rows={2}
        value={value}
        maxLength={LIMITS.commentLength}
        placeholder={placeholder}
        autoFocus={autoFocus}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${activeIndex}` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          setCaret(event.target.selectionStart);
          setActive(0);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setDismissed(query ? `${query.start}:${query.query}` : null), 150)}
        onFocus={() => setDismissed(null)}
      />
      {open && (
        <ul className="mention-list" role="listbox" id={listId} aria-label="People to mention">
          {suggestions.map((name, index) => (
            <li
              key={name}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? 'active' : undefined}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(name);
              }}
            >
              @{name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
