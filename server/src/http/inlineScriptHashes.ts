import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * CSP sources (`'sha256-…'`) for the inline scripts of the built client's `index.html`: the
 * script that opens a board's socket before the app loads is inline so that it runs while the
 * head is parsed (DECISIONS 135). The policy allows exactly those scripts, no other inline code.
 * A missing or unreadable file gives none (the placeholder page has no scripts).
 */
export function inlineScriptHashes(indexHtmlPath: string): string[] {
  let html: string;
  try {
    html = readFileSync(indexHtmlPath, 'utf8');
  } catch {
    return [];
  }
  const hashes: string[] = [];
  // Classic scripts without a `src`: their text, exactly as the browser hashes it.
  for (const match of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? '';
    if (/\ssrc\s*=/i.test(attributes)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(match[2] ?? '', 'utf8').digest('base64')}'`);
  }
  return hashes;
}
