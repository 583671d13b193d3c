/**
 * Duration estimates per task name, which drive batching and inlining (DESIGN.md §5).
 *
 * Every task that runs on a worker (or a worker-runnable task run inline) reports its duration;
 * the estimate for its name (`gaussian`, or `load-gaussian-var` for a fused chain) is a running
 * mean over the first `WINDOW` samples that then becomes an exponential moving average, so it
 * follows a workload whose image sizes change. Module import time is not included (the worker
 * resolves ops before it starts the clock), so the first sample is representative.
 *
 * State: one table per pool, kept across computes, since an op's cost rarely changes between runs.
 */
const WINDOW = 16;

export class Estimate {
  /** Samples seen. */
  n = 0;
  /** Mean duration in microseconds (0 while `n === 0`). */
  mean = 0;

  add(us: number): void {
    this.n++;
    this.mean += (us - this.mean) / Math.min(this.n, WINDOW);
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
