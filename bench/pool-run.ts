/**
 * bench/pool-run.ts — one workload of `bench/pool.ts`, in its own process so that the buffer pool
 * switch (`DUSK_BUFFER_POOL`, read once at start-up) applies to it: best of `repeat` runs after a
 * warm-up, printed as one JSON line `{ ms, faults, cpuMs, reused, pooled, shipped }` (faults:
 * minor page faults of the whole process during the best run; cpuMs: user + system CPU time of
 * the process, all threads, during that run; the pool counters are the main thread's over all runs).
 *
 *     DUSK_BUFFER_POOL=0|1 npx tsx bench/pool-run.ts <workload> [repeat]
 *
 * Workloads: seeds-10x2048, seeds-50x512 (the tutorial pipeline, `examples/lib/batch.ts`, threads,
 * 2 workers, BMPs to /dev/shm), overlap (gaussian σ=3 over (50, 1104, 1104) float32 in 2×2 chunks,
 * threads), overlap-sync (the same on one thread), rgb2gray-threads / rgb2gray-sync (60 RGB uint8
 * 1024² images: rgb2gray → sobel → variance per image, results dying as they are consumed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compute, delayed } from 'duskjs';
import { chunked, color, filters, recycleStats, zeros } from 'dusk-image-ops';
import { delayedBatch } from '../examples/lib/batch.ts';
import { batch } from '../examples/ops/batch.ts';
import { volumeOps } from '../examples/ops/volume.ts';
import { minorFaults } from './lib.ts';

const [workload = '', repeatArg = '3'] = process.argv.slice(2);
const repeat = Number(repeatArg);
const threads = { scheduler: 'threads', workers: 2 } as const;

function seeds(n: number, size: number): () => Promise<unknown> {
  return async () => {
    const dir = mkdtempSync(join('/dev/shm', 'dusk-bench-pool-'));
    try {
      const lazy = delayedBatch(n, [size, size], dir);
      await compute([lazy.inputVariances, lazy.outputVariances, lazy.savedList] as const, threads);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

function overlap(scheduler: 'sync' | 'threads'): () => Promise<unknown> {
  const volume = volumeOps.syntheticVolume([50, 1104, 1104], 0);
  const params = { depth: 'auto', boundary: 'none', sigma: 3 } as const;
  return () => chunked(volume, { chunks: [50, 552, 552] }).mapOverlap(filters.gaussian, params).compute(scheduler === 'sync' ? { scheduler } : threads);
}

function rgbPipeline(scheduler: 'sync' | 'threads'): () => Promise<unknown> {
  const images = Array.from({ length: 60 }, (_, k) => {
    const a = zeros([1024, 1024, 3], 'uint8');
    for (let i = 0; i < a.size; i++) a.data[i] = (i * (k + 7)) % 251;
    return a;
  });
  const variance = delayed(batch.variance, { name: 'var' });
  return () => compute(images.map((x) => variance(delayed(filters.sobel)(delayed(color.rgb2gray)(x)))), scheduler === 'sync' ? { scheduler } : threads);
}

const workloads: Record<string, () => () => Promise<unknown>> = {
  'seeds-10x2048': () => seeds(10, 2048),
  'seeds-50x512': () => seeds(50, 512),
  overlap: () => overlap('threads'),
  'overlap-sync': () => overlap('sync'),
  'rgb2gray-threads': () => rgbPipeline('threads'),
  'rgb2gray-sync': () => rgbPipeline('sync'),
};
const make = workloads[workload];
if (make === undefined) throw new TypeError(`pool-run: workload must be one of ${Object.keys(workloads).join(', ')}, received ${JSON.stringify(workload)}`);
if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError(`pool-run: repeat must be a positive integer, received ${repeatArg}`);

const run = make();
await run(); // warm-up: JIT, worker start-up, op modules, the pool's learned sizes
let best = { ms: Infinity, faults: NaN, cpuMs: NaN };
for (let r = 0; r < repeat; r++) {
  const f = minorFaults(), c = process.cpuUsage(), t = performance.now();
  await run();
  const ms = performance.now() - t, cpu = process.cpuUsage(c);
  if (ms < best.ms) best = { ms, faults: minorFaults() - f, cpuMs: (cpu.user + cpu.system) / 1000 };
}
const { reused, pooled, shipped } = recycleStats();
console.log(JSON.stringify({ workload, pool: process.env.DUSK_BUFFER_POOL !== '0', ...best, reused, pooled, shipped }));
process.exit(0);
