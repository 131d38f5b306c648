import { describe, expect, it } from 'vitest';
import { initials } from './identity.ts';

describe('initials', () => {
  it('uses letters only, never brackets or digits', () => {
    expect(initials('Priya (PM)')).toBe('P');
    expect(initials('Dana Lee')).toBe('DL');
    expect(initials('jean-luc picard')).toBe('JP');
    expect(initials('  ana  ')).toBe('A');
    expect(initials('(PM)')).toBe('P');
    expect(initials('Øystein Ærø')).toBe('ØÆ');
    expect(initials('42')).toBe('?');
    expect(initials('')).toBe('?');
  });
});
