import type { Awareness } from 'y-protocols/awareness';

type State = Record<string, unknown>;

/**
 * y-prosemirror's cursor plugin reads carets from the awareness field `cursor` when it draws them
 * (1.3.x ignores its `cursorStateField` there), but on a Lanewise board `cursor` is the pointer
 * over the board. This view of the awareness shows the plugin the `textCursor` field under the name
 * it reads, so the two never mix; everything else passes through.
 */
export function textCursorAwareness(awareness: Awareness, field: string): Awareness {
  const asPlugin = (state: State | null): State | null => (state ? { ...state, cursor: state[field] ?? null } : state);
  const view = {
    doc: awareness.doc,
    clientID: awareness.clientID,
    getStates: () => {
      const states = new Map<number, State>();
      for (const [clientId, state] of awareness.getStates()) states.set(clientId, asPlugin(state as State) as State);
      return states;
    },
    getLocalState: () => asPlugin(awareness.getLocalState() as State | null),
    setLocalStateField: (key: string, value: unknown) => awareness.setLocalStateField(key === 'cursor' ? field : key, value),
    on: (event: 'change' | 'update', listener: (...args: unknown[]) => void) => awareness.on(event, listener),
    off: (event: 'change' | 'update', listener: (...args: unknown[]) => void) => awareness.off(event, listener),
  };
  return view as unknown as Awareness;
}
