/**
 * Duration estimates per task name, which drive batching and inlining (DESIGN.md §5).
 *
 * Every task that runs on a worker (or a worker-runnable task run inline) reports its duration;
 * the estimate for its name (`gaussian`, or `load-gaussian-var` for a fused chain) is a running
 * mean over the first `WINDOW` samples that then becomes an exponential moving average, so it
 * follows a workload whose image sizes change. Module import time is not included (the worker
 * resolves ops before it starts the clock), so the first sample is representative.
 *
 * Two guards keep a trivially cheap op inline once it is (`runsInline`). A sample from an inline
 * run includes the loop's own bookkeeping and any garbage collection that struck it, so one
 * sample may move the estimate by at most `SPIKE` times the estimate (plus `SPIKE_FLOOR_US`)
 * once `WINDOW` samples are in: a 500 µs collection pause no longer sends the next few hundred
 * `inc`s to the workers. And a name starts running inline below the threshold but stops only
 * above `HYSTERESIS` times it, so an op measured near the threshold (an inline `inc` measures
 * ~2 µs against the default 2) does not flip between the two every few tasks. Both were measured
 * on 10 000 independent `inc`s (`bench/overhead.ts`): before, 261–1 041 of them went to workers
 * in every compute, in 5–17 batches.
 *
 * State: one table per pool, kept across computes, since an op's cost rarely changes between runs.
 */
const WINDOW = 16;
/** Once `WINDOW` samples are in, one sample counts as at most this many times the estimate (plus `SPIKE_FLOOR_US`). */
export const SPIKE = 16;
export const SPIKE_FLOOR_US = 10;
/** A name that runs inline stops only when its estimate exceeds this many times the threshold. */
export const HYSTERESIS = 4;

export class Estimate {
  /** Samples seen. */
  n = 0;
  /** Mean duration in microseconds (0 while `n === 0`). */
  mean = 0;
  /** Whether tasks of this name last ran inline (`runsInline`). */
  private inline = false;

  add(us: number): void {
    const x = this.n >= WINDOW ? Math.min(us, this.mean * SPIKE + SPIKE_FLOOR_US) : us;
    this.n++;
    this.mean += (x - this.mean) / Math.min(this.n, WINDOW);
  }

  /** Whether a task of this name runs inline on the main thread, for a threshold of `belowUs` (see the header). */
  runsInline(belowUs: number): boolean {
    this.inline = this.n > 0 && this.mean < (this.inline ? HYSTERESIS * belowUs : belowUs);
    return this.inline;
  }

  get known(): boolean {
    return this.n > 0;
  }
}

export class Estimates {
  private readonly table = new Map<string, Estimate>();

  get(name: string): Estimate {
    let e = this.table.get(name);
    if (!e) this.table.set(name, (e = new Estimate()));
    return e;
  }

  /** Known estimates by name, in microseconds. */
  snapshot(): Record<string, { n: number; meanUs: number }> {
    const out: Record<string, { n: number; meanUs: number }> = {};
    for (const [k, e] of this.table) if (e.known) out[k] = { n: e.n, meanUs: e.mean };
    return out;
  }

  clear(): void {
    this.table.clear();
  }
}
