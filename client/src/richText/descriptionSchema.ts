import { Schema, type DOMOutputSpec, type Mark, type Node } from 'prosemirror-model';
import { isSafeHref } from '@lanewise/shared';

/**
 * The editor's schema: exactly the nodes and marks the server admits (shared/src/richText.ts).
 * Pasted HTML goes through ProseMirror's DOMParser with this schema, so anything else — script,
 * iframes, images, styles, event handlers, `javascript:` links — is dropped, keeping the text.
 */
export const descriptionSchema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { content: 'inline*', group: 'block', parseDOM: [{ tag: 'p' }], toDOM: (): DOMOutputSpec => ['p', 0] },
    heading: {
      attrs: { level: { default: 1, validate: 'number' } },
      content: 'inline*',
      group: 'block',
      defining: true,
      parseDOM: [
        { tag: 'h1', attrs: { level: 1 } },
        { tag: 'h2', attrs: { level: 2 } },
        { tag: 'h3', attrs: { level: 3 } },
        { tag: 'h4', attrs: { level: 3 } },
        { tag: 'h5', attrs: { level: 3 } },
        { tag: 'h6', attrs: { level: 3 } },
      ],
      toDOM: (node: Node): DOMOutputSpec => [`h${String(node.attrs.level)}`, 0],
    },
    code_block: {
      content: 'text*',
      marks: '',
      group: 'block',
      code: true,
      defining: true,
      parseDOM: [{ tag: 'pre', preserveWhitespace: 'full' }],
      toDOM: (): DOMOutputSpec => ['pre', ['code', 0]],
    },
    blockquote: { content: 'block+', group: 'block', defining: true, parseDOM: [{ tag: 'blockquote' }], toDOM: (): DOMOutputSpec => ['blockquote', 0] },
    bullet_list: { content: 'list_item+', group: 'block', parseDOM: [{ tag: 'ul' }], toDOM: (): DOMOutputSpec => ['ul', 0] },
    ordered_list: {
      attrs: { order: { default: 1, validate: 'number' } },
      content: 'list_item+',
      group: 'block',
      parseDOM: [{ tag: 'ol', getAttrs: (dom: HTMLElement) => ({ order: dom.hasAttribute('start') ? Math.max(0, Math.min(100_000, Number(dom.getAttribute('start')) || 1)) : 1 }) }],
      toDOM: (node: Node): DOMOutputSpec => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: String(node.attrs.order) }, 0]),
    },
    list_item: { content: 'paragraph block*', defining: true, parseDOM: [{ tag: 'li' }], toDOM: (): DOMOutputSpec => ['li', 0] },
    text: { group: 'inline' },
  },
  marks: {
    link: {
      attrs: { href: { validate: 'string' } },
      inclusive: false,
      parseDOM: [
        {
          tag: 'a[href]',
          // An unsafe link keeps its text and loses the link.
          getAttrs: (dom: HTMLElement) => {
            const href = dom.getAttribute('href') ?? '';
            return isSafeHref(href) ? { href } : false;
          },
        },
      ],
      toDOM: (mark: Mark): DOMOutputSpec => ['a', { href: String(mark.attrs.href), rel: 'noopener noreferrer nofollow', target: '_blank' }, 0],
    },
    em: { parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }], toDOM: (): DOMOutputSpec => ['em', 0] },
    strong: {
      parseDOM: [{ tag: 'strong' }, { tag: 'b', getAttrs: (node: HTMLElement) => node.style.fontWeight !== 'normal' && null }, { style: 'font-weight=400', clearMark: (m) => m.type.name === 'strong' }, { style: 'font-weight', getAttrs: (value: string) => /^(bold(er)?|[5-9]\d{2,})$/.test(value) && null }],
      toDOM: (): DOMOutputSpec => ['strong', 0],
    },
    code: { parseDOM: [{ tag: 'code' }], toDOM: (): DOMOutputSpec => ['code', 0] },
  },
});
