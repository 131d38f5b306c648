import { useEffect, useRef, useState, type InputHTMLAttributes, type RefObject } from 'react';
import type * as Y from 'yjs';

interface CollaborativeTitleProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  readonly text: Y.Text;
  /** Writes the title (an action: it checks the role and edits the Y.Text by the smallest change). */
  readonly rename: (title: string) => void;
  /** The origin `rename` writes with: those changes are this field's own. */
  readonly origin: unknown;
  readonly maxLength: number;
  readonly onEmpty: (empty: boolean) => void;
  readonly ref?: RefObject<HTMLInputElement | null>;
}

/**
 * A title input bound to the item's Y.Text: each keystroke is applied as the smallest edit, others'
 * edits appear as they happen, and the caret stays on the same characters while they do. An
 * empty title is not written (a title is required); the field says so until something is typed.
 */
export function CollaborativeTitle({ text, rename, origin, maxLength, onEmpty, ref, ...props }: CollaborativeTitleProps) {
  const own = useRef<HTMLInputElement>(null);
  const input = ref ?? own;
  const [value, setValue] = useState(() => text.toString());

  useEffect(() => {
    const observer = (event: Y.YTextEvent) => {
      if (event.transaction.origin === origin) return;
      const field = input.current;
      if (!field) return setValue(text.toString());
      // Keep the caret on the same characters: map it through the remote change.
      let start = field.selectionStart ?? 0;
      let end = field.selectionEnd ?? 0;
      let at = 0;
      for (const op of event.delta) {
        if (op.retain !== undefined) at += op.retain;
        else if (typeof op.insert === 'string') {
          if (at <= start) start += op.insert.length;
          if (at < end) end += op.insert.length;
          at += op.insert.length;
        } else if (op.delete !== undefined) {
          if (at < start) start -= Math.min(op.delete, start - at);
          if (at < end) end -= Math.min(op.delete, end - at);
        }
      }
      const next = text.toString();
      field.value = next;
      setValue(next);
      if (document.activeElement === field) field.setSelectionRange(start, end);
    };
    text.observe(observer);
    return () => text.unobserve(observer);
  }, [text, origin, input]);

  return (
    <input
      {...props}
      ref={input}
      value={value}
      maxLength={maxLength}
      onChange={(event) => {
        const next = event.target.value;
        setValue(next);
        onEmpty(next.trim() === '');
        if (next.trim() === '') return;
        rename(next);
      }}
    />
  );
}
