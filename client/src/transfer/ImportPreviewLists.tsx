import type { ImportPreview } from './transferApi.ts';

/** How many entries of each list are shown; the counts are always complete. */
const SHOWN = 100;

function More({ total }: { readonly total: number }) {
  return total > SHOWN ? <li className="muted">… and {total - SHOWN} more</li> : null;
}

/** What the import will create, update and skip (with the line of each skipped row), and what it adjusted. */
export function ImportPreviewLists({ preview }: { readonly preview: ImportPreview }) {
  const { counts } = preview;
  const unused = preview.columns.filter((column) => !column.used).map((column) => column.name);
  return (
    <div className="import-lists">
      {counts.skip > 0 && (
        <details className="import-list" open data-testid="import-skipped">
          <summary>
            Skipped rows ({counts.skip})
          </summary>
          <ul>
            {preview.skipped.slice(0, SHOWN).map((row) => (
              <li key={row.line}>
                <span className="line-number">Line {row.line}</span>
                {row.key && <span className="issue-key">{row.key}</span>} {row.reason}
              </li>
            ))}
            <More total={counts.skip} />
          </ul>
        </details>
      )}
      {counts.create > 0 && (
        <details className="import-list" data-testid="import-create">
          <summary>Will be created ({counts.create})</summary>
          <ul>
            {preview.create.slice(0, SHOWN).map((row) => (
              <li key={row.line}>
                <span className="line-number">Line {row.line}</span>
                {row.key && <span className="issue-key">{row.key}</span>} {row.title} <span className="muted">→ {row.lane}</span>
              </li>
            ))}
            <More total={counts.create} />
          </ul>
        </details>
      )}
      {counts.update > 0 && (
        <details className="import-list" open data-testid="import-update">
          <summary>Will be updated ({counts.update})</summary>
          <p className="field-hint">Content only: initiatives stay in the lane and place they were planned into.</p>
          <ul>
            {preview.update.slice(0, SHOWN).map((row) => (
              <li key={row.line}>
                <span className="line-number">Line {row.line}</span>
                {row.key && <span className="issue-key">{row.key}</span>} {row.title} <span className="muted">({row.changes.join(', ')})</span>
              </li>
            ))}
            <More total={counts.update} />
          </ul>
        </details>
      )}
      {preview.notes.length > 0 && (
        <details className="import-list">
          <summary>Adjusted values ({preview.notes.length})</summary>
          <ul>
            {preview.notes.slice(0, SHOWN).map((note, index) => (
              <li key={`${note.line}-${index}`}>
                <span className="line-number">Line {note.line}</span>
                {note.key && <span className="issue-key">{note.key}</span>} {note.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview.peopleAdded.length > 0 && <p className="field-hint">Adds {preview.peopleAdded.length === 1 ? 'one person' : `${preview.peopleAdded.length} people`} under People: {preview.peopleAdded.join(', ')}.</p>}
      {unused.length > 0 && <p className="field-hint">Not imported: {unused.join(', ')}.</p>}
    </div>
  );
}
