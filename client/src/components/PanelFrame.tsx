import type { ReactNode } from 'react';
import { useUiStore } from '../ui/uiStore.ts';

/** The side panel's shell: a heading, a close button and a scrolling body. */
export function PanelFrame({ titleId, title, children }: { readonly titleId: string; readonly title: string; readonly children: ReactNode }) {
  return (
    <aside className="side-panel" aria-labelledby={titleId}>
      <div className="panel-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close panel" onClick={() => useUiStore.getState().closePanel()}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      {children}
    </aside>
  );
}
