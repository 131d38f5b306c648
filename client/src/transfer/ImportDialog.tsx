import { useEffect, useRef, useState } from 'react';
import { ImportMapping } from './ImportMapping.tsx';
import { ImportPreviewLists } from './ImportPreviewLists.tsx';
import { importCsv, previewCsvImport, TransferError, type ImportFormat, type ImportOptions, type ImportPreview, type ImportResult } from './transferApi.ts';
import { useModalDialog } from '../components/useModalDialog.ts';

const FORMAT_NAMES: Record<ImportFormat, string> = { jira: 'a Jira export', linear: 'a Linear export', lanewise: 'a Lanewise roadmap CSV' };

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function problemOf(caught: unknown): TransferError {
  return caught instanceof TransferError ? caught : new TransferError(0, 'unknown', caught instanceof Error ? caught.message : 'That did not work; try again.');
}

/**
 * CSV import: pick a file, see what the server would do (format, mapping, lanes, skipped rows
 * with their lines), adjust the mapping, then import everything in one step. The server parses
 * the file again on import; the preview is only ever a preview.
 */
export function ImportDialog({ boardId, onClose }: { readonly boardId: string; readonly onClose: () => void }) {
  const dialogRef = useModalDialog();
  const doneRef = useRef<HTMLButtonElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<ImportOptions>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [importing, setImporting] = useState(false);
  const [problem, setProblem] = useState<TransferError | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  /** Why the last import attempt failed; stays while the preview is refreshed. */
  const [importProblem, setImportProblem] = useState<string | null>(null);
  const request = useRef(0);

  /** Every change of file or mapping asks the server again; only the latest answer counts. */
  function ask(nextFile: File, nextOptions: ImportOptions) {
    setOptions(nextOptions);
    const current = ++request.current;
    setPreviewing(true);
    previewCsvImport(boardId, nextFile, nextOptions).then(
      (answer) => {
        if (current !== request.current) return;
        setPreview(answer);
        setProblem(null);
        setPreviewing(false);
      },
      (caught: unknown) => {
        if (current !== request.current) return;
        setPreview(null);
        setProblem(problemOf(caught));
        setPreviewing(false);
      },
    );
  }

  const change = (next: ImportOptions) => {
    if (file) ask(file, next);
  };

  useEffect(() => {
    if (result) doneRef.current?.focus();
  }, [result]);

  function choose(chosen: File | null) {
    request.current++;
    setPreview(null);
    setResult(null);
    setImportProblem(null);
    setOptions({});
    setProblem(null);
    setFile(chosen);
    if (chosen) ask(chosen, {});
  }

  async function runImport() {
    if (!file || !preview) return;
    setImporting(true);
    setImportProblem(null);
    try {
      setResult(await importCsv(boardId, file, preview.options));
    } catch (caught) {
      const failure = problemOf(caught);
      setImportProblem(failure.message);
      // The board changed under the preview: show what the import would do now.
      if (failure.status === 409 || failure.code === 'unknown_lane') change({ ...options, lanes: {} });
    } finally {
      setImporting(false);
    }
  }

  const actionable = preview ? preview.counts.create + preview.counts.update : 0;
  return (
    <dialog ref={dialogRef} className="dialog import-dialog" aria-labelledby="import-title" onCancel={onClose} data-testid="import-dialog">
      <div className="dialog-header">
        <h2 id="import-title">Import initiatives</h2>
        <button type="button" className="icon-button" aria-label="Close import" onClick={onClose}>
          ×
        </button>
      </div>
      {result ? (
        <div className="import-done" data-testid="import-result">
          <p role="status">
            {result.imported.written
              ? `Imported from ${file?.name ?? 'the file'}: ${plural(result.imported.create, 'initiative')} created, ${result.imported.update} updated, ${plural(result.imported.skip, 'row')} skipped. The decision log records it as one entry.`
              : `Nothing to import: ${plural(result.imported.unchanged, 'initiative')} already up to date, ${plural(result.imported.skip, 'row')} skipped.`}
          </p>
          <div className="dialog-actions">
            <button ref={doneRef} type="button" className="button primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <>
          <p className="muted">
            A CSV from Jira (<em>Export → Export CSV</em>, all or current fields), from Linear, or a Lanewise roadmap CSV. You see what will happen before anything is written; re-importing the same file updates what it created.
          </p>
          <div className="field">
            <label htmlFor="import-file">CSV file</label>
            <input id="import-file" type="file" accept=".csv,text/csv" onChange={(event) => choose(event.target.files?.[0] ?? null)} />
          </div>
          {previewing && !preview && <p role="status">Reading the file…</p>}
          {problem && (
            <div className="import-problem" role="alert" data-testid="import-error">
              <p>{problem.message}</p>
              {problem.code === 'unknown_format' && file && (
                <div className="field">
                  <label htmlFor="import-format">Read it as</label>
                  <select id="import-format" value={options.format ?? ''} onChange={(event) => change({ format: event.target.value as ImportFormat })}>
                    <option value="" disabled>
                      Choose…
                    </option>
                    {(Object.keys(FORMAT_NAMES) as ImportFormat[]).map((format) => (
                      <option key={format} value={format}>
                        {FORMAT_NAMES[format]}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </div>
          )}
          {preview && (
            <div className="import-preview" aria-busy={previewing} data-testid="import-preview">
              <p className="import-summary">
                <strong data-testid="import-format">{preview.formatLabel}</strong> · {plural(preview.rows, 'row')} · {preview.fileName}
              </p>
              <p className="import-counts" data-testid="import-counts" aria-live="polite">
                {plural(preview.counts.create, 'initiative')} to create · {preview.counts.update} to update · {preview.counts.unchanged} unchanged · {plural(preview.counts.skip, 'row')} skipped
              </p>
              {preview.encodingNote && <p className="field-hint">{preview.encodingNote}</p>}
              <ImportPreviewLists preview={preview} />
              <ImportMapping preview={preview} disabled={previewing || importing} onChange={change} />
            </div>
          )}
          {importProblem && (
            <p className="form-error" role="alert" data-testid="import-failed">
              Nothing was imported: {importProblem}
            </p>
          )}
          <div className="dialog-actions import-actions">
            <button type="button" className="button subtle" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="button primary" disabled={!preview || previewing || importing || actionable === 0} onClick={() => void runImport()}>
              {importing ? 'Importing…' : preview && actionable > 0 ? `Import ${plural(actionable, 'initiative')}` : 'Import'}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
