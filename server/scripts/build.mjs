// Compiles the server to plain JavaScript that `node` runs without a loader: two bundles,
// dist/main.js (the process) and dist/boardThread.js (each board thread), with the workspace's
// source-first `@lanewise/shared` compiled in and npm dependencies left as imports.
//   node scripts/build.mjs            build
//   node scripts/build.mjs --if-stale build only when a source is newer than the output
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = dirname(dirname(fileURLToPath(import.meta.url)));
const repoDir = dirname(serverDir);
export const OUTPUTS = [join(serverDir, 'dist', 'main.js'), join(serverDir, 'dist', 'boardThread.js')];
const INPUTS = [join(serverDir, 'src'), join(repoDir, 'shared', 'src'), join(serverDir, 'package.json'), join(repoDir, 'shared', 'package.json'), fileURLToPath(import.meta.url)];

function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether an output is missing or older than any source it is built from. */
export function serverIsStale() {
  const built = Math.min(...OUTPUTS.map((path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0));
  return built === 0 || INPUTS.some((path) => newestMtime(path) > built);
}

export async function buildServer() {
  const pkg = JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8'));
  // npm packages stay imports (resolved from server/node_modules at run time); only the workspace is compiled in.
  const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@lanewise/'));
  await build({
    absWorkingDir: serverDir,
    entryPoints: { main: 'src/main.ts', boardThread: 'src/room/boardThread.ts' },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && !serverIsStale()) process.exit(0);
  const started = Date.now();
  await buildServer();
  console.log(`server built in ${Date.now() - started} ms: ${OUTPUTS.map((path) => path.slice(repoDir.length + 1)).join(', ')}`);
}
