/** A comment as plain-text pieces: text, http(s) links and @mentions. Never HTML. */
export type CommentSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'link'; readonly text: string; readonly href: string }
  | { readonly kind: 'mention'; readonly text: string; readonly name: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function mentionsIn(text: string, names: readonly string[]): CommentSegment[] {
  const sorted = [...new Set(names.filter(Boolean))].sort((a, b) => b.length - a.length);
  const out: CommentSegment[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const boundary = i === 0 || /[\s([{,;:]/.test(text[i - 1] ?? '');
    if (text[i] === '@' && boundary) {
      const rest = text.slice(i + 1).toLowerCase();
      const name = sorted.find((candidate) => rest.startsWith(candidate.toLowerCase()) && !/[\p{L}\p{N}_]/u.test(rest.charAt(candidate.length)));
      if (name) {
        if (plain) out.push({ kind: 'text', text: plain });
        plain = '';
        out.push({ kind: 'mention', text: text.slice(i, i + 1 + name.length), name });
        i += 1 + name.length;
        continue;
      }
    }
    plain += text[i];
    i += 1;
  }
  if (plain) out.push({ kind: 'text', text: plain });
  return out;
}

export function segmentComment(text: string, names: readonly string[]): CommentSegment[] {
  const segments: CommentSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const raw = match[0].replace(TRAILING, '');
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) segments.push(...mentionsIn(text.slice(last, start), names));
    segments.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) segments.push(...mentionsIn(text.slice(last), names));
  return segments;
}

/** The "@que" being typed right before the caret, if any. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at === -1) return null;
  if (at > 0 && !/[\s([{,;:]/.test(before[at - 1] ?? '')) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\n@]/.test(query) || /\s{2}/.test(query)) return null;
  return { start: at, query };
}

/** Names that complete the query, best first (prefix of the name, then of a later word). */
export function mentionSuggestions(query: string, names: readonly string[], limit = 6): string[] {
  const q = query.toLowerCase();
  const unique = [...new Set(names.filter(Boolean))];
  const prefix = unique.filter((name) => name.toLowerCase().startsWith(q));
  const word = unique.filter((name) => !prefix.includes(name) && name.toLowerCase().split(/\s+/).some((part) => part.startsWith(q)));
  return [...prefix.sort((a, b) => a.localeCompare(b)), ...word.sort((a, b) => a.localeCompare(b))].slice(0, limit);
}

/** Replaces the "@que" before the caret with "@Name ". */
export function applyMention(text: string, caret: number, name: string): { text: string; caret: number } {
  const found = mentionQuery(text, caret);
  if (!found) return { text, caret };
  const after = text.slice(caret);
  const inserted = /^\s/.test(after) ? `@${name}` : `@${name} `;
  return { text: text.slice(0, found.start) + inserted + after, caret: found.start + `@${name} `.length };
}
