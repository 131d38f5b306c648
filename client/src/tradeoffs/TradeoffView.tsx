import { useId, useMemo, type KeyboardEvent } from 'react';
import { useBoardStore } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { toBoardView } from './boardView.ts';
import { chartModel, LANE_COLORS, placeLabels, type ChartPoint } from './chartModel.ts';
import { formatNumber, formatScore, UNIT_SHORT } from './format.ts';
import { useTradeoffUi, type ChartAxes } from './tradeoffUiStore.ts';

const W = 760;
const H = 480;
const M = { left: 64, right: 24, top: 20, bottom: 52 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function ticks(max: number, step: number): number[] {
  const count = Math.round(max / step);
  return Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

const LABEL_CHARS = 26;
const CHAR_WIDTH = 6.4;

/**
 * Items plotted as accessible SVG: each point is a focusable button named with its title, lane and
 * values; Enter or a click opens the item. Quadrants are labelled; a legend names the lane colours.
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
    axes === 'value-effort'
      ? `${point.item.title}, lane ${point.laneName}, value ${formatScore(point.y)}, effort ${formatNumber(point.x)} ${unit}`
      : `${point.item.title}, lane ${point.laneName}, user impact ${formatNumber(point.y)}, health gain ${formatNumber(point.x)}`;
  const quadrantOf = (point: ChartPoint) =>
    model.quadrants.find((quadrant) => (point.x > model.xSplit ? 'right' : 'left') === quadrant.side && (point.y >= model.ySplit ? 'top' : 'bottom') === quadrant.level)?.label ?? '';
  const splitX = sx(model.xSplit);
  const splitY = sy(model.ySplit);
  const layout = model.points.map((point) => {
    const cx = sx(point.x);
    const cy = sy(point.y);
    const text = truncate(point.item.title, LABEL_CHARS);
    const width = text.length * CHAR_WIDTH;
    const left = cx > M.left + PLOT_W - width - 20;
    return { point, cx, cy, text, left, box: { x: left ? cx - 12 - width : cx + 12, y: cy - 8, width, height: 15 }, dot: { x: cx - 8, y: cy - 8, width: 16, height: 16 } };
  });
  // Labels of the highest-value points first; the others appear on hover and focus.
  const labelled = placeLabels([...layout].sort((a, b) => a.cy - b.cy).map((entry) => ({ id: entry.point.item.id, box: entry.box, dot: entry.dot })));

  return (
    <section className="tradeoff-view" aria-labelledby={titleId} data-testid="tradeoff-view">
      <div className="tradeoff-toolbar">
        <h2 id={titleId}>Trade-offs</h2>
        <div className="segmented" role="group" aria-label="Chart axes">
          {(
            [
              ['value-effort', 'Value vs effort'],
              ['impact-health', 'Impact vs health'],
            ] as Array<[ChartAxes, string]>
          ).map(([key, label]) => (
            <button key={key} type="button" aria-pressed={axes === key} onClick={() => useTradeoffUi.getState().setAxes(key)}>
              {label}
            </button>
          ))}
        </div>
        <ul className="chart-legend" aria-label="Lanes">
          {view.lanes.map((lane, index) => (
            <li key={lane.id}>
              <span className="swatch" style={{ background: LANE_COLORS[index % LANE_COLORS.length] }} aria-hidden="true" />
              {lane.name}
            </li>
          ))}
        </ul>
      </div>
      <figure className="chart-figure">
        <svg viewBox={`0 0 ${W} ${H}`} role="group" aria-labelledby={titleId} aria-describedby={descId} className="tradeoff-chart">
          <desc id={descId}>
            {model.points.length} items plotted, {model.yLabel} against {model.xLabel}. {model.splitNote}
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
              {axes === 'value-effort' ? ` (${unit})` : ''}
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
          <g className="points">
            {layout.map(({ point, cx, cy, text, left }) => {
              return (
                <g
                  key={point.item.id}
                  className={`point${point.item.id === selectedId ? ' selected' : ''}${labelled.has(point.item.id) ? ' labelled' : ''}`}
                  role="button"
                  tabIndex={0}
                  aria-label={`${describe(point)}. ${quadrantOf(point)}.`}
                  data-testid="chart-point"
                  data-item-id={point.item.id}
                  onClick={() => open(point.item.id)}
                  onKeyDown={(event: KeyboardEvent<SVGGElement>) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      open(point.item.id);
                    }
                  }}
                >
                  <circle cx={cx} cy={cy} r={14} className="hit" />
                  <circle cx={cx} cy={cy} r={7} fill={point.color} className="dot" />
                  <text x={left ? cx - 12 : cx + 12} y={cy + 4} textAnchor={left ? 'end' : 'start'} className="point-label" aria-hidden="true">
                    {text}
                  </text>
                </g>
              );
            })}
          </g>
        </svg>
        <figcaption className="chart-caption">{model.splitNote} Select a point to open the item.</figcaption>
      </figure>
      {model.missing.length > 0 && (
        <div className="chart-missing">
          <h3>Not plotted — missing {axes === 'value-effort' ? 'reach, impact, confidence or effort' : 'impact or tech-health gain'}</h3>
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
