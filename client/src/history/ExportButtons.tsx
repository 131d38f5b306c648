import { useState } from 'react';
import { selectBoardTitle } from '../board/selectors.ts';
import { useBoardSession, useBoardStore } from '../board/sessionContext.tsx';
import { downloadDecisionExport, type ExportFormat } from './historyApi.ts';

/** Downloads the whole log as CSV or as a Markdown decision record. */
export function ExportButtons() {
  const session = useBoardSession();
  const title = useBoardStore(selectBoardTitle);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);

  const download = (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    downloadDecisionExport(session.boardId, format, title).then(
      () => setBusy(null),
      (failure: unknown) => {
        setBusy(null);
        setError(failure instanceof Error ? failure.message : 'The export failed.');
      },
    );
  };

  return (
    <div className="export-row" role="group" aria-labelledby="export-label">
      <span className="export-label" id="export-label">
        Export log
      </span>
      <button type="button" className="button small" disabled={busy !== null} onClick={() => download('md')} title="A decision record to paste into meeting notes">
        Markdown
      </button>
      <button type="button" className="button small" disabled={busy !== null} onClick={() => download('csv')} title="Every entry, one row each">
        CSV
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
