import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './originPolicy.ts';

describe('isOriginAllowed', () => {
  it('allows non-browser clients, the same origin and the allowlist; refuses the rest', () => {
    expect(isOriginAllowed(undefined, 'board.example:8787', [])).toBe(true);
    expect(isOriginAllowed('https://board.example:8787', 'board.example:8787', [])).toBe(true);
    expect(isOriginAllowed('http://localhost:5173', 'localhost:8787', ['http://localhost:5173'])).toBe(true);
    expect(isOriginAllowed('https://evil.example', 'board.example:8787', ['http://localhost:5173'])).toBe(false);
    expect(isOriginAllowed('null', 'board.example', [])).toBe(false);
    expect(isOriginAllowed('file://', 'board.example', [])).toBe(false);
    expect(isOriginAllowed('https://board.example:8787.evil.example', 'board.example:8787', [])).toBe(false);
  });
});
