import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkItemText, checkItemTextToPlain, checkPlainText, checkRichText, isSafeHref, richTextToMarkdown, richTextToPlainText, setPlainText, setRichTextFromPlainText } from './richText.ts';

function fragmentIn(): { doc: Y.Doc; fragment: Y.XmlFragment } {
  const doc = new Y.Doc();
  return { doc, fragment: doc.getXmlFragment('description') };
}

function paragraph(text: string, marks?: Record<string, unknown>): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  element.insert(0, [content]);
  if (marks) content.insert(0, text, marks);
  else content.insert(0, text);
  return element;
}

describe('rich text descriptions', () => {
  it('renders headings, marks, links, lists and code as Markdown and as plain text', () => {
    const { fragment } = fragmentIn();
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 2 as never);
    heading.insert(0, [new Y.XmlText('Risks')]);
    const list = new Y.XmlElement('ordered_list');
    const item = new Y.XmlElement('list_item');
    item.insert(0, [paragraph('IdP quirks')]);
    list.insert(0, [item]);
    const code = new Y.XmlElement('code_block');
    code.insert(0, [new Y.XmlText('x = *1*')]);
    fragment.insert(0, [heading, paragraph('slow', { strong: {} }), paragraph('the dashboard', { link: { href: 'https://example.com/d' } }), list, code]);
    expect(richTextToMarkdown(fragment)).toBe('## Risks\n\n**slow**\n\n[the dashboard](https://example.com/d)\n\n1. IdP quirks\n\n```\nx = *1*\n```');
    expect(richTextToPlainText(fragment)).toBe('Risks\nslow\nthe dashboard\n1. IdP quirks\nx = *1*');
    expect(checkRichText(fragment)).toEqual([]);
    // Spaces at the edge of a mark go outside it, or CommonMark would not read the emphasis.
    const spaced = fragmentIn().fragment;
    spaced.insert(0, [paragraph('slow ', { strong: {} })]);
    expect(richTextToMarkdown(spaced)).toBe('**slow** ');
  });

  it('refuses unknown nodes, unknown marks, unsafe links and oversized text, naming the place', () => {
    const { fragment } = fragmentIn();
    fragment.insert(0, [new Y.XmlElement('script')]);
    expect(checkRichText(fragment)).toEqual([{ path: 'description.0', message: 'is a "script" node, not allowed' }]);
    fragment.delete(0, 1);
    fragment.insert(0, [paragraph('x', { link: { href: 'javascript:alert(1)' } })]);
    expect(checkRichText(fragment)[0]?.message).toMatch(/not http\(s\) or mailto/);
    fragment.delete(0, 1);
    fragment.insert(0, [paragraph('x', { onclick: 'steal()' })]);
    expect(checkRichText(fragment)[0]?.message).toMatch(/formatting "onclick"/);
    fragment.delete(0, 1);
    fragment.insert(0, [paragraph('x'.repeat(10_001))]);
    expect(checkRichText(fragment)[0]?.message).toMatch(/at most 10000 characters/);
    fragment.delete(0, 1);
    const iframe = new Y.XmlElement('paragraph');
    iframe.insert(0, [new Y.XmlElement('iframe')]);
    fragment.insert(0, [iframe]);
    expect(checkRichText(fragment)[0]?.message).toMatch(/node inside text/);
    expect(isSafeHref('mailto:a@b.c')).toBe(true);
    expect(isSafeHref(' javascript:x')).toBe(false);
    expect(isSafeHref('JAVASCRIPT:x')).toBe(false);
  });

  it('checks a description and reads its plain text in one walk, as the two separate calls do', () => {
    const { doc, fragment } = fragmentIn();
    const list = new Y.XmlElement('bullet_list');
    for (const text of ['one', 'two\nlines']) {
      const item = new Y.XmlElement('list_item');
      item.insert(0, [paragraph(text)]);
      list.insert(list.length, [item]);
    }
    const quote = new Y.XmlElement('blockquote');
    quote.insert(0, [paragraph('said', { em: {} })]);
    fragment.insert(0, [paragraph('lead', { strong: {} }), list, quote, new Y.XmlElement('paragraph')]);
    const bad = doc.getXmlFragment('bad');
    bad.insert(0, [new Y.XmlElement('script')]);
    const title = doc.getText('title');
    title.insert(0, 'A title');
    for (const [field, value] of [['description', fragment], ['description', bad], ['title', title], ['description', 'a plain string'], ['title', fragment], ['description', undefined]] as const) {
      const problems = checkItemText(field, value, field);
      const plain = value instanceof Y.XmlFragment ? (problems.length > 0 ? '' : richTextToPlainText(value)) : value instanceof Y.Text ? value.toString() : problems.length > 0 ? undefined : value;
      expect(checkItemTextToPlain(field, value, field)).toEqual({ problems, plain });
    }
    expect(checkItemTextToPlain('description', fragment).plain).toBe('lead\n- one\n- two\n  lines\nsaid\n');
  });

  it('checks and reads a description edited many times by its live content, wherever the deleted paragraphs lie', () => {
    const { fragment } = fragmentIn();
    // Replaced wholesale: each edit leaves the old paragraph deleted, after the new one.
    for (let edit = 0; edit < 50; edit++) setRichTextFromPlainText(fragment, `Edit ${edit}`);
    expect(checkItemTextToPlain('description', fragment)).toEqual({ problems: [], plain: 'Edit 49' });
    // Appended after the deleted paragraphs, and inside a list whose items were replaced.
    const list = new Y.XmlElement('bullet_list');
    fragment.insert(fragment.length, [paragraph('tail'), list]);
    for (let edit = 0; edit < 5; edit++) {
      const item = new Y.XmlElement('list_item');
      item.insert(0, [paragraph(`item ${edit}`)]);
      if (list.length > 0) list.delete(0, list.length);
      list.insert(0, [item]);
    }
    expect(checkItemTextToPlain('description', fragment)).toEqual({ problems: [], plain: 'Edit 49\ntail\n- item 4' });
    expect(richTextToPlainText(fragment)).toBe('Edit 49\ntail\n- item 4');
    // Text typed and partly deleted again (deleted runs at its end and in its middle).
    const typed = (fragment.get(1) as Y.XmlElement).get(0) as Y.XmlText;
    typed.insert(4, ' end, more');
    typed.delete(8, 6);
    typed.delete(1, 1);
    expect(checkItemTextToPlain('description', fragment).plain).toBe('Edit 49\ntil end\n- item 4');
    // A mark that is not allowed, after deleted text, and a node that is not allowed, behind all of it, are still found.
    typed.insert(typed.length, '!', { blink: true });
    fragment.insert(fragment.length, [new Y.XmlElement('script')]);
    expect(checkRichText(fragment).map((problem) => problem.path)).toEqual(['description.1.0', 'description.3']);
  });

  it('writes plain text one paragraph per line and reads it back exactly', () => {
    const { fragment } = fragmentIn();
    setRichTextFromPlainText(fragment, 'a\n\n- b');
    expect(fragment.length).toBe(3);
    expect(richTextToPlainText(fragment)).toBe('a\n\n- b');
    expect(richTextToMarkdown(fragment)).toBe('a\n\n\n\n\\- b');
  });

  it('edits a title by the smallest change, so concurrent edits both survive', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, 'Chekout latency');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setPlainText(a.getText('t'), 'Checkout latency');
    setPlainText(b.getText('t'), 'Chekout latency under 300 ms');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('t').toString()).toBe('Checkout latency under 300 ms');
    expect(b.getText('t').toString()).toBe('Checkout latency under 300 ms');
    b.getText('t').format(0, 2, { bold: true });
    expect(checkPlainText(b.getText('t'))).toEqual([{ path: 'title', message: 'has formatting; a title is plain text' }]);
  });
});
