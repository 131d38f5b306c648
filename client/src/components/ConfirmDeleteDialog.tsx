import { useModalDialog } from './useModalDialog.ts';

/**
 * Deleting an initiative removes it for everyone at once: ask first. Cancel is the default
 * (focused) answer, so a stray Enter does not delete anything.
 */
export function ConfirmDeleteDialog({ title, onConfirm, onCancel }: { readonly title: string; readonly onConfirm: () => void; readonly onCancel: () => void }) {
  const dialogRef = useModalDialog();

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="delete-dialog-title"
      aria-describedby="delete-dialog-text"
      data-testid="confirm-delete"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm();
        }}
      >
        <h2 id="delete-dialog-title">Delete “{title}”?</h2>
        <p id="delete-dialog-text" className="dialog-text">
          It disappears from the board for everyone. The decision log keeps a record of it, and <kbd>Ctrl</kbd>+<kbd>Z</kbd> right after brings it back.
        </p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button type="submit" className="button danger">
            Delete initiative
          </button>
        </div>
      </form>
    </dialog>
  );
}
