import { createContext, useContext } from 'react';

/** The board's scrolling element (lanes are virtualized against it). Null until mounted. */
export const BoardScrollerContext = createContext<HTMLDivElement | null>(null);

export function useBoardScroller(): HTMLDivElement | null {
  return useContext(BoardScrollerContext);
}
