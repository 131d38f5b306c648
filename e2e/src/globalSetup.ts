import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The server serves client/dist: build it once before the suite (skip with LANEWISE_SKIP_CLIENT_BUILD=1). */
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  if (process.env.LANEWISE_SKIP_CLIENT_BUILD === '1' && existsSync(`${root}/client/dist/index.html`)) return;
  // vitest sets NODE_ENV=test; a client built under it is a development build (React's dev bundle,
  // no service worker, import.meta.env.PROD false). Build what users get.
  execFileSync('pnpm', ['--filter', '@lanewise/client', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
