import { memo } from 'react';
import type { ItemViewModel } from '../board/boardState.ts';
import { formatScore, lensSummary } from './format.ts';

/** Both lenses, compactly: product value (RICE) and technical health, each with its formula on hover. */
export const CardLenses = memo(function CardLenses({ item, hidden }: { readonly item: ItemViewModel; readonly hidden?: boolean }) {
  const lens = lensSummary(item);
  return (
    <div className="card-lenses" aria-hidden={hidden || undefined}>
      <span className={`lens-chip value${lens.value === null ? ' missing' : ''}`} title={lens.valueExplained} data-testid="lens-value">
        <span className="lens-label">Value</span> {lens.value === null ? '—' : formatScore(lens.value)}
      </span>
      <span className={`lens-chip health${lens.health === null ? ' missing' : ''}`} title={lens.healthExplained} data-testid="lens-health">
        <span className="lens-label">Health</span> {lens.health === null ? '—' : formatScore(lens.health)}
      </span>
    </div>
  );
});
