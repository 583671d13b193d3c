/**
 * `ProgressBar`: a terminal progress bar for computes, like `dask.diagnostics.ProgressBar`.
 *
 *     [##################                      ] |  45% Completed |  1.2 s
 *
 * It is a callback: pass it per compute (`compute(x, { callbacks: [new ProgressBar()] })`) or
 * register it for every compute (`using _ = new ProgressBar().register()`). It redraws in place
 * with `\r` on a timer (every `dt` ms; the scheduler yields to the event loop often enough for
 * the timer to fire even in `sync` runs), never per task, and ends its line when the run ends.
 * It only draws when the output is a TTY, unless `force` (e.g. for logs); a run shorter than
 * `minimum` ms draws nothing.
 *
 * State: the current run's start time and timer.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph';
import { registerCallbacks, type Callback, type RunInfo } from '../callbacks/callbacks.ts';

export interface ProgressBarOptions {
  /** Width of the bar in characters. @default 40 */
  width?: number;
  /** Redraw interval in milliseconds. @default 100 */
  dt?: number;
  /** Draw nothing for runs shorter than this many milliseconds. @default 0 */
  minimum?: number;
  /** Where to draw. @default process.stdout */
  out?: { write(s: string): unknown; isTTY?: boolean };
  /** Draw even when `out` is not a TTY. @default false */
  force?: boolean;
}

const schema = z.strictObject({
  width: z.int().min(1).max(1000).default(40),
  dt: z.number().positive().default(100),
  minimum: z.number().min(0).default(0),
  out: z.custom<NonNullable<ProgressBarOptions['out']>>((v) => typeof (v as { write?: unknown } | null)?.write === 'function', {
    message: 'expected a stream with a write() method',
  }).optional(),
  force: z.boolean().default(false),
});

function formatTime(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}min ${(s % 60).toFixed(0)}s` : `${Math.floor(m / 60)}hr ${m % 60}min`;
}

export class ProgressBar implements Callback {
  private readonly o: z.output<typeof schema>;
  private readonly out: NonNullable<ProgressBarOptions['out']>;
  private timer: ReturnType<typeof setInterval> | undefined;
  private t0 = 0;
  private shown = false;

  constructor(options: ProgressBarOptions = {}) {
    this.o = parseOptions('ProgressBar', schema, options);
    this.out = this.o.out ?? process.stdout;
  }

  /** Show this bar for every compute until the returned handle is disposed. */
  register(): Disposable & { unregister(): void } {
    return registerCallbacks(this);
  }

  /** The line for `done` of `total` tasks after `elapsed` seconds. */
  line(done: number, total: number, elapsed: number): string {
    const frac = total === 0 ? 1 : done / total;
    const filled = Math.floor(frac * this.o.width);
    const bar = '#'.repeat(filled) + ' '.repeat(this.o.width - filled);
    return `[${bar}] | ${String(Math.floor(frac * 100)).padStart(3)}% Completed | ${formatTime(elapsed)}`;
  }

  private draw(run: RunInfo): void {
    const elapsed = (performance.now() - this.t0) / 1000;
    if (elapsed * 1000 < this.o.minimum) return;
    this.shown = true;
    this.out.write(`\r${this.line(run.finished, run.total, elapsed)}`);
  }

  start(run: RunInfo): void {
    if (!this.o.force && !this.out.isTTY) return;
    this.t0 = performance.now();
    this.shown = false;
    this.timer = setInterval(() => this.draw(run), this.o.dt);
    this.timer.unref();
  }

  finish(run: RunInfo): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.shown || performance.now() - this.t0 >= this.o.minimum) {
      this.draw(run);
      this.out.write('\n');
    }
  }
}
