import { useState } from 'react';
import { cardValue, estimationSpread, type PokerRound } from '@lanewise/shared';
import { useEstimationPresence, usePlanningActions, usePokerLocal } from '../board/collabContext.ts';
import { useBoardSession, useBoardStore, usePresence, useSessionState } from '../board/sessionContext.tsx';
import { formatNumber } from '../tradeoffs/format.ts';
import { useUiStore } from '../ui/uiStore.ts';
import { canPick, voterName } from './pokerState.ts';

const SCALE_NAMES: Record<PokerRound['scale'], string> = { fibonacci: 'Fibonacci', tshirt: 'T-shirt sizes', custom: 'Custom scale' };
const NO_VOTERS: readonly never[] = [];

/**
 * One live estimation round for everyone on the board. Picks stay in this browser until the
 * reveal; others only see *that* someone voted. After the reveal every vote shows at once.
 */
export function EstimationRound({ round }: { readonly round: PokerRound }) {
  const session = useBoardSession();
  const actions = usePlanningActions();
  const title = useBoardStore((state) => state.items[round.itemId]?.title ?? 'an item');
  const users = usePresence((state) => state.users);
  const voters = useEstimationPresence((state) => state.votedBy[round.id] ?? NO_VOTERS);
  const myPick = usePokerLocal((state) => state.picks[round.id]?.card ?? null);
  const publishError = usePokerLocal((state) => state.error);
  const readOnly = useSessionState((state) => state.readOnly);
  const [error, setError] = useState<string | null>(null);
  const self = users.find((user) => user.isSelf);
  const facilitatorHere = users.some((user) => user.name === round.facilitator);
  // The facilitator leads; if they left, anyone may finish the round.
  const leads = !readOnly && (self?.name === round.facilitator || !facilitatorHere);
  const votedIds = new Set(voters.map((voter) => voter.clientId));
  const run = (result: { ok: boolean; message?: string }) => setError(result.ok ? null : (result.message ?? null));
  const spread = estimationSpread(round.votes, round.cards);
  const votes = Object.entries(round.votes).sort((a, b) => voterName(a[0]).localeCompare(voterName(b[0])));
  const acceptable = spread.counts.map(([card]) => card).filter((card) => cardValue(card) !== null);
  // After discussion the facilitator may settle on any card of the deck, voted for or not.
  const others = round.cards.filter((card) => cardValue(card) !== null && !acceptable.includes(card));
  const [other, setOther] = useState('');
  const chosenOther = others.includes(other) ? other : (others[0] ?? '');

  return (
    <section className={`estimation-round status-${round.status}`} data-testid="estimation-round" data-item-id={round.itemId} data-status={round.status} aria-label={`Estimating ${title}`}>
      <div className="round-head">
        <h2>
          Estimating{' '}
          <button type="button" className="link-button" onClick={() => useUiStore.getState().openPanel({ kind: 'item', itemId: round.itemId })}>
            “{title}”
          </button>
        </h2>
        <span className="muted">
          {SCALE_NAMES[round.scale]} · {round.facilitator || 'Someone'} facilitates{!facilitatorHere ? ' (away)' : ''}
        </span>
        {leads && (
          <button type="button" className="button subtle small push-end" onClick={() => run(actions.cancelEstimation(round.itemId))}>
            Cancel round
          </button>
        )}
      </div>

      {round.status === 'voting' ? (
        <>
          <div className="poker-deck" role="group" aria-label="Your card (hidden from others until the reveal)">
            {round.cards.map((card) => (
              <button
                key={card}
                type="button"
                className={`poker-card${myPick === card ? ' picked' : ''}`}
                aria-pressed={myPick === card}
                aria-label={`Vote ${card}`}
                disabled={!canPick(round, readOnly)}
                onClick={() => session.poker.pick(round, card)}
              >
                {card}
              </button>
            ))}
          </div>
          <div className="round-foot">
            <ul className="voters" aria-label="Who has voted">
              {users.map((user) => (
                <li key={user.clientId} className={votedIds.has(user.clientId) ? 'voted' : 'waiting'} data-testid="voter" data-name={user.name} data-voted={votedIds.has(user.clientId)}>
                  <span className="swatch" style={{ background: user.color }} aria-hidden="true" />
                  {user.isSelf ? `${user.name} (you)` : user.name}
                  <span className="vote-state">{votedIds.has(user.clientId) ? 'voted' : 'thinking…'}</span>
                </li>
              ))}
            </ul>
            <span className="muted" data-testid="vote-count">
              {voters.length} of {users.length} voted · picks stay private until the reveal
            </span>
            {leads && (
              <button type="button" className="button primary" disabled={voters.length === 0} onClick={() => run(actions.revealEstimation(round.itemId, round.id))}>
                Reveal votes
              </button>
            )}
          </div>
        </>
      ) : (
        <>
          <ul className="revealed-votes" aria-label="Votes">
            {votes.length === 0 && <li className="muted">Waiting for votes…</li>}
            {votes.map(([key, card]) => (
              <li key={key} data-testid="revealed-vote" data-name={voterName(key)} data-card={card}>
                <span className="poker-card small">{card}</span>
                {voterName(key)}
              </li>
            ))}
          </ul>
          <div className="round-foot">
            <p className={`spread${spread.wide ? ' wide' : ''}`} data-testid="estimation-spread">
              {spread.votes === 0
                ? 'No votes yet'
                : spread.consensus
                  ? `Consensus: ${spread.counts[0]?.[0] ?? ''}`
                  : spread.min !== null && spread.max !== null
                    ? `Spread ${formatNumber(spread.min)}–${formatNumber(spread.max)} · median ${formatNumber(spread.median ?? 0)} · ${spread.votes} votes`
                    : `${spread.votes} votes, no numbers`}
              {spread.wide && <strong className="spread-flag"> · Wide spread: talk it through, then re-vote</strong>}
            </p>
            {leads && (
              <div className="button-row" role="group" aria-label="Accept an estimate">
                {acceptable.map((card) => (
                  <button key={card} type="button" className="button small" onClick={() => run(actions.acceptEstimate(round.itemId, round.id, card))}>
                    Accept {card}
                  </button>
                ))}
                {others.length > 0 && (
                  <span className="accept-other">
                    <label htmlFor={`${round.id}-other`}>Another value</label>
                    <select id={`${round.id}-other`} value={chosenOther} onChange={(event) => setOther(event.target.value)}>
                      {others.map((card) => (
                        <option key={card} value={card}>
                          {card}
                        </option>
                      ))}
                    </select>
                    <button type="button" className="button small" onClick={() => run(actions.acceptEstimate(round.itemId, round.id, chosenOther))}>
                      Accept {chosenOther}
                    </button>
                  </span>
                )}
                <button type="button" className={`button small${spread.wide ? ' primary' : ''}`} onClick={() => run(actions.revoteEstimation(round.itemId, round.id))}>
                  Re-vote
                </button>
              </div>
            )}
            {!leads && <span className="muted">{round.facilitator} picks the estimate.</span>}
          </div>
        </>
      )}
      {(error ?? publishError) && (
        <p className="form-error" role="alert">
          {error ?? publishError}
        </p>
      )}
    </section>
  );
}
