import { useId, useMemo, type KeyboardEvent } from 'react';
import { SCORE_FORMULAS } from '@lanewise/shared';
import { useBoardStore } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { toBoardView } from './boardView.ts';
import { chartModel, LANE_COLORS, placeLabels, spreadOverlaps, type ChartPoint } from './chartModel.ts';
import { formatNumber, formatScore, UNIT_SHORT } from './format.ts';
import { useTradeoffUi, type ChartAxes } from './tradeoffUiStore.ts';

const W = 760;
const H = 480;
const M = { left: 64, right: 24, top: 20, bottom: 52 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;
const DOT_R = 6;
/** Dots closer than this are fanned out so none covers another (room for the health ring too). */
const MIN_DOT_DISTANCE = 22;
const HEALTH_COLOR = '#15803d';

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function ticks(max: number, step: number): number[] {
  const count = Math.round(max / step);
  return Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

/** An SVG arc path around (cx, cy), clockwise from 12 o'clock, for `share` (0–1) of the circle. */
function arcPath(cx: number, cy: number, r: number, share: number): string {
  if (share >= 0.999) return `M ${cx} ${cy - r} a ${r} ${r} 0 1 1 0 ${2 * r} a ${r} ${r} 0 1 1 0 ${-2 * r}`;
  const angle = 2 * Math.PI * share - Math.PI / 2;
  const x = cx + r * Math.cos(angle);
  const y = cy + r * Math.sin(angle);
  return `M ${cx} ${cy - r} A ${r} ${r} 0 ${share > 0.5 ? 1 : 0} 1 ${x} ${y}`;
}

const LABEL_CHARS = 26;
/** A generous estimate of a label character's width (11.5 px bold), so estimated boxes cover the real text. */
const CHAR_WIDTH = 7.2;

const AXES: ReadonlyArray<[ChartAxes, string]> = [
  ['benefit-effort', 'Benefit vs effort'],
  ['impact-health', 'Impact vs health'],
];

/**
 * Items plotted as accessible SVG: each point is a focusable button named with its title, lane and
 * values; Enter or a click opens the item. Items that share a spot are fanned out around it (a thin
 * line leads back to the true value), so every item is visible and can be reached. Labels sit next
 * to their own dot in its lane's colour. On "Benefit vs effort" a green ring shows how much of an
 * item's benefit is technical health.
 */
export function TradeoffView() {
  const view = useBoardStore(toBoardView);
  const unit = useBoardStore((state) => UNIT_SHORT[state.meta?.estimateUnit ?? 'points']);
  const axes = useTradeoffUi((state) => state.axes);
  const selectedId = useUiStore((state) => (state.panel?.kind === 'item' ? state.panel.itemId : null));
  const model = useMemo(() => (view ? chartModel(view, axes) : null), [view, axes]);
  const titleId = useId();
  const descId = useId();
  if (!view || !model) return null;

  const sx = (x: number) => M.left + (Math.min(x, model.xMax) / model.xMax) * PLOT_W;
  const sy = (y: number) => M.top + PLOT_H - (Math.min(y, model.yMax) / model.yMax) * PLOT_H;
  const open = (itemId: string) => useUiStore.getState().openPanel({ kind: 'item', itemId });
  const describe = (point: ChartPoint) =>
    axes === 'benefit-effort'
      ? `${point.item.title}, lane ${point.laneName}, benefit ${Math.round(point.y)} of 100 (user value ${Math.round(point.benefit?.value ?? 0)} + health ${Math.round(point.benefit?.health ?? 0)}${point.benefit?.missing.length ? `; ${point.benefit.missing.join(' and ')} not scored` : ''}), effort ${formatNumber(point.x)} ${unit}`
      : `${point.item.title}, lane ${point.laneName}, user impact ${formatNumber(point.y)}, health gain ${formatNumber(point.x)}`;
  const quadrantOf = (point: ChartPoint) =>
    model.quadrants.find((quadrant) => (point.x > model.xSplit ? 'right' : 'left') === quadrant.side && (point.y >= model.ySplit ? 'top' : 'bottom') === quadrant.level)?.label ?? '';
  const splitX = sx(model.xSplit);
  const splitY = sy(model.ySplit);
  const spread = spreadOverlaps(
    model.points.map((point) => ({ id: point.item.id, x: sx(point.x), y: sy(point.y) })),
    MIN_DOT_DISTANCE,
  );
  const layout = model.points.map((point) => {
    const place = spread.get(point.item.id);
    const cx = place?.x ?? sx(point.x);
    const cy = place?.y ?? sy(point.y);
    const dotX = place?.dotX ?? cx;
    const dotY = place?.dotY ?? cy;
    const text = truncate(point.item.title, LABEL_CHARS);
    const width = text.length * CHAR_WIDTH;
    // Labels point away from the shared spot (or from the right edge), and never leave the chart.
    const fitsLeft = dotX - 12 - width >= M.left + 2;
    const fitsRight = dotX + 12 + width <= W - 4;
    const left = (dotX < cx - 0.5 || !fitsRight) && fitsLeft;
    const fits = left ? fitsLeft : fitsRight;
    // A label that cannot fit either side is shown on hover and focus only (an impossible box is never placed).
    const box = fits ? { x: left ? dotX - 12 - width : dotX + 12, y: dotY - 8, width, height: 15 } : { x: -1e6, y: -1e6, width: 2e6, height: 2e6 };
    // Other dots keep a clearance wider than the 12 px between a label and its own dot, so a label
    // is always nearest to the dot it belongs to.
    return { point, cx, cy, dotX, dotY, text, left, groupSize: place?.groupSize ?? 1, box, dot: { x: dotX - 15, y: dotY - 15, width: 30, height: 30 } };
  });
  // Labels of the highest points first; the others appear on hover and focus.
  const labelled = placeLabels([...layout].sort((a, b) => a.dotY - b.dotY).map((entry) => ({ id: entry.point.item.id, box: entry.box, dot: entry.dot })));
  const fanned = layout.some((entry) => entry.groupSize > 1);

  return (
    <section className="tradeoff-view" aria-labelledby={titleId} data-testid="tradeoff-view">
      <div className="tradeoff-toolbar">
        <h2 id={titleId}>Trade-offs</h2>
        <div className="segmented" role="group" aria-label="Chart axes">
          {AXES.map(([key, label]) => (
            <button key={key} type="button" aria-pressed={axes === key} onClick={() => useTradeoffUi.getState().setAxes(key)}>
              {label}
            </button>
          ))}
        </div>
        <ul className="chart-legend" aria-label="Legend">
          {view.lanes.map((lane, index) => (
            <li key={lane.id}>
              <span className="swatch" style={{ background: LANE_COLORS[index % LANE_COLORS.length] }} aria-hidden="true" />
              {lane.name}
            </li>
          ))}
          {axes === 'benefit-effort' && (
            <li data-testid="health-ring-legend">
              <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
                <circle cx="9" cy="9" r="4.5" fill="#8b93a3" />
                <path d={arcPath(9, 9, 7.5, 0.4)} fill="none" stroke={HEALTH_COLOR} strokeWidth="2.5" strokeLinecap="round" />
              </svg>
              Green ring: health share of the benefit
            </li>
          )}
        </ul>
      </div>
      {axes === 'benefit-effort' && (
        <p className="chart-explainer" data-testid="benefit-explainer">
          Benefit = ½ user value + ½ health, each scaled to this board’s best item on that lens (user value = reach × impact × confidence; health = health gain × (4 − risk)).
          Tech-health work is placed by what it does for the system, not at “value 0”.
        </p>
      )}
      <figure className="chart-figure">
        <svg viewBox={`0 0 ${W} ${H}`} role="group" aria-labelledby={titleId} aria-describedby={descId} className="tradeoff-chart">
          <desc id={descId}>
            {model.points.length} items plotted, {model.yLabel} against {model.xLabel}. {model.splitNote}
            {axes === 'benefit-effort' ? ` ${SCORE_FORMULAS.benefit}.` : ''}
          </desc>
          <g aria-hidden="true">
            <rect x={M.left} y={M.top} width={splitX - M.left} height={splitY - M.top} className="quadrant q-top-left" />
            <rect x={splitX} y={M.top} width={M.left + PLOT_W - splitX} height={splitY - M.top} className="quadrant q-top-right" />
            <rect x={M.left} y={splitY} width={splitX - M.left} height={M.top + PLOT_H - splitY} className="quadrant q-bottom-left" />
            <rect x={splitX} y={splitY} width={M.left + PLOT_W - splitX} height={M.top + PLOT_H - splitY} className="quadrant q-bottom-right" />
            {ticks(model.xMax, model.xStep).map((tick) => (
              <g key={`x${tick}`}>
                <line x1={sx(tick)} x2={sx(tick)} y1={M.top + PLOT_H} y2={M.top + PLOT_H + 5} className="tick" />
                <text x={sx(tick)} y={M.top + PLOT_H + 18} textAnchor="middle" className="tick-label">
                  {formatScore(tick)}
                </text>
              </g>
            ))}
            {ticks(model.yMax, model.yStep).map((tick) => (
              <g key={`y${tick}`}>
                <line x1={M.left - 5} x2={M.left} y1={sy(tick)} y2={sy(tick)} className="tick" />
                <text x={M.left - 9} y={sy(tick) + 4} textAnchor="end" className="tick-label">
                  {formatScore(tick)}
                </text>
              </g>
            ))}
            <line x1={splitX} x2={splitX} y1={M.top} y2={M.top + PLOT_H} className="split" />
            <line x1={M.left} x2={M.left + PLOT_W} y1={splitY} y2={splitY} className="split" />
            <line x1={M.left} x2={M.left + PLOT_W} y1={M.top + PLOT_H} y2={M.top + PLOT_H} className="axis" />
            <line x1={M.left} x2={M.left} y1={M.top} y2={M.top + PLOT_H} className="axis" />
            <text x={M.left + PLOT_W / 2} y={H - 10} textAnchor="middle" className="axis-label">
              {model.xLabel}
              {axes === 'benefit-effort' ? ` (${unit})` : ''}
            </text>
            <text transform={`translate(16 ${M.top + PLOT_H / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
              {model.yLabel}
            </text>
          </g>
          <g className="quadrant-labels">
            {model.quadrants.map((quadrant) => {
              const x = quadrant.side === 'left' ? M.left + 10 : M.left + PLOT_W - 10;
              const y = quadrant.level === 'top' ? M.top + 20 : M.top + PLOT_H - 12;
              return (
                <g key={quadrant.label}>
                  <title>{`${quadrant.label}: ${quadrant.hint}`}</title>
                  <text x={x} y={y} textAnchor={quadrant.side === 'left' ? 'start' : 'end'} className="quadrant-label" data-testid="quadrant-label">
                    {quadrant.label}
                  </text>
                </g>
              );
            })}
          </g>
          <g className="fan-leaders" aria-hidden="true">
            {layout
              .filter((entry) => entry.groupSize > 1)
              .map((entry) => (
                <g key={entry.point.item.id}>
                  <line x1={entry.cx} y1={entry.cy} x2={entry.dotX} y2={entry.dotY} className="fan-leader" />
                  <circle cx={entry.cx} cy={entry.cy} r={2} className="fan-origin" />
                </g>
              ))}
          </g>
          <g className="points">
            {layout.map(({ point, dotX, dotY, text, left, groupSize }) => {
              const healthShare = point.benefit && point.benefit.total > 0 ? point.benefit.health / point.benefit.total : 0;
              return (
                <g key={point.item.id}>
                <g
                  className={`point${point.item.id === selectedId ? ' selected' : ''}${labelled.has(point.item.id) ? ' labelled' : ''}`}
                  role="button"
                  tabIndex={0}
                  aria-label={`${describe(point)}. ${quadrantOf(point)}.${groupSize > 1 ? ` One of ${groupSize} items at this spot.` : ''}`}
                  data-testid="chart-point"
                  data-item-id={point.item.id}
                  data-quadrant={quadrantOf(point)}
                  onClick={() => open(point.item.id)}
                  onKeyDown={(event: KeyboardEvent<SVGGElement>) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      open(point.item.id);
                    }
                  }}
                >
                  <circle cx={dotX} cy={dotY} r={11} className="hit" />
                  <circle cx={dotX} cy={dotY} r={DOT_R} fill={point.color} className="dot" data-testid="chart-dot" />
                  {axes === 'benefit-effort' && healthShare > 0 && (
                    <path d={arcPath(dotX, dotY, DOT_R + 3.5, healthShare)} className="health-ring" stroke={HEALTH_COLOR} data-testid="health-ring" data-share={Math.round(healthShare * 100)} />
                  )}
                </g>
                {/* The label is the point's sibling: the button's name is the full description, its text only a hint. */}
                <text x={left ? dotX - 12 : dotX + 12} y={dotY + 4} textAnchor={left ? 'end' : 'start'} className="point-label" fill={point.color} aria-hidden="true" data-testid="chart-label">
                  {text}
                </text>
                </g>
              );
            })}
          </g>
        </svg>
        <figcaption className="chart-caption">
          {model.splitNote}
          {fanned ? ' Items with the same values are fanned out around their shared point (a thin line leads back to it).' : ''} Select a point to open the item.
        </figcaption>
      </figure>
      {model.missing.length > 0 && (
        <div className="chart-missing">
          <h3>Not plotted — missing {axes === 'benefit-effort' ? 'an effort, or the inputs of both lenses' : 'impact or tech-health gain'}</h3>
          <ul>
            {model.missing.map(({ item, laneName }) => (
              <li key={item.id}>
                <button type="button" className="link-button" onClick={() => open(item.id)}>
                  {item.title}
                </button>
                <span className="muted"> · {laneName}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
