import type { ReactNode } from 'react';

/** The foot of a side-panel form: the form's error, Save, Cancel, and an optional destructive action. */
export function PanelActions({
  error,
  onCancel,
  saveDisabled = false,
  children,
}: {
  readonly error: string | null;
  readonly onCancel: () => void;
  readonly saveDisabled?: boolean;
  /** E.g. a "Delete" button, placed at the far end. */
  readonly children?: ReactNode;
}) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="panel-actions">
        <button type="submit" className="button primary" disabled={saveDisabled}>
          Save
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        {children}
      </div>
    </>
  );
}
