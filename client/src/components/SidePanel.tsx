import { useEffect } from 'react';
import { useUiStore } from '../ui/uiStore.ts';
import { ItemPanel } from './ItemPanel.tsx';
import { LanePanel } from './LanePanel.tsx';
import { PeoplePanel } from '../people/PeoplePanel.tsx';
import { BoardSettingsPanel } from '../tradeoffs/BoardSettingsPanel.tsx';

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
  if (panel.kind === 'people') return <PeoplePanel />;
  if (panel.kind === 'board-settings') return <BoardSettingsPanel />;
  if (panel.kind === 'lane') return <LanePanel key={`lane:${panel.laneId}`} laneId={panel.laneId} />;
  if (panel.kind === 'new-item') return <ItemPanel key={`new:${panel.laneId}`} mode={{ kind: 'new', laneId: panel.laneId }} />;
  return <ItemPanel key={`item:${panel.itemId}`} mode={{ kind: 'edit', itemId: panel.itemId }} />;
}
