/**
 * progress.ts — watching a compute: a progress bar, a per-task profile written as a Chrome trace,
 * and memory/CPU samples.
 *
 *     npx tsx examples/progress.ts [--n 48] [--size 384] [--sigma 4] [--out DIR] [--workers 2]
 *
 * N synthetic images go through   synthImage → filters.gaussian(σ) → stats   on worker threads
 * (the optimizer fuses each chain into one task), and a main-thread closure ranks them by
 * brightness. The pool is warmed up first (workers started, op modules imported). One `compute` runs it all with three
 * callbacks: `ProgressBar` (drawn in place; forced on here so it also shows when piped),
 * `Profiler` (every task: thread, start, end, result bytes) and `ResourceProfiler` (memory and
 * CPU every 20 ms). It then writes DIR/trace.json — open it in https://ui.perfetto.dev or
 * chrome://tracing: one track per thread (main + each worker) and counter tracks for memory and
 * CPU — and says in plain words what happened.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { filters } from 'dusk-image-ops';
import { compute, defaultPool, delayed, Profiler, ProgressBar, ResourceProfiler } from 'dusk-scheduler';
import { progressOps } from './ops/progress.ts';

const { values: args } = parseArgs({
  options: { n: { type: 'string' }, size: { type: 'string' }, sigma: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' } },
});
function positive(name: string, v: string | undefined, dflt: number): number {
  const x = v === undefined ? dflt : Number(v);
  if (!(x > 0) || !Number.isFinite(x)) throw new TypeError(`progress: --${name} must be a positive number, received ${JSON.stringify(v)}`);
  return x;
}
const N = Math.round(positive('n', args.n, 48));
const size = Math.round(positive('size', args.size, 384));
const sigma = positive('sigma', args.sigma, 4);
const workers = args.workers === undefined ? undefined : Math.round(positive('workers', args.workers, 2));
const outDir = args.out ?? mkdtempSync(join(tmpdir(), 'dusk-progress-'));
mkdirSync(outDir, { recursive: true });

// Build the graph: nothing runs yet.
const load = delayed(progressOps.synthImage);
const smooth = delayed(filters.gaussian);
const measure = delayed(progressOps.stats);
const perImage = Array.from({ length: N }, (_, i) => measure(smooth(load(i, size), { sigma })));
const ranking = delayed(function rank(all: { mean: number; max: number }[]) {
  return all.map((s, i) => ({ i, ...s })).sort((a, b) => b.mean - a.mean);
})(perImage);

// Start the workers and let them import the op modules first (once per process), so the run
// below shows the work, not the start-up.
let t0 = performance.now();
await defaultPool(workers).warmup([progressOps.synthImage, filters.gaussian]);
console.log(`Started ${defaultPool(workers).workers} workers and loaded the op modules in ${((performance.now() - t0) / 1000).toFixed(2)} s.`);

console.log(`Smoothing ${N} synthetic ${size}×${size} images with a gaussian (σ=${sigma}) and ranking them by brightness.`);
const bar = new ProgressBar({ force: true, width: 40 });
const prof = new Profiler();
const res = new ResourceProfiler({ dt: 20 });
t0 = performance.now();
const ranked = await compute(ranking, { callbacks: [bar, prof, res], ...(workers ? { workers } : {}) });
const seconds = (performance.now() - t0) / 1000;

const trace = join(outDir, 'trace.json');
await prof.writeChromeTrace(trace, { resources: res.results });

// What happened, in plain words.
const threads = new Map<number, number>();
let busy = 0;
for (const r of prof.results) {
  threads.set(r.thread, (threads.get(r.thread) ?? 0) + 1);
  busy += r.end - r.start;
}
const workerThreads = [...threads.keys()].filter((t) => t !== 0);
const peak = res.peak();
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
console.log(`\nRan ${prof.results.length} tasks in ${seconds.toFixed(2)} s: ${workerThreads.length} worker thread(s) ` +
  `(${workerThreads.map((t) => `#${t}: ${threads.get(t)} tasks`).join(', ')}) and the main thread (${threads.get(0) ?? 0} tasks).`);
console.log(`Each image's load → gaussian → stats chain was fused into one task (one message to a worker, no copies).`);
console.log(`Tasks were busy for ${(busy / 1000).toFixed(2)} s in all, ${(busy / 1000 / seconds).toFixed(1)}× the wall time: that is the parallelism.`);
for (const s of prof.summary()) {
  console.log(`  ${s.name.padEnd(24)} ${String(s.count).padStart(4)} tasks, ${s.meanMs.toFixed(2).padStart(8)} ms each on average`);
}
console.log(`Peak memory: ${mb(peak.rss)} resident (image data lives in SharedArrayBuffers, counted there), ${mb(peak.heapUsed)} of JS heap on the main thread; CPU peaked at ${peak.cpu.toFixed(0)}% of one core (${availableParallelism()} cores).`);
console.log(`Brightest image: #${ranked[0]!.i} (mean ${ranked[0]!.mean.toFixed(4)}); darkest: #${ranked[N - 1]!.i} (mean ${ranked[N - 1]!.mean.toFixed(4)}).`);
console.log(`Trace written to ${trace} — open it in https://ui.perfetto.dev (one track per thread, plus memory and CPU).`);
