/**
 * What a person reads when a link stops opening a board. The server closes the websocket with a
 * short reason ("link revoked") and answers HTTP with a code and a sentence; the page shows one
 * plain sentence, never a code glued to a generic text.
 */
const CLOSE_REASONS: Readonly<Record<string, string>> = {
  'link revoked': 'The board’s owner replaced or revoked this link, so it no longer opens the board. Ask them for the current link.',
  'link expired': 'This link has expired. Ask the board’s owner for a new one.',
};

/** No link for this board in this browser: the server cannot say whether the board exists, so neither do we. */
export const NO_LINK_TEXT = 'Boards open only through their share link, and this browser has none for this one: the board does not exist, or you need its link from the owner.';

/** The server's sentence for a request without a link (HTTP 401 token_missing, also the reason a ticket refusal closes with). */
const TOKEN_MISSING_PREFIX = 'this board needs a share link';

const FALLBACK = 'This link no longer opens the board. Ask the board’s owner for a current link.';

/** The sentence for a websocket close reason (4401/4403), known or not. */
export function accessDeniedText(reason: string | null | undefined): string {
  const known = reason ? CLOSE_REASONS[reason.trim().toLowerCase()] : undefined;
  if (known) return known;
  if (reason?.trim().toLowerCase().startsWith(TOKEN_MISSING_PREFIX)) return NO_LINK_TEXT;
  // A reason that is already a sentence (from the server's HTTP answer) is shown as it is.
  return reason && /\s/.test(reason.trim()) && /[.!?]$/.test(reason.trim()) ? reason.trim() : FALLBACK;
}
