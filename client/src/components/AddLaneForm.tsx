import { useState, type FormEvent } from 'react';
import { LIMITS } from '@lanewise/shared';
import { useActions } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';

/** "Add lane" at the end of the board: a button that turns into a one-field form. */
export function AddLaneForm() {
  const actions = useActions();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = actions.addLane(name);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setName('');
    setError(null);
    setOpen(false);
    useUiStore.getState().closePanel();
  }

  if (!open) {
    return (
      <div className="add-lane">
        <button type="button" className="add-lane-button" onClick={() => setOpen(true)}>
          <span aria-hidden="true">+</span> Add lane
        </button>
      </div>
    );
  }
  return (
    <form className="add-lane add-lane-form" onSubmit={submit} noValidate>
      <label htmlFor="new-lane-name">New lane name</label>
      <input
        id="new-lane-name"
        value={name}
        maxLength={LIMITS.nameLength}
        autoFocus
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'new-lane-error' : undefined}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setOpen(false);
        }}
      />
      {error && (
        <p id="new-lane-error" className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary">
          Add lane
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
