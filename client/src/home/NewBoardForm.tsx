import { useState, type FormEvent } from 'react';
import { LIMITS, MAX_RETRO_PROMPTS, TEMPLATE_IDS, TEMPLATES, type TemplateId } from '@lanewise/shared';
import { createBoardOnServer } from '../app/api.ts';
import { saveBoardToken, tokenOfLink } from '../app/boardTokens.ts';
import { rememberBoard } from '../app/recentBoards.ts';
import { boardPath, navigate } from '../app/router.ts';

export function NewBoardForm() {
  const [title, setTitle] = useState('');
  const [template, setTemplate] = useState<TemplateId>('planning');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sample, setSample] = useState(false);
  const [prompts, setPrompts] = useState('');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) {
      setError('Give the board a title.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const isRetro = TEMPLATES[template].kind === 'retro';
      const customPrompts = template === 'retro-custom' ? prompts.split('\n').map((line) => line.trim()).filter(Boolean) : null;
      const created = await createBoardOnServer({
        title: trimmed,
        template: sample && !isRetro ? 'planning' : template,
        ...(sample && !isRetro ? { sample: true } : {}),
        ...(customPrompts ? { prompts: customPrompts } : {}),
      });
      const ownerToken = created.links ? tokenOfLink(created.links.owner) : null;
      if (ownerToken) saveBoardToken(created.id, ownerToken);
      rememberBoard({ id: created.id, title: trimmed });
      navigate(boardPath(created.id));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'The board could not be created.');
      setBusy(false);
    }
  }

  const chosen = TEMPLATES[template];
  return (
    <form className="card-panel new-board" onSubmit={(event) => void submit(event)} aria-labelledby="new-board-heading" noValidate>
      <h2 id="new-board-heading">New board</h2>
      <div className="field">
        <label htmlFor="board-title">Board title</label>
        <input
          id="board-title"
          name="title"
          value={title}
          maxLength={LIMITS.titleLength}
          placeholder="Q3 planning"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'board-title-error' : undefined}
          onChange={(event) => setTitle(event.target.value)}
        />
        {error && (
          <p id="board-title-error" className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="board-template">Template</label>
        <select id="board-template" name="template" value={template} onChange={(event) => setTemplate(event.target.value as TemplateId)}>
          {(['planning', 'retro'] as const).map((kind) => (
            <optgroup key={kind} label={kind === 'planning' ? 'Planning boards' : 'Retrospectives'}>
              {TEMPLATE_IDS.filter((id) => TEMPLATES[id].kind === kind).map((id) => (
                <option key={id} value={id}>
                  {TEMPLATES[id].lanes.length > 0 ? `${TEMPLATES[id].label} (${TEMPLATES[id].lanes.map((lane) => lane.name).join(' / ')})` : TEMPLATES[id].label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <p className="field-hint">{chosen.description}</p>
      </div>
      {template === 'retro-custom' && (
        <div className="field">
          <label htmlFor="board-prompts">Prompts, one per line</label>
          <textarea id="board-prompts" name="prompts" rows={4} value={prompts} placeholder={'What gave you energy?\nWhat surprised you?'} onChange={(event) => setPrompts(event.target.value)} />
          <p className="field-hint">Each prompt becomes a column; an Actions column is added. At most {MAX_RETRO_PROMPTS}.</p>
        </div>
      )}
      {chosen.kind === 'planning' && (
        <div className="field checkbox-field">
          <input id="board-sample" type="checkbox" checked={sample} onChange={(event) => setSample(event.target.checked)} />
          <label htmlFor="board-sample">Start from the sample Q3 plan (4 lanes, 6 people, 22 initiatives)</label>
        </div>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create board'}
      </button>
    </form>
  );
}
