import { absoluteTime } from './decisionFormat.ts';
import type { SnapshotSummary } from './historyApi.ts';
import { useModalDialog } from '../components/useModalDialog.ts';

interface ConfirmRestoreDialogProps {
  readonly snapshot: SnapshotSummary;
  readonly busy: boolean;
  readonly error: string | null;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** Restoring changes the board for everyone: say so before doing it. */
export function ConfirmRestoreDialog({ snapshot, busy, error, onConfirm, onCancel }: ConfirmRestoreDialogProps) {
  const dialogRef = useModalDialog();

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="restore-dialog-title"
      aria-describedby="restore-dialog-text"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm();
        }}
      >
        <h2 id="restore-dialog-title">Restore “{snapshot.name}”?</h2>
        <div id="restore-dialog-text" className="dialog-text">
          <p>
            The board returns to how it was on {absoluteTime(snapshot.createdAt)}. This is a forward change: <strong>everyone on the board sees it right away</strong>, and it
            is recorded in the decision log.
          </p>
          <p className="muted">Nothing in the history is rewritten. The current state is saved as a snapshot first, so you can undo the restore.</p>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy} autoFocus>
            {busy ? 'Restoring…' : 'Restore for everyone'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
