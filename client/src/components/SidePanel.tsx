import { lazy, Suspense, useEffect } from 'react';
import { useUiStore } from '../ui/uiStore.ts';

// Panels are loaded when one first opens: none of them is needed to paint a board.
const ItemPanel = lazy(() => import('./ItemPanel.tsx').then((module) => ({ default: module.ItemPanel })));
const LanePanel = lazy(() => import('./LanePanel.tsx').then((module) => ({ default: module.LanePanel })));
const PeoplePanel = lazy(() => import('../people/PeoplePanel.tsx').then((module) => ({ default: module.PeoplePanel })));
const BoardSettingsPanel = lazy(() => import('../tradeoffs/BoardSettingsPanel.tsx').then((module) => ({ default: module.BoardSettingsPanel })));

/** The right-hand panel: edit or create an initiative, or edit a lane. Escape closes it. */
export function SidePanel() {
  const panel = useUiStore((state) => state.panel);

  useEffect(() => {
    if (!panel) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && useUiStore.getState().dragPreview === null && !document.querySelector('dialog[open]')) {
        event.preventDefault(); // handled: History behind the panel stays open
        useUiStore.getState().closePanel();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [panel]);

  if (!panel) return null;
  let content;
  if (panel.kind === 'people') content = <PeoplePanel />;
  else if (panel.kind === 'board-settings') content = <BoardSettingsPanel />;
  else if (panel.kind === 'lane') content = <LanePanel key={`lane:${panel.laneId}`} laneId={panel.laneId} />;
  else if (panel.kind === 'new-item') content = <ItemPanel key={`new:${panel.laneId}`} mode={{ kind: 'new', laneId: panel.laneId }} />;
  else content = <ItemPanel key={`item:${panel.itemId}`} mode={{ kind: 'edit', itemId: panel.itemId }} />;
  return <Suspense fallback={null}>{content}</Suspense>;
}
