import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inlineScriptHashes } from './inlineScriptHashes.ts';

const dirs: string[] = [];
function page(html: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanewise-csp-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'index.html'), html);
  return join(dir, 'index.html');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('inlineScriptHashes', () => {
  it('hashes each inline script exactly as written (whitespace included), not scripts loaded from a file', () => {
    const inline = '\n      (function () { window.early = 1; })();\n    ';
    const path = page(`<!doctype html><html><head><script>${inline}</script><script type="module" crossorigin src="/assets/index.js"></script></head><body></body></html>`);
    expect(inlineScriptHashes(path)).toEqual([sha256(inline)]);
  });

  it('gives nothing for a page without inline scripts or no page at all (the placeholder)', () => {
    expect(inlineScriptHashes(page('<script src="/a.js"></script>'))).toEqual([]);
    expect(inlineScriptHashes('/nonexistent/index.html')).toEqual([]);
  });
});
