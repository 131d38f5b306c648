import * as Y from 'yjs';
import { simpleDiffString } from 'lib0/diff';

/**
 * Collaborative text of an item (schema v3).
 *
 * - `title` is a `Y.Text` holding plain text (no formatting attributes, no embeds).
 * - `description` is a `Y.XmlFragment` in y-prosemirror's layout: one `Y.XmlElement` per
 *   ProseMirror node (nodeName = node type, attributes = node attrs) and `Y.XmlText` for text,
 *   whose formatting attributes are the marks (`{ strong: {} }`, `{ link: { href } }`).
 *
 * The allowed nodes and marks are the editor's schema (client/src/richText/descriptionSchema.ts
 * mirrors them); the server refuses anything else, so no client can store script, iframes or
 * unknown nodes, and links are http(s) or mailto only.
 */
export const RICH_TEXT_LIMITS = {
  /** Characters of text in one description (the v2 string cap). */
  textLength: 10_000,
  /** Block nodes in one description. */
  nodes: 2_000,
  /** Nesting of lists inside lists. */
  depth: 8,
  hrefLength: 500,
} as const;

/** Block nodes and what they may contain ('text': inline text only). */
export const RICH_TEXT_NODES = {
  paragraph: 'text',
  heading: 'text',
  code_block: 'text',
  blockquote: 'blocks',
  bullet_list: 'items',
  ordered_list: 'items',
  list_item: 'blocks',
} as const satisfies Record<string, 'text' | 'blocks' | 'items'>;
export type RichTextNode = keyof typeof RICH_TEXT_NODES;

export const RICH_TEXT_MARKS = ['strong', 'em', 'code', 'link'] as const;
export type RichTextMark = (typeof RICH_TEXT_MARKS)[number];

/** Link targets people can follow safely: never `javascript:`, `data:` or relative tricks. */
export const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s<>"]+$/i;

export function isSafeHref(href: unknown): href is string {
  return typeof href === 'string' && href.length <= RICH_TEXT_LIMITS.hrefLength && SAFE_HREF.test(href);
}

export interface RichTextProblem {
  readonly path: string;
  readonly message: string;
}

const ALLOWED_ATTRIBUTES: Record<RichTextNode, (name: string, value: unknown) => boolean> = {
  paragraph: () => false,
  heading: (name, value) => name === 'level' && (value === 1 || value === 2 || value === 3),
  code_block: () => false,
  blockquote: () => false,
  bullet_list: () => false,
  ordered_list: (name, value) => name === 'order' && typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100_000,
  list_item: () => false,
};

const isNode = (name: string): name is RichTextNode => Object.hasOwn(RICH_TEXT_NODES, name);

function checkMarks(attributes: unknown, path: string, problems: RichTextProblem[]): void {
  if (attributes === undefined || attributes === null) return;
  if (typeof attributes !== 'object') {
    problems.push({ path, message: 'has malformed formatting' });
    return;
  }
  for (const [mark, value] of Object.entries(attributes)) {
    if (!(RICH_TEXT_MARKS as readonly string[]).includes(mark)) {
      problems.push({ path, message: `uses formatting "${mark.slice(0, 40)}", not allowed` });
      continue;
    }
    if (value === null) continue; // a removed mark
    if (typeof value !== 'object') {
      problems.push({ path, message: `has malformed "${mark}" formatting` });
      continue;
    }
    const keys = Object.keys(value);
    if (mark === 'link') {
      const href = (value as { href?: unknown }).href;
      if (!isSafeHref(href)) problems.push({ path, message: 'has a link that is not http(s) or mailto' });
      if (keys.some((key) => key !== 'href' && key !== 'title')) problems.push({ path, message: 'has a link with unknown attributes' });
      const title = (value as { title?: unknown }).title;
      if (title !== undefined && title !== null && (typeof title !== 'string' || title.length > RICH_TEXT_LIMITS.hrefLength)) problems.push({ path, message: 'has a link title that is too long' });
    } else if (keys.length > 0) {
      problems.push({ path, message: `has "${mark}" formatting with attributes` });
    }
  }
}

interface Budget {
  text: number;
  nodes: number;
  /** When given, each checked text's content (its inserts joined), so the plain text needs no second walk of the deltas. */
  texts?: Map<Y.XmlText, string>;
}

