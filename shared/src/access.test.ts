import { describe, expect, it } from 'vitest';
import { canWrite, peekLinkToken, tokenFromFragment } from './access.ts';

const base64url = (value: unknown) => btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('share links', () => {
  it('reads the token from the fragment', () => {
    expect(tokenFromFragment('#t=abc.def.ghi')).toBe('abc.def.ghi');
    expect(tokenFromFragment('t=abc')).toBe('abc');
    expect(tokenFromFragment('#other=1')).toBeNull();
    expect(tokenFromFragment('')).toBeNull();
  });

  it('peeks at the role and person for the UI, and refuses anything else', () => {
    const token = `${base64url({ alg: 'HS256' })}.${base64url({ board: 'b1', role: 'viewer', ver: 1, person: 'Zoë' })}.sig`;
    expect(peekLinkToken(token)).toEqual({ board: 'b1', role: 'viewer', person: 'Zoë' });
    expect(peekLinkToken(`x.${base64url({ board: 'b1', role: 'admin' })}.y`)).toBeNull();
    expect(peekLinkToken('garbage')).toBeNull();
    expect([canWrite('owner'), canWrite('editor'), canWrite('viewer')]).toEqual([true, true, false]);
  });
});
