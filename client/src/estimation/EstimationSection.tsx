import { useId, useState } from 'react';
import type { PokerScale } from '@lanewise/shared';
import { useCollab, usePlanningActions } from '../board/collabContext.ts';
import { useSessionState } from '../board/sessionContext.tsx';

/** In the item panel: start a live estimation round, or see where the current one stands. */
export function EstimationSection({ itemId }: { readonly itemId: string }) {
  const actions = usePlanningActions();
  const round = useCollab((state) => state.rounds[itemId]);
  const readOnly = useSessionState((state) => state.readOnly);
  const [scale, setScale] = useState<PokerScale>('fibonacci');
  const [custom, setCustom] = useState('1, 2, 4, 8, 16');
  const [error, setError] = useState<string | null>(null);
  const ids = { scale: useId(), custom: useId() };
  const open = round !== undefined && round.status !== 'closed';

  function start() {
    const cards = scale === 'custom' ? custom.split(',').map((card) => card.trim()).filter(Boolean) : undefined;
    const result = actions.startEstimation(itemId, scale, cards);
    setError(result.ok ? null : result.message);
  }

  return (
    <section className="panel-section" aria-labelledby={`${ids.scale}-title`}>
      <h3 id={`${ids.scale}-title`}>Live estimation</h3>
      {open ? (
        <p className="muted" data-testid="estimation-status">
          {round.status === 'voting' ? `${round.facilitator} opened a round — pick your card in the bar above the board.` : 'Votes are revealed above the board; the facilitator accepts one.'}
        </p>
      ) : (
        <>
          {round?.status === 'closed' && round.accepted !== null && <p className="muted">Last round accepted {round.accepted}.</p>}
          {readOnly && <p className="muted">No estimation round is open.</p>}
          {!readOnly && (
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.scale}>Scale</label>
              <select id={ids.scale} value={scale} onChange={(event) => setScale(event.target.value as PokerScale)}>
                <option value="fibonacci">Fibonacci (0–21)</option>
                <option value="tshirt">T-shirt (XS–XL)</option>
                <option value="custom">Custom</option>
              </select>
            </div>
            {scale === 'custom' && (
              <div className="field">
                <label htmlFor={ids.custom}>Cards</label>
                <input id={ids.custom} value={custom} autoComplete="off" aria-describedby={`${ids.custom}-hint`} onChange={(event) => setCustom(event.target.value)} />
                <p id={`${ids.custom}-hint`} className="field-hint">
                  Comma separated, up to 8 characters each
                </p>
              </div>
            )}
          </div>
          )}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          {!readOnly && (
            <button type="button" className="button" onClick={start}>
              Start estimation
            </button>
          )}
        </>
      )}
    </section>
  );
}