function checkText(text: Y.XmlText, path: string, problems: RichTextProblem[], budget: Budget): void {
  // Text without formatting, embeds or inserted types (what nearly every edit leaves) is read from
  // its items as `toDelta` would read it, without building the delta (a per-update check, DECISIONS 126).
  let content = plainContentOf(text);
  if (content === null) {
    content = '';
    for (const op of text.toDelta() as { insert?: unknown; attributes?: unknown }[]) {
      if (typeof op.insert !== 'string') {
        problems.push({ path, message: 'holds an embedded object; only text is allowed' });
        continue;
      }
      content += op.insert;
      checkMarks(op.attributes, path, problems);
    }
  }
  budget.text += content.length;
  budget.texts?.set(text, content);
  if (hasAttributes(text)) problems.push({ path, message: 'has attributes on its text' });
}

/**
 * A text's content when it holds nothing but strings (no marks, embeds or types, live or deleted);
 * otherwise null. Read up to its last live character: deleted runs after it are not walked.
 */
function plainContentOf(text: Y.XmlText): string | null {
  let content = '';
  for (let item = text._start; item !== null && content.length < text._length; item = item.right) {
    if (item.content instanceof Y.ContentString) {
      if (!item.deleted) content += item.content.str;
    } else if (!(item.content instanceof Y.ContentDeleted)) {
      return null;
    }
  }
  return content;
}

/** Whether a shared type has live attributes (what `getAttributes` would list), without building them. */
function hasAttributes(type: Y.XmlText | Y.XmlElement): boolean {
  for (const item of type._map.values()) if (!item.deleted) return true;
  return false;
}

function checkChildren(parent: Y.XmlFragment | Y.XmlElement, content: 'blocks' | 'items' | 'text', path: string, problems: RichTextProblem[], budget: Budget, depth: number): void {
  if (depth > RICH_TEXT_LIMITS.depth) {
    problems.push({ path, message: `is nested more than ${RICH_TEXT_LIMITS.depth} levels deep` });
    return;
  }
  // The children as `toArray` lists them (live, countable items), walked in place. The walk ends
  // at the last live child: a description replaced wholesale keeps each old paragraph as a deleted
  // item after the new ones, one per edit, and a per-update check must not walk its whole history.
  let index = 0;
  for (let item = parent._start; item !== null && index < parent._length; item = item.right) {
    if (item.deleted || !item.countable) continue;
    if (item.content instanceof Y.ContentType) {
      checkChild(item.content.type, content, path, index++, problems, budget, depth);
    } else {
      for (const child of item.content.getContent()) checkChild(child, content, path, index++, problems, budget, depth);
    }
  }
}

function checkChild(child: unknown, content: 'blocks' | 'items' | 'text', path: string, index: number, problems: RichTextProblem[], budget: Budget, depth: number): void {
  if (problems.length > 20) return;
  const at = `${path}.${index}`;
  if (content === 'text') {
    if (child instanceof Y.XmlText) checkText(child, at, problems, budget);
    else problems.push({ path: at, message: 'is a node inside text; only text is allowed there' });
    return;
  }
  if (!(child instanceof Y.XmlElement)) {
    problems.push({ path: at, message: child instanceof Y.XmlText ? 'is text outside a paragraph' : 'is not an allowed node' });
    return;
  }
  const name = child.nodeName;
  if (!isNode(name)) {
    problems.push({ path: at, message: `is a "${name.slice(0, 40)}" node, not allowed` });
    return;
  }
  if (content === 'items' ? name !== 'list_item' : name === 'list_item') {
    problems.push({ path: at, message: content === 'items' ? 'is not a list item inside a list' : 'is a list item outside a list' });
    return;
  }
  budget.nodes++;
  if (hasAttributes(child)) {
    for (const [attribute, value] of Object.entries(child.getAttributes())) {
      if (!ALLOWED_ATTRIBUTES[name](attribute, value)) problems.push({ path: at, message: `has an attribute "${attribute.slice(0, 40)}" that a ${name} does not allow` });
    }
  }
  checkChildren(child, RICH_TEXT_NODES[name], at, problems, budget, depth + 1);
}

/**
 * What is wrong with a stored description: unknown nodes or marks, unsafe links, text outside
 * paragraphs, more than the size caps. Empty when it is fine.
 */
export function checkRichText(fragment: Y.XmlFragment, path = 'description', texts?: Map<Y.XmlText, string>): RichTextProblem[] {
  const problems: RichTextProblem[] = [];
  const budget: Budget = texts ? { text: 0, nodes: 0, texts } : { text: 0, nodes: 0 };
  checkChildren(fragment, 'blocks', path, problems, budget, 0);
  if (budget.text > RICH_TEXT_LIMITS.textLength) problems.push({ path, message: `must be at most ${RICH_TEXT_LIMITS.textLength} characters` });
  if (budget.nodes > RICH_TEXT_LIMITS.nodes) problems.push({ path, message: `must have at most ${RICH_TEXT_LIMITS.nodes} paragraphs and list items` });
  return problems;
}

