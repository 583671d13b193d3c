/**
 * `ProgressBar`: a progress bar for computes, like `dask.diagnostics.ProgressBar`.
 *
 *     [##################                      ] |  45% Completed |  1.2 s
 *
 * It is a callback: pass it per compute (`compute(x, { callbacks: [new ProgressBar()] })`) or
 * register it for every compute (`using _ = new ProgressBar().register()`). Two modes:
 *
 * - On a terminal (`out.isTTY`, or `force`), it redraws one line in place with `\r` every `dt`
 *   ms and ends the line when the run ends.
 * - Anywhere else (a log file, a pipe, CI), it prints the same line as a plain line every
 *   `interval` ms — a steady heartbeat, as Dask's bar does in a log — and the final line.
 *
 * Either way it draws on a timer, never per task (the scheduler yields to the event loop at least
 * every ~16 ms of work, so the timer fires even in `sync` runs and with main-thread tasks), the
 * last line is the run's end state (100 % when it succeeded), and a run shorter than `minimum` ms
 * draws nothing. Under the last line it prints the run's warnings (main-thread work while workers
 * were free, see `loop/mainwork.ts`) and marks them shown, so they are not printed twice.
 *
 * State: the current run's start time and timer.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
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
  /** Redraw in place (`\r`) even when `out` is not a TTY. @default false */
  force?: boolean;
  /** When `out` is not a TTY (and not `force`): milliseconds between plain lines. @default 1000 */
  interval?: number;
}

const schema = z.strictObject({
  width: z.int().min(1).max(1000).default(40),
  dt: z.number().positive().default(100),
  minimum: z.number().min(0).default(0),
  out: z.custom<NonNullable<ProgressBarOptions['out']>>((v) => typeof (v as { write?: unknown } | null)?.write === 'function', {
    message: 'expected a stream with a write() method',
  }).optional(),
  force: z.boolean().default(false),
  interval: z.number().positive().default(1000),
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
  private inPlace = false;

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
    const line = this.line(run.finished, run.total, elapsed);
    this.out.write(this.inPlace ? `\r${line}` : `${line}\n`);
  }

  start(run: RunInfo): void {
    this.inPlace = this.o.force || this.out.isTTY === true;
    this.t0 = performance.now();
    this.shown = false;
    this.timer = setInterval(() => this.draw(run), this.inPlace ? this.o.dt : this.o.interval);
    this.timer.unref();
  }

  finish(run: RunInfo): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    if (!this.shown && performance.now() - this.t0 < this.o.minimum) return;
    this.shown = true;
    this.draw(run);
    if (this.inPlace) this.out.write('\n');
    for (const w of run.warnings) {
      this.out.write(`Warning: ${w.message}\n`);
      w.shown = true;
    }
  }
}
