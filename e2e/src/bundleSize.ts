import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  /** What a first visit downloads: the page's scripts and module preloads, the service worker and its Workbox runtime. */
  readonly initial: readonly string[];
  /** Chunks reached only through import() (the description editor): fetched when a panel opens. */
  readonly lazy: readonly string[];
  readonly initialGzip: number;
  readonly lazyGzip: number;
}

const gzipped = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

/** The client's JavaScript, split into what a board loads and what comes on demand (gzip -9 bytes). */
export function bundleSize(builtClient: string): BundleSize {
  const all: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) all.push(path);
    }
  };
  walk(builtClient);
  const html = readFileSync(join(builtClient, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/([^"]+\.js)"/g)].map((match) => join(builtClient, match[1] as string));
  const worker = all.filter((file) => /(^|\/)(sw|workbox-[^/]+)\.js$/.test(file));
  const initial = [...new Set([...referenced, ...worker])];
  const lazy = all.filter((file) => !initial.includes(file));
  return {
    initial,
    lazy,
    initialGzip: initial.reduce((sum, file) => sum + gzipped(file), 0),
    lazyGzip: lazy.reduce((sum, file) => sum + gzipped(file), 0),
  };
}
