import { describe, expect, it } from 'vitest';
import { applyMention, mentionQuery, mentionSuggestions, segmentComment } from './commentText.ts';

describe('segmentComment', () => {
  it('finds http(s) links, without trailing punctuation', () => {
    expect(segmentComment('See https://example.com/a?b=1, then (http://x.io).', [])).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', then (' },
      { kind: 'link', text: 'http://x.io', href: 'http://x.io/' },
      { kind: 'text', text: ').' },
    ]);
  });
  it('never links other schemes and keeps markup as text', () => {
    const segments = segmentComment('javascript:alert(1) <img src=x onerror=alert(1)> data:text/html,hi', []);
    expect(segments).toEqual([{ kind: 'text', text: 'javascript:alert(1) <img src=x onerror=alert(1)> data:text/html,hi' }]);
  });
  it('marks mentions of known names, longest first, case-insensitive', () => {
    expect(segmentComment('@dana smith and @Dana, ask @Nobody', ['Dana', 'Dana Smith'])).toEqual([
      { kind: 'mention', text: '@dana smith', name: 'Dana Smith' },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@Dana', name: 'Dana' },
      { kind: 'text', text: ', ask @Nobody' },
    ]);
    expect(segmentComment('mail me at lee@dana.io', ['dana'])).toEqual([{ kind: 'text', text: 'mail me at lee@dana.io' }]);
  });
});

describe('mention autocompletion', () => {
  it('finds the query before the caret', () => {
    expect(mentionQuery('hi @Da', 6)).toEqual({ start: 3, query: 'Da' });
    expect(mentionQuery('hi @Dana Sm', 11)).toEqual({ start: 3, query: 'Dana Sm' });
    expect(mentionQuery('mail lee@da', 11)).toBeNull();
    expect(mentionQuery('no mention', 10)).toBeNull();
  });
  it('suggests names by prefix, then by later word', () => {
    expect(mentionSuggestions('s', ['Dana Smith', 'Sam', 'Lee'])).toEqual(['Sam', 'Dana Smith']);
    expect(mentionSuggestions('', ['Lee', 'Dana', 'Lee'])).toEqual(['Dana', 'Lee']);
  });
  it('replaces the query with the full name', () => {
    expect(applyMention('@le', 3, 'Lee')).toEqual({ text: '@Lee ', caret: 5 });
    expect(applyMention('ping @da please', 8, 'Dana Smith')).toEqual({ text: 'ping @Dana Smith please', caret: 17 });
  });
});
