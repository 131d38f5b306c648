// The node flags Lanewise runs with, read from the root start script (`pnpm start`), so the
// benchmark and the e2e harness's compiled mode run the compiled server exactly as users do. The server
// package's own start script must use the same flags: a difference is an error here.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoDir = dirname(dirname(fileURLToPath(import.meta.url)));

function flagsOf(packageJson, entry) {
  const start = JSON.parse(readFileSync(packageJson, 'utf8')).scripts?.start ?? '';
  const match = new RegExp(`exec node (.*?)${entry.replace(/[./]/g, '\\$&')}`).exec(start);
  if (!match) throw new Error(`${packageJson}: the start script does not run "exec node … ${entry}"`);
  return match[1].split(' ').filter(Boolean);
}

/** The flags of `exec node <flags> server/dist/main.js` in the root package.json's start script. */
export function startFlags() {
  const root = flagsOf(join(repoDir, 'package.json'), 'server/dist/main.js');
  const server = flagsOf(join(repoDir, 'server', 'package.json'), 'dist/main.js');
  if (root.join(' ') !== server.join(' ')) {
    throw new Error(`the root and server start scripts run node with different flags: "${root.join(' ')}" and "${server.join(' ')}"`);
  }
  return root;
}
