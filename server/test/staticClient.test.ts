import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, type RunningServer } from './harness.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;

beforeAll(async () => {
  data = tempDataDir();
  const dist = join(data.dir, 'client');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Lanewise</title>');
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("install", () => {});');
  writeFileSync(join(dist, 'workbox-9c191d2f.js'), '// workbox runtime');
  writeFileSync(join(dist, 'assets', 'index-B-aDdCLC.js'), 'console.log(1);');
  running = await startServer(data.dir, { CLIENT_DIST: dist });
});
afterAll(async () => {
  await running.stop();
  data.remove();
});

describe('serving the built client', () => {
  it('lets browsers keep hashed assets for good but always revalidate the service worker and the page, so a deploy is picked up', async () => {
    const header = async (path: string) => {
      const response = await fetch(`${running.http}${path}`);
      expect(response.status, path).toBe(200);
      return response.headers.get('cache-control');
    };
    expect(await header('/sw.js')).toBe('no-cache');
    expect(await header('/')).toBe('no-cache');
    expect(await header('/b/some-board')).toBe('no-cache');
    expect(await header('/assets/index-B-aDdCLC.js')).toBe('public, max-age=31536000, immutable');
    expect(await header('/workbox-9c191d2f.js')).toBe('public, max-age=31536000, immutable');
  });
});
