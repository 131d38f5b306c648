import type { BoardView } from '@lanewise/shared';
import { CardBody } from '../components/CardBody.tsx';
import type { CardHighlight } from './diffPresentation.ts';

interface ReadOnlyBoardProps {
  readonly board: BoardView;
  readonly highlights: ReadonlyMap<string, CardHighlight>;
}

const points = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/** A board as it was: the lanes and cards of a snapshot, without drag and drop or editing. */
export function ReadOnlyBoard({ board, highlights }: ReadOnlyBoardProps) {
  return (
    <div className="readonly-lanes" data-testid="replay-board">
      {board.lanes.map((lane) => {
        const sum = lane.items.reduce((total, item) => total + (item.estimate ?? 0), 0);
        return (
          <section key={lane.id} className="lane readonly-lane" aria-label={`Lane ${lane.name} (as it was)`} data-lane-name={lane.name}>
            <header className="lane-header">
              <div className="lane-title-row">
                <h3 className="lane-name">{lane.name}</h3>
              </div>
              <div className="lane-stats">
                <span>{lane.itemLimit === null ? `${lane.items.length} items` : `${lane.items.length} / ${lane.itemLimit} items`}</span>
                <span>{lane.capacity === null ? `${points(sum)} pts` : `${points(sum)} / ${points(lane.capacity)} pts`}</span>
              </div>
            </header>
            <ol className="lane-cards">
              {lane.items.map((item) => {
                const mark = highlights.get(item.id);
                return (
                  <li key={item.id} className={`card readonly-card${mark ? ` changed-${mark.kind}` : ''}`} data-item-title={item.title} title={mark?.description}>
                    <CardBody item={item} />
                    {mark && (
                      <span className={`change-badge ${mark.kind}`}>
                        <span aria-hidden="true">{mark.badge}</span>
                        <span className="visually-hidden">{mark.description}</span>
                      </span>
                    )}
                  </li>
                );
              })}
              {lane.items.length === 0 && <li className="lane-empty">Empty</li>}
            </ol>
          </section>
        );
      })}
    </div>
  );
}
