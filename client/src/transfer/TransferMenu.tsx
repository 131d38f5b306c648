import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { selectBoardTitle } from '../board/selectors.ts';
import { useBoardSession, useBoardStore, useSessionState } from '../board/sessionContext.tsx';
import { downloadExport, type ExportKind } from './transferApi.ts';

// Loaded when an import starts (it carries the import preview and the column mapping).
const ImportDialog = lazy(() => import('./ImportDialog.tsx').then((module) => ({ default: module.ImportDialog })));

const EXPORTS: ReadonlyArray<{ kind: ExportKind; label: string; hint: string }> = [
  { kind: 'roadmap-md', label: 'Roadmap (Markdown)', hint: 'Lanes as sections, to paste into a document' },
  { kind: 'roadmap-csv', label: 'Roadmap (CSV)', hint: 'For a spreadsheet; imports back into Lanewise' },
  { kind: 'board-json', label: 'Whole board (JSON)', hint: 'Everything on the board; import it as a new board' },
  { kind: 'board-json-history', label: 'Board with history (JSON)', hint: 'Adds the decision log and snapshots' },
];

/** The board menu's import and export: viewers get the exports only (the server refuses their imports anyway). */
export function TransferMenu() {
  const session = useBoardSession();
  const title = useBoardStore(selectBoardTitle);
  const readOnly = useSessionState((state) => state.readOnly);
  const [open, setOpen] = useState(false);
  const [importing, setImporting] = useState(false);
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape') return;
        setOpen(false);
        buttonRef.current?.focus();
        return;
      }
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  function download(kind: ExportKind) {
    setBusy(kind);
    setError(null);
    downloadExport(session.boardId, kind, title).then(
      () => {
        setBusy(null);
        setOpen(false);
      },
      (failure: unknown) => {
        setBusy(null);
        setError(failure instanceof Error ? failure.message : 'The export failed.');
      },
    );
  }

  return (
    <div className="transfer-menu" ref={rootRef}>
      <button ref={buttonRef} type="button" className="button subtle" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen((value) => !value)}>
        {readOnly ? 'Export' : 'Import / Export'}
      </button>
      {open && (
        <div id={menuId} className="transfer-popover" data-testid="transfer-menu">
          {!readOnly && (
            <section aria-labelledby={`${menuId}-import`}>
              <h2 id={`${menuId}-import`} className="transfer-heading">
                Import
              </h2>
              <button
                type="button"
                className="transfer-item"
                onClick={() => {
                  setOpen(false);
                  setImporting(true);
                }}
              >
                <span>Import CSV…</span>
                <span className="transfer-hint">From Jira, Linear or a Lanewise roadmap CSV</span>
              </button>
            </section>
          )}
          <section aria-labelledby={`${menuId}-export`}>
            <h2 id={`${menuId}-export`} className="transfer-heading">
              Export
            </h2>
            {EXPORTS.map(({ kind, label, hint }) => (
              <button key={kind} type="button" className="transfer-item" disabled={busy !== null} onClick={() => download(kind)}>
                <span>{busy === kind ? 'Preparing…' : label}</span>
                <span className="transfer-hint">{hint}</span>
              </button>
            ))}
          </section>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
      {importing && (
        <Suspense fallback={null}>
          <ImportDialog boardId={session.boardId} onClose={() => setImporting(false)} />
        </Suspense>
      )}
    </div>
  );
}
