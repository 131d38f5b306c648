// `pnpm start` runs this first: builds the web client and the server only when an output is
// missing or older than its sources, so a restart takes seconds. Then the start script replaces
// its shell with `node server/dist/main.js` (exec), one process that receives signals itself.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, serverIsStale } from '../server/scripts/build.mjs';

const repoDir = dirname(dirname(fileURLToPath(import.meta.url)));

function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) if (entry !== 'node_modules') newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const clientOutput = statSync(join(repoDir, 'client', 'dist', 'index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
const clientInputs = ['client/src', 'client/index.html', 'client/vite.config.ts', 'client/package.json', 'shared/src', 'shared/package.json'].map((path) => join(repoDir, path));
if (clientOutput === 0 || clientInputs.some((path) => newestMtime(path) > clientOutput)) {
  console.log('building the web client…');
  // The pnpm that runs this script (npm_execpath), else one on the PATH.
  const pnpm = process.env.npm_execpath;
  const command = pnpm ? process.execPath : 'pnpm';
  const args = [...(pnpm ? [pnpm] : []), '--filter', '@lanewise/client', 'build'];
  const result = spawnSync(command, args, { cwd: repoDir, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (serverIsStale()) {
  const started = Date.now();
  await buildServer();
  console.log(`server built in ${Date.now() - started} ms`);
}
