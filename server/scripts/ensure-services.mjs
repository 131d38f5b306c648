// Makes sure the PostgreSQL and Redis the tests use are up: checks the port, and if nothing
// answers, starts the local service (Debian's pg_ctlcluster, redis-server --daemonize).
// Usage: node scripts/ensure-services.mjs [postgres] [redis]
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';

const answers = (port, host = '127.0.0.1') =>
  new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

async function waitFor(port, name) {
  for (let i = 0; i < 50; i++) {
    if (await answers(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} not reachable at 127.0.0.1:${port}, and starting it did not help`);
}

export async function ensureServices(which = ['postgres', 'redis']) {
  if (which.includes('postgres') && !(await answers(5432))) {
    try {
      for (const version of readdirSync('/etc/postgresql')) for (const cluster of readdirSync(`/etc/postgresql/${version}`)) execFileSync('pg_ctlcluster', [version, cluster, 'start'], { stdio: 'inherit' });
    } catch (error) {
      throw new Error(`PostgreSQL not reachable at 127.0.0.1:5432 and could not be started (${error.message})`);
    }
    await waitFor(5432, 'PostgreSQL');
  }
  if (which.includes('redis') && !(await answers(6379))) {
    try {
      execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379'], { stdio: 'inherit' });
    } catch (error) {
      throw new Error(`Redis not reachable at 127.0.0.1:6379 and could not be started (${error.message})`);
    }
    await waitFor(6379, 'Redis');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = process.argv.slice(2);
  await ensureServices(which.length > 0 ? which : undefined);
}
