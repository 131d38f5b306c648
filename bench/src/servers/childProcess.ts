import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Every server this benchmark started and has not seen exit: killed if the benchmark itself ends. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts a server process and resolves when a line of its stdout matches `ready` (with the match). */
export function startProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp, what: string): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 30 s`)), 30_000);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    let started = false;
    // BENCH_SERVER_STDOUT=file: keeps every line the server prints (e.g. V8's --trace-opt output) for profiling.
    const keep = process.env.BENCH_SERVER_STDOUT;
    lines.on('line', (line) => {
      if (keep) appendFileSync(keep, `${(performance.now() / 1000).toFixed(2)} ${child.pid} ${line}\n`);
      const match = started ? null : ready.exec(line);
      if (match) {
        started = true;
        clearTimeout(timer);
        resolve({ child, match });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${what}] ${chunk.toString()}`));
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`${what} exited with ${code} before it was ready`));
    });
  });
}

/** Stops a child with SIGTERM (SIGKILL after `graceMs`) and waits for it to exit. */
export function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
