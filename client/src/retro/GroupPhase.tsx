import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { DndContext, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent, type DragOverEvent, type DragStartEvent } from '@dnd-kit/core';
import { groupCards, isActionsLane, retroTopics, setGroupTitle, ungroupCard, type Item } from '@lanewise/shared';
import { attemptCommand } from '../board/actions.ts';
import { useBoardSession, useBoardStore, useCanEdit, usePresence } from '../board/sessionContext.tsx';
import type { PresenceUser } from '../board/presence.ts';
import './retroFlow.css';

/** The cards of a retro outside the Actions column, and the Actions column's ids. */
export function useRetroCards(): { cards: Item[]; actionLaneIds: ReadonlySet<string>; actions: Item[] } {
  const items = useBoardStore((state) => state.items);
  const lanes = useBoardStore((state) => state.lanes);
  return useMemo(() => {
    const actionLaneIds = new Set(Object.values(lanes).filter((lane) => isActionsLane(lane)).map((lane) => lane.id));
    const all = Object.values(items) as Item[];
    return { cards: all, actionLaneIds, actions: all.filter((item) => actionLaneIds.has(item.laneId)).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)) };
  }, [items, lanes]);
}

/** Who is dropping onto which card right now (the `groupTarget` others publish in presence). */
function useGroupTargets(): Readonly<Record<string, string[]>> {
  const session = useBoardSession();
  const [targets, setTargets] = useState<Record<string, string[]>>({});
  useEffect(() => {
    const read = () => {
      const next: Record<string, string[]> = {};
      for (const [clientId, state] of session.awareness.getStates()) {
        if (clientId === session.awareness.clientID) continue;
        const target = (state as { groupTarget?: unknown }).groupTarget;
        const name = (state as { user?: { name?: unknown } }).user?.name;
        if (typeof target === 'string' && typeof name === 'string') (next[target] ??= []).push(name.slice(0, 80));
      }
      setTargets((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    };
    read();
    session.awareness.on('change', read);
    return () => session.awareness.off('change', read);
  }, [session]);
  return targets;
}

/**
 * The Group phase: drag a card onto another to group them (or pick "Group with" from the
 * keyboard), give a group a title, take a card out again. Everyone sees a live ghost of who is
 * dragging which card and where it is about to land.
 */
export function GroupPhase() {
  const session = useBoardSession();
  const canEdit = useCanEdit();
  const { cards, actionLaneIds } = useRetroCards();
  const draggingBy = usePresence((state) => state.draggingBy);
  const targets = useGroupTargets();
  const [error, setError] = useState<string | null>(null);
  const topics = useMemo(() => retroTopics(cards, actionLaneIds), [cards, actionLaneIds]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor));
  const titleOf = (id: string) => cards.find((card) => card.id === id)?.title ?? '';

  const run = (work: () => void) => {
    const result = attemptCommand(() => work());
    setError(result.ok ? null : result.message);
  };
  const publishTarget = (target: string | null) => session.awareness.setLocalStateField('groupTarget', target);
  const onDragStart = (event: DragStartEvent) => {
    session.setDragging(String(event.active.id));
    publishTarget(null);
  };
  const onDragOver = (event: DragOverEvent) => publishTarget(event.over && event.over.id !== event.active.id ? String(event.over.id) : null);
  const onDragEnd = (event: DragEndEvent) => {
    session.setDragging(null);
    publishTarget(null);
    if (event.over && event.over.id !== event.active.id) run(() => groupCards(session.doc, String(event.active.id), String(event.over?.id), session.origin));
  };
  const onDragCancel = () => {
    session.setDragging(null);
    publishTarget(null);
  };

  if (topics.length === 0) return null;
  const card = (id: string, title: string) => (
    <GroupCard key={id} id={id} title={title} canEdit={canEdit} draggedBy={draggingBy[id]} landing={targets[id] ?? []} draggedTitle={Object.entries(draggingBy).find(([, user]) => (targets[id] ?? []).includes(user.name))?.[0]} titleOf={titleOf}>
      {canEdit && (
        <KeyboardGroup
          id={id}
          title={title}
          others={topics.filter((topic) => !topic.cards.some((member) => member.id === id)).map((topic) => ({ id: topic.id, title: topic.title }))}
          onGroup={(target) => run(() => groupCards(session.doc, id, target, session.origin))}
        />
      )}
    </GroupCard>
  );
  return (
    <section className="retro-group" aria-label="Group cards" data-testid="group-phase">
      <h3 className="retro-subheading">Group similar cards</h3>
      <p className="retro-hint">Drag a card onto another to group them, or use “Group with”. Name each group; take a card out with “Ungroup”.</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <DndContext sensors={sensors} onDragStart={onDragStart} onDragOver={onDragOver} onDragEnd={onDragEnd} onDragCancel={onDragCancel}>
        <ul className="retro-group-list">
          {topics.map((topic) =>
            topic.isGroup ? (
              <li key={topic.id} className="retro-group-box" data-testid="retro-group">
                <GroupTitle key={`${topic.id}:${cards.find((item) => item.id === topic.id)?.groupTitle ?? ''}`} anchorId={topic.id} title={cards.find((item) => item.id === topic.id)?.groupTitle ?? ''} canEdit={canEdit} onSave={(value) => run(() => setGroupTitle(session.doc, topic.id, value, session.origin))} />
                <ul className="retro-group-members">
                  {topic.cards.map((member) => (
                    <li key={member.id}>
                      {card(member.id, member.title)}
                      {canEdit && (
                        <button type="button" className="button small" aria-label={`Ungroup “${member.title}”`} onClick={() => run(() => ungroupCard(session.doc, member.id, session.origin))}>
                          Ungroup
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ) : (
              <li key={topic.id}>{card(topic.id, topic.title)}</li>
            ),
          )}
        </ul>
      </DndContext>
    </section>
  );
}

function GroupCard({ id, title, canEdit, draggedBy, landing, draggedTitle, titleOf, children }: { readonly id: string; readonly title: string; readonly canEdit: boolean; readonly draggedBy: PresenceUser | undefined; readonly landing: readonly string[]; readonly draggedTitle: string | undefined; readonly titleOf: (id: string) => string; readonly children: ReactNode }) {
  const drag = useDraggable({ id, disabled: !canEdit });
  const drop = useDroppable({ id, disabled: !canEdit });
  const style = drag.transform ? { transform: `translate(${drag.transform.x}px, ${drag.transform.y}px)`, zIndex: 5, position: 'relative' as const } : undefined;
  const classes = ['retro-group-card', drop.isOver ? 'drop-over' : '', draggedBy ? 'ghost' : '', landing.length > 0 ? 'landing' : ''].filter(Boolean).join(' ');
  return (
    <div
      ref={(node) => {
        drag.setNodeRef(node);
        drop.setNodeRef(node);
      }}
      className={classes}
      style={{ ...style, ...(draggedBy ? { outlineColor: draggedBy.color } : {}) }}
      data-testid="group-card"
      data-item-id={id}
      data-item-title={title}
    >
      <span className="retro-group-card-title" {...(canEdit ? drag.listeners : {})} {...(canEdit ? drag.attributes : {})} aria-label={canEdit ? `Drag “${title}” onto another card to group them` : undefined}>
        {title}
      </span>
      {draggedBy && (
        <span className="retro-ghost" data-testid="drag-ghost" style={{ background: draggedBy.color }}>
          {draggedBy.name} is dragging this
        </span>
      )}
      {landing.length > 0 && (
        <span className="retro-ghost landing" data-testid="drop-ghost">
          {landing.join(', ')} {landing.length === 1 ? 'is' : 'are'} dropping {draggedTitle ? `“${titleOf(draggedTitle)}”` : 'a card'} here
        </span>
      )}
      {children}
    </div>
  );
}

function KeyboardGroup({ id, title, others, onGroup }: { readonly id: string; readonly title: string; readonly others: ReadonlyArray<{ id: string; title: string }>; readonly onGroup: (target: string) => void }) {
  const [target, setTarget] = useState('');
  if (others.length === 0) return null;
  return (
    <span className="retro-keyboard-group">
      <select aria-label={`Group “${title}” with`} value={target} onChange={(event) => setTarget(event.target.value)}>
        <option value="">Group with…</option>
        {others.map((other) => (
          <option key={other.id} value={other.id}>
            {other.title}
          </option>
        ))}
      </select>
      <button type="button" className="button small" disabled={!target} aria-label={`Group “${title}”`} onClick={() => target && onGroup(target)} data-group-source={id}>
        Group
      </button>
    </span>
  );
}

function GroupTitle({ anchorId, title, canEdit, onSave }: { readonly anchorId: string; readonly title: string; readonly canEdit: boolean; readonly onSave: (title: string) => void }) {
  const [draft, setDraft] = useState(title);
  if (!canEdit) return <h4 className="retro-group-title">{title || 'Untitled group'}</h4>;
  return (
    <form
      className="retro-group-title-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(draft);
      }}
    >
      <input aria-label="Group title" placeholder="Name this group" value={draft} maxLength={80} onChange={(event) => setDraft(event.target.value)} onBlur={() => draft !== title && onSave(draft)} data-anchor={anchorId} />
    </form>
  );
}
