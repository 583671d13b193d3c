/**
 * `ReadHost`: runs reads in a child process (child.ts) with a time cap and a memory cap, so a
 * read that hangs, crashes the process or eats memory is observed and reported instead of taking
 * the caller down. Used by the fuzzer (fuzz.ts) and by the hostile-file tests.
 *
 * Policy:
 * - one child serves many reads (starting one costs ~0.5 s); it is replaced after a crash, a
 *   hang, an over-memory kill, or once its peak resident size passes `recycleAtMB` — so every
 *   read starts below that level and a read that pushes the peak above 1 GB is the one that did;
 * - time cap: a read not answered within `timeoutMs` is a `hang` (the child is killed);
 * - memory caps: the child's V8 heap is capped with `--max-old-space-size` (`heapMB`), and its
 *   resident size (heap + array buffers) is polled from /proc every 20 ms: over `killAtMB` the
 *   child is killed and the read is `over-memory`;
 * - a child that exits while reading is a `crash` (with the signal or exit code and the tail of
 *   its stderr).
 * `close()` ends the child; the host holds no other resources.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Reader } from './seeds.ts';

export type Outcome = 'ok' | 'ImageIOError' | 'other error' | 'crash' | 'hang' | 'over-memory';
export const OUTCOMES: readonly Outcome[] = ['ok', 'ImageIOError', 'other error', 'crash', 'hang', 'over-memory'];

export interface ReadResult {
  outcome: Outcome;
  message?: string;
  /** Peak resident size of the child during this read, in MB, when this read set the peak. */
  peakMB?: number;
  ms: number;
}

export interface HostOptions {
  timeoutMs?: number;
  heapMB?: number;
  killAtMB?: number;
  recycleAtMB?: number;
}

const CHILD = new URL('./child.ts', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;

interface Pending { id: number; resolve: (r: ReadResult) => void; start: number; timer: NodeJS.Timeout; poll: NodeJS.Timeout; peakKB: number }

function rssKB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export class ReadHost {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private pending: Pending | undefined;
  private stderr = '';
  private nextId = 0;
  private readonly o: Required<HostOptions>;
  /** Children started so far (1 + restarts). */
  starts = 0;

  constructor(options: HostOptions = {}) {
    this.o = { timeoutMs: 10_000, heapMB: 1024, killAtMB: 2048, recycleAtMB: 400, ...options };
  }

  private start(): Promise<void> {
    this.starts++;
    this.stderr = '';
    const child = fork(CHILD, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', `--max-old-space-size=${this.o.heapMB}`, '--expose-gc'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    child.stderr!.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString()).slice(-2000); });
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code, signal) => {
        if (this.child !== child) return; // killed by us: already accounted for
        this.child = undefined;
        this.ready = undefined;
        reject(new Error(`fuzz read host exited before it was ready (${signal ?? code}): ${this.stderr}`));
        this.settle({ outcome: 'crash', message: `child exited (${signal ?? `code ${code}`}): ${this.stderr.trim().split('\n').slice(-3).join(' | ')}` });
      });
    });
  }

  private settle(r: Omit<ReadResult, 'ms'>, killed = false): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    clearInterval(p.poll);
    if (killed) this.kill();
    p.resolve({ ...r, ms: Date.now() - p.start });
  }

  private kill(): void {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  /** Read `path` with `reader` in the child; never throws for what the read does. */
  async run(reader: Reader, path: string): Promise<ReadResult> {
    if (!this.child) this.ready = this.start();
    await this.ready;
    const child = this.child!;
    const id = this.nextId++;
    return new Promise<ReadResult>((resolve) => {
      const pid = child.pid!;
      const p: Pending = {
        id, resolve, start: Date.now(), peakKB: 0,
        timer: setTimeout(() => this.settle({ outcome: 'hang', message: `no answer within ${this.o.timeoutMs} ms` }, true), this.o.timeoutMs),
        poll: setInterval(() => {
          const kb = rssKB(pid);
          p.peakKB = Math.max(p.peakKB, kb);
          if (kb > this.o.killAtMB * 1024) this.settle({ outcome: 'over-memory', message: `resident size ${Math.round(kb / 1024)} MB`, peakMB: kb / 1024 }, true);
        }, 20),
      };
      this.pending = p;
      child.removeAllListeners('message');
      child.on('message', (m: { id: number; outcome: Outcome; message?: string; maxRssKB: number; grewKB: number }) => {
        if (m.id !== id) return;
        const peakMB = m.grewKB > 0 ? m.maxRssKB / 1024 : undefined;
        this.settle({ outcome: m.outcome, ...(m.message ? { message: m.message } : {}), ...(peakMB ? { peakMB } : {}) });
        if (m.maxRssKB > this.o.recycleAtMB * 1024) this.kill();
      });
      child.send({ id, reader, path });
    });
  }

  close(): void {
    this.kill();
  }
}
