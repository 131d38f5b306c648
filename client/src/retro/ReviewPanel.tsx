import { useCallback, useEffect, useState } from 'react';
import type { RetroPhase } from '@lanewise/shared';
import { tokenOfLink, saveBoardToken, boardToken } from '../app/boardTokens.ts';
import { loadRecentBoards } from '../app/recentBoards.ts';
import { navigate } from '../app/router.ts';
import { useBoardSession, useBoardStore } from '../board/sessionContext.tsx';
import { downloadRetroExport, fetchJoint, fetchReview, linkPlanningBoard, startNextRetro, type JointView, type RetroSeries, type ReviewAction } from './retroFlowApi.ts';

/**
 * Below the phase controls, from the series: the open actions of earlier retros with their live
 * status on the planning board, the joint product/engineering view, the exports — and, for the
 * facilitator, linking a planning board and starting the next retro. What happened on the planning
 * board since the last retro is beside the columns (PlanContext.tsx).
 */
export function ReviewPanel({ phase, series, isFacilitator, onSeriesChanged, refreshKey }: { readonly phase: RetroPhase; readonly series: RetroSeries | null; readonly isFacilitator: boolean; readonly onSeriesChanged: () => void; readonly refreshKey: number }) {
  const session = useBoardSession();
  const boardId = session.boardId;
  const title = useBoardStore((state) => state.meta?.title ?? '');
  const [review, setReview] = useState<{ open: ReviewAction[]; done: number } | null>(null);
  const [joint, setJoint] = useState<JointView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (caught: unknown) => setError(caught instanceof Error ? caught.message : 'That did not work; try again.');

  const load = useCallback(() => {
    fetchReview(boardId).then(setReview, fail);
    fetchJoint(boardId).then(setJoint, fail);
  }, [boardId]);
  useEffect(() => load(), [load, phase, series, refreshKey]);

  const startNext = () =>
    startNextRetro(boardId).then((next) => {
      const token = tokenOfLink(next.links.owner);
      if (token) saveBoardToken(next.id, token);
      navigate(`/b/${encodeURIComponent(next.id)}`);
    }, fail);

  return (
    <div className="retro-review" data-testid="retro-review">
      <section aria-label="Series">
        <h3>Series</h3>
        {series?.planningBoard ? (
          <p>
            Linked to <a href={`/b/${encodeURIComponent(series.planningBoard.id)}`}>“{series.planningBoard.title}”</a>
            {series.earlier.length > 0 && ` · ${series.earlier.length} earlier retro${series.earlier.length === 1 ? '' : 's'}`}
          </p>
        ) : (
          <p className="retro-hint">Not linked to a planning board yet.</p>
        )}
        {isFacilitator && !series?.planningBoard && <LinkPlanningBoard onLinked={onSeriesChanged} onError={fail} />}
        {isFacilitator && (
          <button type="button" className="button" onClick={startNext}>
            Start the next retro
          </button>
        )}
        <span className="retro-export">
          <button type="button" className="button small" onClick={() => downloadRetroExport(boardId, 'md', title).catch(fail)}>
            Export Markdown
          </button>
          <button type="button" className="button small" onClick={() => downloadRetroExport(boardId, 'csv', title).catch(fail)}>
            Export CSV
          </button>
        </span>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </section>
      {review && (review.open.length > 0 || review.done > 0) && (
        <section aria-label="Open actions from earlier retros" data-testid="review-actions">
          <h3>Open actions from earlier retros</h3>
          {review.done > 0 && <p className="retro-hint">{review.done} done since.</p>}
          <ul className="retro-review-list">
            {review.open.map((action) => (
              <li key={`${action.retro.id}:${action.id}`} data-testid="review-action">
                <strong>{action.title}</strong> — {action.owner || 'no owner'}
                {action.due && `, due ${action.due}`} <ActionStatus action={action} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {joint && phase !== 'reflect' && (
        <section aria-label="Joint view" data-testid="joint-view">
          <h3>Product and engineering</h3>
          {joint.shown ? (
            <table className="retro-joint-table">
              <thead>
                <tr>
                  <th scope="col">Column (most divergent first)</th>
                  <th scope="col">Product</th>
                  <th scope="col">Engineering</th>
                </tr>
              </thead>
              <tbody>
                {joint.columns.map((column) => (
                  <tr key={column.laneId}>
                    <th scope="row">{column.name}</th>
                    <td>
                      {column.product.cards} cards · {column.product.votes} votes
                    </td>
                    <td>
                      {column.engineering.cards} cards · {column.engineering.votes} votes
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="retro-hint">{joint.reason}</p>
          )}
        </section>
      )}
    </div>
  );
}

function ActionStatus({ action }: { readonly action: ReviewAction }) {
  if (!action.status) return <span className="retro-status">not on a planning board</span>;
  if ('removed' in action.status) return <span className="retro-status">removed from “{action.link?.boardTitle}”</span>;
  return (
    <span className={`retro-status${action.status.done ? ' done' : ''}`} data-testid="review-status">
      {action.status.done ? 'Done' : `In ${action.status.laneName}`} on “{action.link?.boardTitle}”
    </span>
  );
}

function LinkPlanningBoard({ onLinked, onError }: { readonly onLinked: () => void; readonly onError: (caught: unknown) => void }) {
  const session = useBoardSession();
  const known = loadRecentBoards().filter((board) => board.id !== session.boardId && boardToken(board.id) !== null);
  const [target, setTarget] = useState(known[0]?.id ?? '');
  if (known.length === 0) return <p className="retro-hint">Open the planning board with its link in this browser to link this retro to it.</p>;
  return (
    <span className="retro-link-planning">
      <select aria-label="Planning board to link" value={target} onChange={(event) => setTarget(event.target.value)}>
        {known.map((board) => (
          <option key={board.id} value={board.id}>
            {board.title}
          </option>
        ))}
      </select>
      <button type="button" className="button small" onClick={() => linkPlanningBoard(session.boardId, target).then(onLinked, onError)}>
        Link planning board
      </button>
    </span>
  );
}
