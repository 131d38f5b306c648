/**
 * What a person reads when a link stops opening a board. The server closes the websocket with a
 * short reason ("link revoked") and answers HTTP with a code and a sentence; the page shows one
 * plain sentence, never a code glued to a generic text.
 */
const CLOSE_REASONS: Readonly<Record<string, string>> = {
  'link revoked': 'The board’s owner replaced or revoked this link, so it no longer opens the board. Ask them for the current link.',
  'link expired': 'This link has expired. Ask the board’s owner for a new one.',
};

const FALLBACK = 'This link no longer opens the board. Ask the board’s owner for a current link.';

/** The sentence for a websocket close reason (4401/4403), known or not. */
export function accessDeniedText(reason: string | null | undefined): string {
  const known = reason ? CLOSE_REASONS[reason.trim().toLowerCase()] : undefined;
  if (known) return known;
  // A reason that is already a sentence (from the server's HTTP answer) is shown as it is.
  return reason && /\s/.test(reason.trim()) && /[.!?]$/.test(reason.trim()) ? reason.trim() : FALLBACK;
}
