/**
 * `Profiler`: records every task of the computes it watches, like `dask.diagnostics.Profiler`:
 * key, name (op), the thread that ran it (0 = main, else the worker's `threadId`), start and end
 * (epoch ms, measured where the task ran) and the bytes of array data in its result.
 *
 *     const prof = new Profiler();
 *     await compute(x, { callbacks: [prof] });
 *     await prof.writeChromeTrace('trace.json');   // open in ui.perfetto.dev or chrome://tracing
 *
 * Records accumulate over computes until `clear()`. Asking for bytes makes workers measure every
 * result (a short walk per task); pass `{ bytes: false }` to skip it. The runs' warnings (such as
 * main-thread work while workers were free, `loop/mainwork.ts`) are kept in `warnings`, and
 * `summary()` says per function where it ran.
 *
 * State: the list of records and of warnings.
 */
import { z } from 'zod';
import { parseOptions, writeFileAtomic } from 'dusk-graph/internal';
import { registerCallbacks, type Callback, type RunInfo, type TaskEvent } from '../callbacks/callbacks.ts';
import type { PlacementWarning } from '../loop/mainwork.ts';
import type { ResourceSample } from './resource.ts';
import { chromeTrace } from './trace.ts';

/** One finished task as the profiler keeps it: its `TaskEvent` without the run-local id and the result. */
export type TaskRecord = Omit<TaskEvent, 'id' | 'result'>;

export interface ProfilerOptions {
  /** Measure the bytes of array data in each result. @default true */
  bytes?: boolean;
}

const schema = z.strictObject({ bytes: z.boolean().default(true) });

export class Profiler implements Callback {
  readonly results: TaskRecord[] = [];
  /** Warnings of the watched runs, oldest first. */
  readonly warnings: PlacementWarning[] = [];
  readonly measureTime = true;
  readonly measureBytes: boolean;

  constructor(options: ProfilerOptions = {}) {
    this.measureBytes = parseOptions('Profiler', schema, options).bytes;
  }

  register(): Disposable & { unregister(): void } {
    return registerCallbacks(this);
  }

  /** Keeps only names and times, never a result. */
  readonly keepsResults = false;

  posttask(t: TaskEvent): void {
    this.results.push({
      key: t.key, name: t.name, thread: t.thread, where: t.where, start: t.start, end: t.end, bytes: t.bytes,
      ...(t.host !== undefined ? { host: t.host } : {}), ...(t.pid !== undefined ? { pid: t.pid } : {}),
    });
  }

  finish(run: RunInfo): void {
    this.warnings.push(...run.warnings);
  }

  clear(): void {
    this.results.length = 0;
    this.warnings.length = 0;
  }

  /**
   * Per task name: how many ran, their total and mean duration in ms, and where they ran
   * (`'worker'`, `'main'`, or `'both'` for worker ops some of which ran inline), slowest total first.
   */
  summary(): { name: string; count: number; totalMs: number; meanMs: number; where: 'worker' | 'main' | 'both' }[] {
    const by = new Map<string, { count: number; totalMs: number; where: 'worker' | 'main' | 'both' }>();
    for (const r of this.results) {
      const s = by.get(r.name) ?? { count: 0, totalMs: 0, where: r.where };
      s.count++;
      s.totalMs += r.end - r.start;
      if (s.where !== r.where) s.where = 'both';
      by.set(r.name, s);
    }
    return [...by].map(([name, s]) => ({ name, ...s, meanMs: s.totalMs / s.count })).sort((a, b) => b.totalMs - a.totalMs);
  }

  /** Write a Chrome trace (one track per thread; resource counters when given). */
  async writeChromeTrace(path: string, options: { resources?: readonly ResourceSample[] } = {}): Promise<void> {
    await writeFileAtomic(path, JSON.stringify(chromeTrace(this.results, options)));
  }
}
