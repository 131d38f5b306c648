import { buildSampleBoard, readBoard, type BoardView, type DecisionEntry } from '@lanewise/shared';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ChainVerification } from './ChainVerifier.ts';
import { decisionsToMarkdown, escapeMarkdown, escapeMarkdownBlockStart } from './exportDecisions.ts';

const intact: ChainVerification = { ok: true, checked: 1, headHash: 'h', mode: 'full', rehashed: 1, anchor: null };

const markdown = new MarkdownIt('commonmark');
/** What a reader sees: the rendered HTML's text, and which tags it used. */
const rendered = (source: string) => {
  const html = markdown.render(source);
  const text = html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return { html, text };
};

function entry(seq: number, partial: Partial<DecisionEntry>): DecisionEntry {
  return { boardId: 'b', seq, prevHash: '', hash: '', at: Date.UTC(2026, 5, 1, 9, seq), actor: { name: 'Priya (PM)', verified: false }, action: 'item.moved', ...partial } as DecisionEntry;
}

describe('Markdown decision record', () => {
  it('keeps ordinary text readable in the source and renders it exactly as written', () => {
    const entries = [
      entry(1, {
        item: { id: 'i', title: 'SSO (SAML) + SCIM #5' },
        from: { laneId: 'p1', laneName: 'P1', position: 5 },
        to: { laneId: 'p0', laneName: 'P0', position: 1 },
        rationale: 'Acme asked (twice) - see P1 #5!',
      }),
    ];
    const source = decisionsToMarkdown('Q3 planning (draft)', entries, intact);
    expect(source).toContain('# Decision record — Q3 planning (draft)');
    expect(source).toContain('**Priya (PM) (unverified)** moved “SSO (SAML) + SCIM #5” from P1 #5 to P0 #1 — Reason: Acme asked (twice) - see P1 #5!');
    const { html, text } = rendered(source);
    expect(text).toContain('Priya (PM) (unverified) moved “SSO (SAML) + SCIM #5” from P1 #5 to P0 #1 — Reason: Acme asked (twice) - see P1 #5!');
    expect(html).toContain('<strong>Priya (PM) (unverified)</strong>');
  });

  it('escapes only what would change the structure, and that text still renders literally', () => {
    const hostile = 'a *b* _c_ snake_case `d` [e](http://x) ![i](y) <b>f</b> &amp; ~~g~~ \\h';
    const escaped = escapeMarkdown(hostile);
    expect(escaped).toContain('snake_case');
    const { html, text } = rendered(`- ${escaped}`);
    expect(text.trim()).toBe(hostile);
    for (const tag of ['<em>', '<strong>', '<code>', '<a ', '<img', '<b>', '<del>']) expect(html).not.toContain(tag);
    expect(escapeMarkdown('line one\nline two')).toBe('line one line two');
  });

  it('never lets a title start a heading, quote or nested list inside the plan', () => {
    for (const title of ['# Not a heading', '> not a quote', '- not a list', '+ not a list', '1. not a list', '2) not a list', '= nor this']) {
      const { html, text } = rendered(`1. ${escapeMarkdownBlockStart(title)}`);
      expect(text.trim()).toBe(title);
      expect(html).not.toMatch(/<h\d|<blockquote|<ul|<ol start|<ol>\s*<li>\s*<ol/);
    }
  });

  it('ends with the plan at export time: every lane in order with its initiatives in order', () => {
    const doc = new Y.Doc();
    buildSampleBoard(doc);
    const board = readBoard(doc) as BoardView;
    const source = decisionsToMarkdown(board.meta.title, [], intact, board, Date.UTC(2026, 6, 1, 12, 0));
    expect(source).toContain('## Final plan for Q3 (as of 2026-07-01 12:00 UTC)');
    const { html, text } = rendered(source);
    const headings = [...html.matchAll(/<h3>([^<]+)<\/h3>/g)].map((match) => match[1]);
    expect(headings).toEqual(['P0 — 4 of 3 items, 39 of 21 pts', 'P1 — 6 of 6 items, 27 of 30 pts', 'P2 — 6 items, 21 of 30 pts', 'Later — 6 items, 52 pts']);
    for (const lane of board.lanes) {
      const shown = lane.items.map((item) => text.indexOf(item.title));
      expect(shown.every((at) => at > 0)).toBe(true);
      expect(shown).toEqual([...shown].sort((a, b) => a - b));
    }
    expect(source).toContain('1. SSO with SAML for enterprise tier — Priya · 8 pts');
  });
});