/** What is wrong with a stored title: formatting or embeds (titles are plain text). */
export function checkPlainText(text: Y.Text, path = 'title'): RichTextProblem[] {
  for (const op of text.toDelta() as { insert?: unknown; attributes?: unknown }[]) {
    if (typeof op.insert !== 'string') return [{ path, message: 'holds an embedded object; a title is plain text' }];
    if (op.attributes !== undefined) return [{ path, message: 'has formatting; a title is plain text' }];
  }
  return [];
}

/** The item fields that hold collaborative text (schema v3): `title` a Y.Text, `description` rich text. */
export const ITEM_TEXT_FIELDS = ['title', 'description'] as const;
export type ItemTextField = (typeof ITEM_TEXT_FIELDS)[number];

export const isItemTextField = (field: string): field is ItemTextField => field === 'title' || field === 'description';

/**
 * What is wrong with the value stored as an item's `title` or `description`: the wrong type (any
 * other shared type, or a plain value such as a string, which a raw client could write to replace
 * the text) or, for the right type, its content (`checkPlainText`, `checkRichText`). A missing
 * value is the schema's to report. Empty when it is fine.
 */
export function checkItemText(field: ItemTextField, value: unknown, path: string = field): RichTextProblem[] {
  if (value === undefined) return [];
  if (field === 'title') {
    if (value instanceof Y.Text && !(value instanceof Y.XmlText)) return checkPlainText(value, path);
  } else if (value instanceof Y.XmlFragment && !(value instanceof Y.XmlElement)) {
    return checkRichText(value, path);
  }
  if (value instanceof Y.AbstractType || value instanceof Y.Doc) return [{ path, message: 'is not a supported shared type' }];
  return [{ path, message: field === 'title' ? 'must be collaborative text (a Y.Text), not a plain value' : 'must be rich text (a Y.XmlFragment), not a plain value' }];
}

/**
 * `checkItemText` and, when it finds nothing, the plain view the item schema describes (the
 * title's string, the description's `richTextToPlainText`) from the same walk: a description's
 * text runs are read once (the server's per-update check of a description edit).
 */
export function checkItemTextToPlain(field: ItemTextField, value: unknown, path: string = field): { problems: RichTextProblem[]; plain: unknown } {
  if (field === 'description' && value instanceof Y.XmlFragment && !(value instanceof Y.XmlElement)) {
    const texts = new Map<Y.XmlText, string>();
    const problems = checkRichText(value, path, texts);
    if (problems.length > 0) return { problems, plain: '' };
    const lines: string[] = [];
    blocksToPlainText(value, lines, '', texts);
    return { problems, plain: lines.join('\n') };
  }
  const problems = checkItemText(field, value, path);
  if (value instanceof Y.XmlFragment) return { problems, plain: problems.length > 0 ? '' : richTextToPlainText(value) };
  if (value instanceof Y.Text) return { problems, plain: value.toString() };
  return { problems, plain: problems.length > 0 ? undefined : value };
}

// ---------------------------------------------------------------------------------------------
// Reading: Markdown (exports, views) and plain text (CSV).

type Delta = { insert: string; attributes?: Partial<Record<RichTextMark, { href?: string } | null>> }[];

const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]<>])/g, '\\$1');

function inlineMarkdown(text: Y.XmlText, code: boolean): string {
  const delta = text.toDelta() as Delta;
  if (code) return delta.map((op) => op.insert).join('');
  return delta
    .map(({ insert, attributes = {} }) => {
      // Emphasis may not start or end with a space in CommonMark: spaces go outside the marks.
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(insert) ?? [];
      if (core === '') return insert;
      let out = attributes.code ? `\`${core.replace(/`/g, 'ˋ')}\`` : escapeMarkdown(core);
      if (attributes.strong && !attributes.code) out = `**${out}**`;
      if (attributes.em && !attributes.code) out = `*${out}*`;
      const href = attributes.link?.href;
      if (isSafeHref(href)) out = `[${out}](${href.replace(/\)/g, '%29')})`;
      return lead + out + trail;
    })
    .join('');
}

/** A block's text (its text children's content joined), read from its items in place (no arrays: the per-update check's plain view). */
function textOf(element: Y.XmlElement, texts?: ReadonlyMap<Y.XmlText, string>): string {
  let out = '';
  for (let item = element._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable || !(item.content instanceof Y.ContentType)) continue;
    const child = item.content.type;
    if (child instanceof Y.XmlText) out += texts?.get(child) ?? (child.toDelta() as Delta).map((op) => op.insert).join('');
  }
  return out;
}

