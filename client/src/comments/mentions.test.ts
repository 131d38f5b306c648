import type { Comment } from '@lanewise/shared';
import { describe, expect, it } from 'vitest';
import { mentions, unreadMentions } from './mentions.ts';

const comment = (id: string, author: string, text: string, extra: Partial<Comment> = {}): Comment => ({ id, itemId: 'i', parentId: null, author, text, createdAt: Number(id.slice(1)), editedAt: null, deleted: false, ...extra });

describe('unread mentions', () => {
  it('finds "@Name" as a whole name, case-insensitive, not a longer name or an e-mail', () => {
    expect(mentions('@Lee can you look?', 'Lee')).toBe(true);
    expect(mentions('thanks @lee!', 'Lee')).toBe(true);
    expect(mentions('@Leeroy please', 'Lee')).toBe(false);
    expect(mentions('mail lee@example.com', 'Lee')).toBe(false);
    expect(mentions('@Priya (PM) agreed', 'Priya (PM)')).toBe(true);
  });

  it('lists others’ comments mentioning me that I have not read, oldest first', () => {
    const threads = {
      a: [comment('c3', 'Dana', '@Lee second'), comment('c1', 'Dana', '@Lee first'), comment('c2', 'Lee', 'note to self @Lee')],
      b: [comment('c4', 'Ana', '@Lee gone', { deleted: true }), comment('c5', 'Ana', 'not you')],
    };
    expect(unreadMentions(threads, 'Lee', new Set()).map((m) => m.comment.id)).toEqual(['c1', 'c3']);
    expect(unreadMentions(threads, 'Lee', new Set(['c1'])).map((m) => m.comment.id)).toEqual(['c3']);
  });
});
