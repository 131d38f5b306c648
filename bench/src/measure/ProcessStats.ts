import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (user + system, all threads) of a process so far, in ms, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** Resident set size of a process, in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** CPU ms per thread of a process, keyed by "tid name" (from /proc/<pid>/task/<tid>/{stat,comm}). */
export function threadCpuMs(pid: number): Map<string, number> {
  const threads = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      threads.set(`${tid} ${name}`, ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
    } catch {
      // the thread ended
    }
  }
  return threads;
}

/**
 * Watches a process while a measurement runs: CPU used between `start` and `stop`, RSS sampled
 * every `everyMs` (peak and mean).
 */
export class ProcessWatch {
  private readonly samples: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private cpuAtStart = 0;
  private startedAt = 0;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 200,
  ) {}

  private threadsAtStart = new Map<string, number>();

  start(): void {
    this.cpuAtStart = cpuMs(this.pid);
    this.threadsAtStart = threadCpuMs(this.pid);
    this.startedAt = performance.now();
    this.samples.push(rssBytes(this.pid));
    this.timer = setInterval(() => this.samples.push(rssBytes(this.pid)), this.everyMs);
  }

  /** CPU ms each thread used since `start` (threads that used any). */
  threadBreakdown(): Array<[string, number]> {
    const now = threadCpuMs(this.pid);
    return [...now].map(([thread, ms]): [string, number] => [thread, ms - (this.threadsAtStart.get(thread) ?? 0)]).filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]);
  }

  stop(): { cpuMs: number; wallMs: number; cpuCores: number; rssPeak: number; rssMean: number } {
    if (this.timer) clearInterval(this.timer);
    this.samples.push(rssBytes(this.pid));
    const wallMs = performance.now() - this.startedAt;
    const used = cpuMs(this.pid) - this.cpuAtStart;
    return {
      cpuMs: used,
      wallMs,
      cpuCores: used / wallMs,
      rssPeak: Math.max(...this.samples),
      rssMean: this.samples.reduce((sum, value) => sum + value, 0) / this.samples.length,
    };
  }
}
