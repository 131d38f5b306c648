import type { ItemViewModel } from '../board/boardState.ts';
import { CommentThread } from '../comments/CommentThread.tsx';
import { EstimationSection } from '../estimation/EstimationSection.tsx';
import { ItemHistory } from '../history/ItemHistory.tsx';
import { LensScores } from '../tradeoffs/LensScores.tsx';
import { UNIT_LONG } from '../tradeoffs/format.ts';
import type { EstimateUnit } from '@lanewise/shared';
import { KIND_LABELS } from './CardBody.tsx';
import { draftFromItem } from './itemForm.ts';

const shown = (value: number | null) => (value === null ? '—' : String(value));

/**
 * An initiative as a view-only link sees it: every field as text, both lenses with their scores,
 * the live estimation round, the conversation and the item's history — and no control that writes.
 */
export function ItemDetails({ item, laneName, unit, titleId }: { readonly item: ItemViewModel; readonly laneName: string; readonly unit: EstimateUnit; readonly titleId: string }) {
  const facts: Array<[string, string]> = [
    ['Lane', laneName || '—'],
    ['Owner', item.owner || 'Unassigned'],
    ['Estimate', item.estimate === null ? 'Not estimated' : `${item.estimate} ${UNIT_LONG[unit]}`],
    ['Kind', KIND_LABELS[item.kind]],
    ['Tags', item.tags.length > 0 ? item.tags.join(', ') : '—'],
    ['Reach', shown(item.reach)],
    ['Impact', shown(item.impact)],
    ['Confidence', shown(item.confidence)],
    ['Tech health', shown(item.techHealth)],
    ['Risk', shown(item.risk)],
  ];
  return (
    <div className="panel-body item-details" data-testid="item-details" role="region" aria-labelledby={titleId} tabIndex={0}>
      <p className="role-note">
        <span className="role-badge">View only</span> You can follow this initiative but not change it.
      </p>
      <h3 id={titleId} className="item-details-title">
        {item.title}
      </h3>
      {item.description ? <p className="item-details-description">{item.description}</p> : <p className="muted">No description.</p>}
      <dl className="item-facts">
        {facts.map(([label, value]) => (
          <div key={label} className="item-fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <LensScores draft={draftFromItem(item)} />
      <EstimationSection itemId={item.id} />
      <CommentThread itemId={item.id} />
      <ItemHistory itemId={item.id} />
    </div>
  );
}