const inlineOf = (element: Y.XmlElement, code = false): string =>
  element
    .toArray()
    .map((child) => (child instanceof Y.XmlText ? inlineMarkdown(child, code) : ''))
    .join('');

function blocksToMarkdown(parent: Y.XmlFragment | Y.XmlElement): string[] {
  const blocks: string[] = [];
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    switch (child.nodeName) {
      case 'paragraph':
        // Text that would read as a list, heading or quote in Markdown stays text.
        blocks.push(inlineOf(child).replace(/^(\s*)([-+#>]|\d+(?=[.)]))/, (_, space: string, marker: string) => `${space}${/\d/.test(marker) ? `${marker}\\` : `\\${marker}`}`));
        break;
      case 'heading': {
        const level = Number(child.getAttribute('level') ?? 1);
        blocks.push(`${'#'.repeat(Math.min(Math.max(level, 1), 3))} ${inlineOf(child)}`);
        break;
      }
      case 'code_block':
        blocks.push(`\`\`\`\n${inlineOf(child, true)}\n\`\`\``);
        break;
      case 'blockquote':
        blocks.push(blocksToMarkdown(child).join('\n\n').split('\n').map((line) => `> ${line}`).join('\n'));
        break;
      case 'bullet_list':
      case 'ordered_list': {
        const start = Number(child.getAttribute('order') ?? 1);
        const items = child.toArray().filter((item): item is Y.XmlElement => item instanceof Y.XmlElement);
        blocks.push(
          items
            .map((item, index) => {
              const marker = child.nodeName === 'bullet_list' ? '- ' : `${start + index}. `;
              const body = blocksToMarkdown(item).join('\n\n');
              return marker + body.split('\n').join(`\n${' '.repeat(marker.length)}`);
            })
            .join('\n'),
        );
        break;
      }
    }
  }
  return blocks;
}

/** A description as Markdown (CommonMark): the Markdown decision record, the board views. */
export function richTextToMarkdown(fragment: Y.XmlFragment): string {
  return blocksToMarkdown(fragment).join('\n\n');
}

function blocksToPlainText(parent: Y.XmlFragment | Y.XmlElement, lines: string[], indent: string, texts?: ReadonlyMap<Y.XmlText, string>): void {
  // The children `toArray` would list, walked in place up to the last live one (as `checkChildren`):
  // only elements matter, and an element is always a type's item.
  let live = 0;
  for (let entry = parent._start; entry !== null && live < parent._length; entry = entry.right) {
    if (entry.deleted || !entry.countable) continue;
    live += entry.length;
    if (!(entry.content instanceof Y.ContentType)) continue;
    const child = entry.content.type;
    if (!(child instanceof Y.XmlElement)) continue;
    if (child.nodeName === 'bullet_list' || child.nodeName === 'ordered_list') {
      const start = Number(child.getAttribute('order') ?? 1);
      child.toArray().forEach((item, index) => {
        if (!(item instanceof Y.XmlElement)) return;
        const marker = child.nodeName === 'bullet_list' ? '- ' : `${start + index}. `;
        const inner: string[] = [];
        blocksToPlainText(item, inner, '', texts);
        inner.forEach((line, at) => lines.push(`${indent}${at === 0 ? marker : ' '.repeat(marker.length)}${line}`));
      });
    } else if (child.nodeName === 'blockquote' || child.nodeName === 'list_item') {
      blocksToPlainText(child, lines, indent, texts);
    } else {
      const text = textOf(child, texts);
      if (!text.includes('\n')) lines.push(indent + text);
      else for (const line of text.split('\n')) lines.push(indent + line);
    }
  }
}

/** A description as plain text, one line per paragraph (CSV export, search). */
export function richTextToPlainText(fragment: Y.XmlFragment): string {
  const lines: string[] = [];
  blocksToPlainText(fragment, lines, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Writing.

/** Replaces a description's content with plain text: one paragraph per line (v2 strings, imports, the API). */
export function setRichTextFromPlainText(fragment: Y.XmlFragment, text: string): void {
  if (fragment.length > 0) fragment.delete(0, fragment.length);
  const paragraphs = paragraphsOf(text);
  if (paragraphs.length > 0) fragment.insert(0, paragraphs);
}

/** A new description (not yet in a document) holding plain text, one paragraph per line. */
export function richTextFromPlainText(text: string): Y.XmlFragment {
  const fragment = new Y.XmlFragment();
  const paragraphs = paragraphsOf(text);
  if (paragraphs.length > 0) fragment.insert(0, paragraphs);
  return fragment;
}

function paragraphsOf(text: string): Y.XmlElement[] {
  if (text === '') return [];
  return text.split(/\r\n|\r|\n/).map((line) => {
    const paragraph = new Y.XmlElement('paragraph');
    if (line !== '') paragraph.insert(0, [new Y.XmlText(line)]);
    return paragraph;
  });
}

/**
 * Makes a `Y.Text` read `value` by the smallest edit (common prefix and suffix kept), so a rename
 * merges with someone else's concurrent typo fix instead of overwriting it.
 */
export function setPlainText(text: Y.Text, value: string): void {
  const diff = simpleDiffString(text.toString(), value);
  if (diff.remove === 0 && diff.insert === '') return;
  if (diff.remove > 0) text.delete(diff.index, diff.remove);
  if (diff.insert !== '') text.insert(diff.index, diff.insert);
}

export function plainTextOf(value: unknown): string {
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

export function descriptionOf(value: unknown, as: 'markdown' | 'plain' = 'markdown'): string {
  if (value instanceof Y.XmlFragment) return as === 'markdown' ? richTextToMarkdown(value) : richTextToPlainText(value);
  return typeof value === 'string' ? value : '';
}

// ---------------------------------------------------------------------------------------------
// Lossless JSON (the board JSON export): the node tree, text as runs with their marks.

export type RichTextJSON = { type: string; attrs?: Record<string, unknown>; content?: RichTextJSON[] } | { text: string; marks?: Record<string, unknown> };

/** Whether a description is nothing but plain paragraphs (then its plain text says it all). */
export function isPlainRichText(fragment: Y.XmlFragment): boolean {
  return fragment.toArray().every((node) => {
    if (!(node instanceof Y.XmlElement) || node.nodeName !== 'paragraph' || Object.keys(node.getAttributes()).length > 0) return false;
    const children = node.toArray();
    if (children.length === 0) return true;
    if (children.length > 1 || !(children[0] instanceof Y.XmlText)) return false;
    return (children[0].toDelta() as { insert: unknown; attributes?: unknown }[]).every((op) => typeof op.insert === 'string' && op.attributes === undefined);
  });
}

function nodeToJSON(node: Y.XmlElement | Y.XmlText | Y.XmlHook): RichTextJSON[] {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).map((op) => ({ text: typeof op.insert === 'string' ? op.insert : '', ...(op.attributes ? { marks: op.attributes } : {}) }));
  }
  if (!(node instanceof Y.XmlElement)) return [];
  const attrs = node.getAttributes() as Record<string, unknown>;
  const content = node.toArray().flatMap(nodeToJSON);
  return [{ type: node.nodeName, ...(Object.keys(attrs).length > 0 ? { attrs } : {}), ...(content.length > 0 ? { content } : {}) }];
}

export function richTextToJSON(fragment: Y.XmlFragment): RichTextJSON[] {
  return fragment.toArray().flatMap(nodeToJSON);
}

/**
 * New description nodes (not yet in a document) from `richTextToJSON`'s output. Throws on a shape
 * that is not a node tree; what the nodes may be is `checkRichText`'s to say once they are in.
 */
export function richTextFromJSON(nodes: readonly unknown[], depth = 0): Array<Y.XmlElement | Y.XmlText> {
  if (depth > RICH_TEXT_LIMITS.depth + 2) throw new Error(`is nested more than ${RICH_TEXT_LIMITS.depth} levels deep`);
  const out: Array<Y.XmlElement | Y.XmlText> = [];
  let text: Y.XmlText | null = null;
  let at = 0;
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null) throw new Error('holds something that is not a node');
    if ('text' in node) {
      const { text: value, marks } = node as { text: unknown; marks?: unknown };
      if (typeof value !== 'string' || (marks !== undefined && (typeof marks !== 'object' || marks === null))) throw new Error('holds a malformed text run');
      if (!text) out.push((text = new Y.XmlText()));
      text.insert(at, value, (marks ?? {}) as Record<string, unknown>);
      at += value.length;
      continue;
    }
    text = null;
    at = 0;
    const { type, attrs, content } = node as { type?: unknown; attrs?: unknown; content?: unknown };
    if (typeof type !== 'string' || !/^[a-z_]{1,40}$/.test(type)) throw new Error('holds a node without a valid type');
    const element = new Y.XmlElement(type);
    if (attrs !== undefined) {
      if (typeof attrs !== 'object' || attrs === null) throw new Error('holds malformed node attributes');
      for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value as string);
    }
    if (content !== undefined) {
      if (!Array.isArray(content)) throw new Error('holds malformed node content');
      const children = richTextFromJSON(content, depth + 1);
      if (children.length > 0) element.insert(0, children);
    }
    out.push(element);
  }
  return out;
}
