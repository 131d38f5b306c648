import { memo } from 'react';
import { initials } from '../app/identity.ts';
import type { ItemViewModel } from '../board/boardState.ts';
import { useBoardStore, useIsRetro } from '../board/sessionContext.tsx';
import { CardLenses } from '../tradeoffs/CardLenses.tsx';
import { UNIT_SHORT } from '../tradeoffs/format.ts';

const KIND_LABELS: Record<ItemViewModel['kind'], string> = {
  feature: 'Feature',
  'tech-health': 'Tech health',
  bug: 'Bug',
  research: 'Research',
};

/** How the systems an item can be imported from are named. */
export const SOURCE_SYSTEMS: Record<NonNullable<ItemViewModel['source']>['system'], string> = { jira: 'Jira', linear: 'Linear', lanewise: 'a Lanewise CSV' };

const MAX_TAGS = 3;

const PERSPECTIVE_LABELS: Record<NonNullable<ItemViewModel['perspective']>, string> = { product: 'Product', engineering: 'Engineering', both: 'Product + Eng' };

/**
 * What a card shows at a glance. Text only: user input is never rendered as HTML.
 * `hideDetails` hides the badges from assistive tech when the card describes them itself.
 */
export const CardBody = memo(function CardBody({ item, hideDetails = false }: { readonly item: ItemViewModel; readonly hideDetails?: boolean }) {
  const extraTags = item.tags.length - MAX_TAGS;
  const unit = useBoardStore((state) => UNIT_SHORT[state.meta?.estimateUnit ?? 'points']);
  // Retro cards are prompts' answers, not initiatives: no kind or lenses.
  const isRetro = useIsRetro();
  // Revealed cards carry their writer only when the facilitator made authors visible (anonymous by default).
  const showAuthors = useBoardStore((state) => state.meta?.showAuthors === true);
  return (
    <>
      <div className="card-top" aria-hidden={hideDetails || undefined}>
        {!isRetro && <span className={`kind-badge kind-${item.kind}`}>{KIND_LABELS[item.kind]}</span>}
        {item.source && (
          <span className="source-key" data-testid="source-key" title={`Imported from ${SOURCE_SYSTEMS[item.source.system]}: ${item.source.key}`}>
            {item.source.key}
          </span>
        )}
        {item.perspective && (
          <span className={`perspective-badge perspective-${item.perspective}`} data-testid="perspective">
            {PERSPECTIVE_LABELS[item.perspective]}
          </span>
        )}
        {isRetro && showAuthors && item.createdBy !== '' && (
          <span className="source-key" data-testid="card-author" title="Written by">
            {item.createdBy}
          </span>
        )}
        {isRetro && item.group !== undefined && <GroupBadge anchorId={item.group} />}
        {item.link && (
          <span className="source-key" data-testid="card-link" title={isRetro ? `Promoted to the planning board “${item.link.boardTitle}”` : `An action from the retro “${item.link.boardTitle}”`}>
            {isRetro ? `On ${item.link.boardTitle}` : `From ${item.link.boardTitle}`}
          </span>
        )}
        {item.votes !== undefined && (
          <span className="vote-count" data-testid="card-votes">
            {item.votes} {item.votes === 1 ? 'vote' : 'votes'}
          </span>
        )}
        {item.estimate !== null && (
          <span className="estimate">
            {item.estimate}
            <span className="unit"> {unit}</span>
          </span>
        )}
      </div>
      <p className="card-title">{item.title}</p>
      {!isRetro && <CardLenses item={item} hidden={hideDetails} />}
      {(item.owner || item.tags.length > 0) && (
        <div className="card-meta" aria-hidden={hideDetails || undefined}>
          {item.owner ? (
            <span className="owner" title={`Owner: ${item.owner}`}>
              <span className="owner-initials" aria-hidden="true">
                {initials(item.owner)}
              </span>
              <span className="owner-name">{item.owner}</span>
            </span>
          ) : (
            <span className="owner unassigned">Unassigned</span>
          )}
          {item.tags.length > 0 && (
            <ul className="tags">
              {item.tags.slice(0, MAX_TAGS).map((tag) => (
                <li key={tag} className="tag">
                  {tag}
                </li>
              ))}
              {extraTags > 0 && <li className="tag more">+{extraTags}</li>}
            </ul>
          )}
        </div>
      )}
    </>
  );
});

export { KIND_LABELS };

/** On a retro card in a group: the group's title (or that it is grouped). */
function GroupBadge({ anchorId }: { readonly anchorId: string }) {
  const title = useBoardStore((state) => state.items[anchorId]?.groupTitle);
  return (
    <span className="source-key" data-testid="card-group" title="In a group of cards">
      {title ? `Group: ${title}` : 'Grouped'}
    </span>
  );
}
