/**
 * How much parallel speedup the machine gives right now: a calibration for benchmark tables on
 * shared machines, where other processes may be using the cores.
 *
 * `measureParallelism(workers)` times one CPU-bound task (`filters.gaussian` σ=10 on a 1024²
 * float64 image, ~50 ms) alone on the worker pool, then `workers` copies at once; with every
 * core free the copies take as long as the single task and the result is `workers`. With the
 * cores busy elsewhere it drops towards 1 (or below). Best of `repeat` rounds for both timings.
 */
import { compute, delayed, filters, zeros } from 'duskjs';

export interface Parallelism {
  /** Wall ms of one task. */
  singleMs: number;
  /** Wall ms of `workers` tasks at once. */
  parallelMs: number;
  /** workers · single / parallel: the speedup available to `workers` independent tasks. */
  speedup: number;
}

export async function measureParallelism(workers: number, repeat = 3): Promise<Parallelism> {
  const image = zeros([1024, 1024]);
  for (let i = 0; i < image.size; i++) image.data[i] = ((i * 2654435761) >>> 0) / 4294967296;
  const gaussian = delayed(filters.gaussian);
  const run = async (k: number) => {
    const t = performance.now();
    await compute(Array.from({ length: k }, () => gaussian(image, { sigma: 10 })), { workers });
    return performance.now() - t;
  };
  await run(workers); // warm up the workers and the scheduler's estimates
  let singleMs = Infinity, parallelMs = Infinity;
  for (let r = 0; r < repeat; r++) {
    singleMs = Math.min(singleMs, await run(1));
    parallelMs = Math.min(parallelMs, await run(workers));
  }
  return { singleMs, parallelMs, speedup: (workers * singleMs) / parallelMs };
}
