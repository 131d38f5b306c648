import { useState, type FormEvent } from 'react';
import { isValidId } from '@lanewise/shared';
import { boardPath, navigate } from '../app/router.ts';

/** Accepts a board link (…/b/<id>) or a bare id. */
function boardIdFrom(input: string): string | null {
  const text = input.trim();
  const match = /\/b\/([^/?#\s]+)/.exec(text);
  const candidate = match?.[1] ? decodeURIComponent(match[1]) : text;
  return isValidId(candidate) ? candidate : null;
}

export function JoinBoardForm() {
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const id = boardIdFrom(link);
    if (!id) {
      setError('Paste a board link like https://…/b/abc123, or a board id.');
      return;
    }
    navigate(boardPath(id));
  }

  return (
    <form className="join-board" onSubmit={submit} aria-labelledby="join-heading" noValidate>
      <h2 id="join-heading" className="section-title">
        Join a board
      </h2>
      <div className="inline-field">
        <label htmlFor="join-link" className="visually-hidden">
          Board link or id
        </label>
        <input
          id="join-link"
          value={link}
          placeholder="Paste a board link"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'join-error' : undefined}
          onChange={(event) => setLink(event.target.value)}
        />
        <button type="submit" className="button">
          Open
        </button>
      </div>
      {error && (
        <p id="join-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
