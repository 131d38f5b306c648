import { useState, type FormEvent } from 'react';
import { saveBoardToken, tokenOfLink } from '../app/boardTokens.ts';
import { rememberBoard } from '../app/recentBoards.ts';
import { boardPath, navigate } from '../app/router.ts';
import { importBoardFile, TransferError } from '../transfer/transferApi.ts';

/** Starts a new board from a Lanewise JSON export (Import / Export → Whole board on any board). */
export function ImportBoardForm() {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setError('Choose a Lanewise board export (.json) first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await importBoardFile(file);
      const ownerToken = tokenOfLink(created.links.owner);
      if (ownerToken) saveBoardToken(created.id, ownerToken);
      rememberBoard({ id: created.id, title: file.name.replace(/\.lanewise\.json$|\.json$/i, '') });
      navigate(boardPath(created.id));
    } catch (caught) {
      setError(caught instanceof TransferError || caught instanceof Error ? caught.message : 'The board could not be imported.');
      setBusy(false);
    }
  }

  return (
    <form className="card-panel import-board" onSubmit={(event) => void submit(event)} aria-labelledby="import-board-heading" noValidate>
      <h2 id="import-board-heading">Import a board</h2>
      <p className="field-hint">A board exported from Lanewise as JSON becomes a new board here, with its lanes, initiatives, people and comments — and its history, if the file has it.</p>
      <div className="field">
        <label htmlFor="import-board-file">Board export (.json)</label>
        <input id="import-board-file" type="file" accept=".json,application/json" onChange={(event) => setFile(event.target.files?.[0] ?? null)} aria-describedby={error ? 'import-board-error' : undefined} />
      </div>
      {error && (
        <p id="import-board-error" className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Importing…' : 'Import board'}
      </button>
    </form>
  );
}
