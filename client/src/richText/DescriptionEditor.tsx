import { useEffect, useRef } from 'react';
import { baseKeymap, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorState, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { isSafeHref } from '@lanewise/shared';
import { ySyncPlugin, ySyncPluginKey, yCursorPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { descriptionSchema as schema } from './descriptionSchema.ts';
import { textCursorAwareness } from './textCursorAwareness.ts';

/** The awareness field the text carets travel in (`cursor` is the board pointer). */
export const TEXT_CURSOR_FIELD = 'textCursor';

export interface DescriptionEditorProps {
  readonly fragment: Y.XmlFragment;
  readonly awareness: Awareness;
  /** The session's undo manager: undo stays per user and covers text along with moves. */
  readonly undoManager: Y.UndoManager;
  readonly labelledBy: string;
  readonly editable: boolean;
}

const link: Command = (state, dispatch) => {
  const type = schema.marks.link;
  if (state.selection.empty) return false;
  if (state.doc.rangeHasMark(state.selection.from, state.selection.to, type)) return toggleMark(type)(state, dispatch);
  const href = window.prompt('Link address (https://…, http://… or mailto:…)')?.trim();
  if (!href) return false;
  if (!isSafeHref(href)) {
    window.alert('Links must start with https://, http:// or mailto:.');
    return false;
  }
  return toggleMark(type, { href })(state, dispatch);
};

const TOOLS: ReadonlyArray<{ label: string; text: string; command: Command }> = [
  { label: 'Bold', text: 'B', command: toggleMark(schema.marks.strong) },
  { label: 'Italic', text: 'I', command: toggleMark(schema.marks.em) },
  { label: 'Code', text: '</>', command: toggleMark(schema.marks.code) },
  { label: 'Link', text: 'Link', command: link },
  { label: 'Heading', text: 'H', command: setBlockType(schema.nodes.heading, { level: 2 }) },
  { label: 'Paragraph', text: '¶', command: setBlockType(schema.nodes.paragraph) },
  { label: 'Bulleted list', text: '•', command: wrapInList(schema.nodes.bullet_list) },
  { label: 'Numbered list', text: '№', command: wrapInList(schema.nodes.ordered_list) },
  { label: 'Quote', text: '“', command: wrapIn(schema.nodes.blockquote) },
];

/** "Dana" over a coloured caret: how others' carets look in the text (y-prosemirror's layout). */
function caret(user: { name?: unknown; color?: unknown }): HTMLElement {
  const color = typeof user.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(user.color) ? user.color : '#4c5a6b';
  const cursor = document.createElement('span');
  cursor.className = 'text-caret';
  cursor.dataset.testid = 'text-caret';
  cursor.style.borderColor = color;
  const label = document.createElement('span');
  label.className = 'text-caret-name';
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === 'string' ? user.name.slice(0, 80) : 'Someone';
  cursor.append(label);
  return cursor;
}

/**
 * The collaborative description editor: ProseMirror bound to the item's Y.XmlFragment by
 * y-prosemirror, with the others' carets and selections from presence. Loaded lazily (its own
 * chunk) when an item panel opens.
 */
export default function DescriptionEditor({ fragment, awareness, undoManager, labelledBy, editable }: DescriptionEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);

  useEffect(() => {
    if (!host.current) return;
    // The binding writes with its plugin key as origin; the session's undo manager takes it as ours.
    undoManager.addTrackedOrigin(ySyncPluginKey);
    const undo: Command = (_state, dispatch) => Boolean(dispatch && undoManager.undo() !== null);
    const redo: Command = (_state, dispatch) => Boolean(dispatch && undoManager.redo() !== null);
    const view = new EditorView(host.current, {
      state: EditorState.create({
        schema,
        plugins: [
          ySyncPlugin(fragment),
          yCursorPlugin(textCursorAwareness(awareness, TEXT_CURSOR_FIELD), { cursorBuilder: caret }, 'cursor'),
          keymap({
            'Mod-z': undo,
            'Mod-y': redo,
            'Mod-Shift-z': redo,
            'Mod-b': toggleMark(schema.marks.strong),
            'Mod-i': toggleMark(schema.marks.em),
            'Mod-`': toggleMark(schema.marks.code),
            Enter: splitListItem(schema.nodes.list_item),
            Tab: sinkListItem(schema.nodes.list_item),
            'Shift-Tab': liftListItem(schema.nodes.list_item),
          }),
          keymap(baseKeymap),
        ],
      }),
      editable: () => editable,
      // y-prosemirror dispatches from timers (cursor metas, re-renders); one that fires after the
      // panel closed must not reach the destroyed view ("reading 'matchesNode'" of null).
      dispatchTransaction(this: EditorView, transaction) {
        if (!this.isDestroyed) this.updateState(this.state.apply(transaction));
      },
      attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': labelledBy, class: 'rich-text-input', 'data-testid': 'description-editor' },
    });
    viewRef.current = view;
    return () => {
      viewRef.current = null;
      view.destroy();
      // Leaving the editor takes this person's caret out of everyone's text.
      awareness.setLocalStateField(TEXT_CURSOR_FIELD, null);
    };
  }, [fragment, awareness, undoManager, labelledBy, editable]);

  const run = (command: Command) => {
    const view = viewRef.current;
    if (!view) return;
    command(view.state, view.dispatch, view);
    view.focus();
  };

  return (
    <div className="rich-text">
      {editable && (
        <div className="rich-text-toolbar" role="toolbar" aria-label="Formatting">
          {TOOLS.map((tool) => (
            <button key={tool.label} type="button" className="rich-text-tool" aria-label={tool.label} title={tool.label} onMouseDown={(event) => event.preventDefault()} onClick={() => run(tool.command)}>
              {/* A symbol, not a word: the button's name is its label. */}
              <span aria-hidden="true">{tool.text}</span>
            </button>
          ))}
        </div>
      )}
      <div ref={host} />
    </div>
  );
}
