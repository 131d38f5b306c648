import { useState, type FormEvent } from 'react';
import { MAX_NAME_LENGTH } from '../app/identity.ts';
import { useModalDialog } from './useModalDialog.ts';

interface NameDialogProps {
  readonly initialName: string;
  /** Without a name yet the dialog cannot be dismissed. */
  readonly required: boolean;
  readonly onSave: (name: string) => void;
  readonly onCancel: () => void;
}

/** Asks for the display name others see on the board (modal, native <dialog>). */
export function NameDialog({ initialName, required, onSave, onCancel }: NameDialogProps) {
  const dialogRef = useModalDialog();
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Enter the name others will see.');
      return;
    }
    onSave(trimmed.slice(0, MAX_NAME_LENGTH));
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="name-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!required) onCancel();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id="name-dialog-title">{required ? 'Welcome to the board' : 'Change your name'}</h2>
        <p className="muted">Others on this board see this name next to your cursor and your changes.</p>
        <div className="field">
          <label htmlFor="display-name">Your name</label>
          <input
            id="display-name"
            value={name}
            maxLength={MAX_NAME_LENGTH}
            autoComplete="name"
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'display-name-error' : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {error && (
            <p id="display-name-error" className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          {!required && (
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" className="button primary">
            {required ? 'Join board' : 'Save'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
