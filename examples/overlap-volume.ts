/**
 * overlap-volume.ts — gaussian smoothing of a 3-D volume in overlapping chunks, after the seed
 * notebook "scikit-image and dask: map_overlap" (seed 001), which did
 *
 *     x = da.from_array(dat, chunks=(50, dat.shape[1] // 2, dat.shape[2] // 2))
 *     y = x.map_overlap(skimage.filters.gaussian, depth=9, sigma=3, boundary='none')
 *
 *     npx tsx examples/overlap-volume.ts [RAW_FILE] [--shape 50x768x768] [--out DIR]
 *
 * Without RAW_FILE it writes a synthetic float32 volume of `--shape` to `DIR/volume.raw` first
 * (`--shape 50x1104x1104` is the notebook's size). Then: `fromRaw` in 2×2 chunks over the two
 * large axes → `mapOverlap(filters.gaussian, { depth: 'auto', sigma: 3, boundary: 'none' })`
 * (depth 'auto' is the op's own reach, 12 pixels, where the notebook's 9 leaves seams); prints
 * the task counts before and after optimization next to Dask's; computes with a ProgressBar,
 * a Profiler and a ResourceProfiler, writes a Chrome trace (`DIR/trace.json`, open it in
 * https://ui.perfetto.dev); and checks the result against `filters.gaussian` of the whole
 * volume, and what depth 9 would have given. Last, the notebook's own setup — the volume in
 * memory (`chunked(dat)`, its `da.from_array`) — is timed against the whole-volume call.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NDArray, Profiler, ProgressBar, ResourceProfiler, chunked, filters, fromRaw, io, zeros } from 'duskjs';
import { parseCount, parseShape, printTable, seconds } from './lib/cli.ts';
import { volumeOps } from './ops/volume.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { shape: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' } },
});
const shape = parseShape('shape', args.shape ?? '50x768x768');
if (shape.length !== 3) throw new RangeError(`--shape: expected a 3-D shape like 50x1104x1104, received ${shape.length} dimensions`);
const out = args.out ?? mkdtempSync(join(tmpdir(), 'dusk-overlap-'));
mkdirSync(out, { recursive: true });
const computeOptions = args.workers === undefined ? {} : { workers: parseCount('workers', args.workers, 2) };

let path: string;
let t = performance.now();
if (positionals[0] !== undefined) {
  path = resolve(positionals[0]);
  console.log(`Volume: ${path}, float32 ${shape.join(' x ')}`);
} else {
  path = volumeOps.writeSyntheticVolume(join(out, 'volume.raw'), shape, 0);
  console.log(`Wrote a synthetic float32 volume ${shape.join(' x ')} (${(shape.reduce((a, b) => a * b) * 4 / 2 ** 20).toFixed(0)} MB) to ${path} in ${seconds(performance.now() - t)} s`);
}

// x = da.from_array(dat, chunks=(50, dat.shape[1] // 2, dat.shape[2] // 2))  — 2×2 blocks
const [nz, ny, nx] = shape as [number, number, number];
const x = fromRaw(path, { dtype: 'float32', shape, chunks: [nz, Math.ceil(ny / 2), Math.ceil(nx / 2)] });
// y = x.map_overlap(skimage.filters.gaussian, depth=..., sigma=3, boundary='none')
const y = x.mapOverlap(filters.gaussian, { depth: 'auto', sigma: 3, boundary: 'none' });
console.log(`x = ${x}`);
console.log(`y = ${y}  (gaussian σ=3 with depth 'auto' = the op's reach, floor(4·3 + 0.5) = 12)`);

// First, as the notebook does, the whole volume in one call: `skimage.filters.gaussian(dat, sigma=3)`.
const dat = io.readRaw(path, { dtype: 'float32', shape });
filters.gaussian(zeros([8, 96, 96], { dtype: 'float32' }), { sigma: 3 }); // compile the kernel on this thread first
t = performance.now();
const whole = filters.gaussian(dat, { sigma: 3 });
const wholeMs = performance.now() - t;
console.log(`Whole volume in one call (main thread): ${seconds(wholeMs)} s.`);

const counts = y.taskCounts();
console.log(`\nTasks: ${counts.built} as built, ${counts.optimized} after optimization (one fused task per block, or per tile when small blocks are merged).`);
console.log(`Dask 2022.12 builds 36 tasks for the same 4 blocks (32 after its optimization); the notebook's graph had 109.\n`);

// Start the worker threads (once per process) on a tiny volume, so the timing measures the work.
t = performance.now();
await chunked(zeros([4, 64, 64], { dtype: 'float32' }), { chunks: [4, 32, 32] })
  .mapOverlap(filters.gaussian, { depth: 'auto', sigma: 3, boundary: 'none' }).compute(computeOptions);
const startMs = performance.now() - t;

const bar = new ProgressBar({ force: true });
const profiler = new Profiler();
const resources = new ResourceProfiler({ dt: 50 });
t = performance.now();
const result = await y.compute({ ...computeOptions, callbacks: [bar, profiler, resources] });
const chunkedMs = performance.now() - t;
const tracePath = join(out, 'trace.json');
await profiler.writeChromeTrace(tracePath, { resources: resources.results });
console.log(`Computed ${result.shape.join(' x ')} ${result.dtype} in ${seconds(chunkedMs)} s; ` +
  `peak process memory ${(Math.max(...resources.results.map((s) => s.rss)) / 2 ** 20).toFixed(0)} MB.`);
console.log(`Chrome trace of the ${profiler.results.length} tasks: ${tracePath} (open in https://ui.perfetto.dev)`);
printTable(profiler.summary().map((s) => ({ task: s.name, count: s.count, 'total (s)': seconds(s.totalMs), 'mean (ms)': s.meanMs.toFixed(1) })));

const maxDiff = (a: NDArray, b: NDArray) => {
  const va = a.values(), vb = b.values();
  let m = 0;
  for (let i = 0; i < va.length; i++) m = Math.max(m, Math.abs(va[i]! - vb[i]!));
  return m;
};
const err = maxDiff(result, whole);
const err9 = maxDiff(await x.mapOverlap(filters.gaussian, { depth: 9, sigma: 3, boundary: 'none' }).compute(computeOptions), whole);
console.log(`\nChunked vs whole-volume gaussian: largest difference ${err} (depth 12).`);
console.log(`With the notebook's depth=9 the largest difference would be ${err9.toExponential(2)}: seams where blocks meet.\n`);

// The notebook's setup: the volume already in memory, cut into the same chunks (`da.from_array`).
const inMemory = chunked(dat, { chunks: x.chunks.map((c) => c[0]!) })
  .mapOverlap(filters.gaussian, { depth: 'auto', sigma: 3, boundary: 'none' });
await inMemory.compute(computeOptions); // first run: the workers' buffers for blocks of this size
t = performance.now();
const fromMemory = await inMemory.compute(computeOptions);
const memoryMs = performance.now() - t;
if (maxDiff(fromMemory, whole) !== 0) process.exitCode = 1;

printTable([{
  volume: shape.join(' x '), 'whole volume, one call (s)': seconds(wholeMs), 'dusk 2x2 chunks, in memory (s)': seconds(memoryMs),
  speedup: `${(wholeMs / memoryMs).toFixed(2)} x`, 'dusk 2x2 chunks, from the file (s)': seconds(chunkedMs),
}]);
console.log('\nIn memory is the notebook\'s setup (its whole-volume call also starts from the array in memory);');
console.log('from the file, each task also reads its block and halo, so no block needs the whole volume in memory.');
console.log(`\n(Starting the worker threads took ${seconds(startMs)} s, once per process, not counted above.)`);
if (err !== 0) {
  console.error('The chunked result differs from the whole-volume result.');
  process.exitCode = 1;
}
