import { useEffect, useRef, type RefObject } from 'react';

/**
 * A `<dialog>` shown modal while its component is mounted (focus trapped, the page behind inert)
 * and closed when it unmounts. Pass the returned ref to the `<dialog>`.
 */
export function useModalDialog(): RefObject<HTMLDialogElement | null> {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return dialogRef;
}
