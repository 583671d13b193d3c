/**
 * bench/overlap-lib.ts — what the overlap benchmarks (`overlap.ts`, `overlap-matrix.ts`) measure
 * besides wall time, for a shared machine where wall time is noisy: the process CPU time of a run
 * (all threads: main, workers, V8's helpers), which load changes much less. With `workers`
 * cores, a chunked run cannot beat a one-thread run by more than `workers` × its CPU time ÷
 * the chunked run's CPU time, however quiet the machine.
 */
import { bestRun, type Run } from './lib.ts';

export interface CpuRun extends Run {
  /** The least process CPU time (user + system, all threads) of the runs, ms. */
  cpuMs: number;
}

/** `fn` timed by `bestRun` (best of `repeat` after a warm-up), with the least CPU time of its runs. */
export async function cpuRun(repeat: number, fn: () => unknown): Promise<CpuRun> {
  let cpuMs = Infinity;
  const run = await bestRun(repeat, async () => {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
  });
  return { ...run, cpuMs };
}
