import { describe, expect, it } from 'vitest';
import { accessDeniedText, NO_LINK_TEXT } from './accessMessages.ts';

describe('access denied messages', () => {
  it('turns close reasons into one plain sentence and keeps sentences as they are', () => {
    expect(accessDeniedText('link revoked')).toBe('The board’s owner replaced or revoked this link, so it no longer opens the board. Ask them for the current link.');
    expect(accessDeniedText('link expired')).toMatch(/^This link has expired\./);
    expect(accessDeniedText('This link was revoked by the board owner; ask them for the current link.')).toBe('This link was revoked by the board owner; ask them for the current link.');
    // Refused for want of any link (the ticket request's 401): the page cannot tell "no such board" from "no link".
    expect(accessDeniedText('This board needs a share link: open it with the link you were given (it carries a token).')).toBe(NO_LINK_TEXT);
    for (const odd of ['', null, 'token_revoked', 'x']) expect(accessDeniedText(odd)).toBe('This link no longer opens the board. Ask the board’s owner for a current link.');
  });
});
