/**
 * notebook.ts — one file, notebook style, as in scikit-image's "Parallel image processing"
 * guide: write your own `task(image)` from library ops, then run it over a folder of images on
 * every core. No separate op module: the functions are defined and registered here, above the
 * pipeline.
 *
 *     npx tsx examples/notebook.ts [FOLDER] [--n 16] [--shape 512x512] [--workers N] [--out DIR]
 *
 * Without FOLDER it first makes a folder (DIR, default a new temporary directory) of `--n`
 * synthetic RGB PNGs of `--shape`, in parallel too. Then it runs `task` on every PNG twice — a
 * plain loop on the main thread, then one `delayed(task)` per file and one `compute` with a
 * progress bar — prints the results, which worker threads ran the tasks, the speedup, and
 * whether both runs agree.
 *
 * The one rule: call `defineOps` before the pipeline code. A worker that needs `task` imports
 * this file and stops reading it at the `defineOps` call, so nothing below it (argument parsing,
 * computes, printing, files written) ever runs in a worker. Everything above it — imports and
 * function definitions — runs once in each worker.
 */
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { threadId } from 'node:worker_threads';
import { color, compute, currentConfig, defaultPool, defineOps, delayed, filters, io, ProgressBar, util, zeros, type NDArray } from 'duskjs';
import { parseCount, parseShape, printTable, seconds } from './lib/cli.ts';

// ---------------------------------------------------------------- the functions (run on workers)

/** The guide's kind of task: grey → smooth → edges → Otsu threshold of the edge strength. */
function task(path: string): { file: string; threshold: number; edges: number; thread: number } {
  const image = io.imread(path);
  const grey = image.ndim === 3 ? color.rgb2gray(image) : util.imgAsFloat(image);
  const smooth = filters.gaussian(grey, { sigma: 2 });
  const strength = filters.sobel(smooth);
  const threshold = filters.thresholdOtsu(strength);
  let edges = 0;
  for (const v of strength.values()) if (v > threshold) edges++;
  return { file: basename(path), threshold, edges: edges / strength.size, thread: threadId };
}

/** A synthetic RGB image: a few soft discs on a gradient, different for every `index`. */
function makeImage(path: string, index: number, rows: number, cols: number): string {
  const img: NDArray = zeros([rows, cols, 3], { dtype: 'uint8' });
  const discs = Array.from({ length: 4 }, (_, k) => {
    const h = Math.sin(index * 12.9898 + k * 78.233) * 43758.5453;
    const f = h - Math.floor(h);
    return { y: f * rows, x: ((f * 7.31) % 1) * cols, r: (0.08 + 0.12 * ((f * 3.7) % 1)) * Math.min(rows, cols) };
  });
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let v = (40 * x) / cols;
      for (const d of discs) v += 180 / (1 + Math.exp((Math.hypot(y - d.y, x - d.x) - d.r) / 2));
      for (let c = 0; c < 3; c++) img.set([y, x, c], Math.min(255, Math.round(v * (0.6 + 0.2 * c))));
    }
  }
  io.imwrite(path, img);
  return path;
}

export const ops = defineOps(import.meta.url, { task, makeImage });

// ------------------------------------------------------------ the pipeline (main thread only)

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { n: { type: 'string' }, shape: { type: 'string' }, workers: { type: 'string' }, out: { type: 'string' } },
});
if (positionals.length > 1) throw new TypeError(`notebook: expected at most one folder, received ${positionals.length}`);
// --workers, else DUSK_WORKERS or configure() (currentConfig), else every core.
const workers = args.workers === undefined ? currentConfig().workers : parseCount('workers', args.workers, 1);

let folder: string;
if (positionals[0] !== undefined) {
  folder = resolve(positionals[0]);
} else {
  const n = parseCount('n', args.n, 16);
  const shape = parseShape('shape', args.shape ?? '512x512');
  if (shape.length !== 2) throw new RangeError(`--shape: expected two dimensions (rows x columns), received ${shape.length}`);
  folder = args.out ?? mkdtempSync(join(tmpdir(), 'dusk-notebook-'));
  mkdirSync(folder, { recursive: true });
  const made = Array.from({ length: n }, (_, i) => delayed(makeImage)(join(folder, `image_${String(i).padStart(3, '0')}.png`), i, shape[0]!, shape[1]!));
  await compute(made, { workers });
  console.log(`No folder given: made ${n} synthetic RGB images of ${shape.join(' x ')} in ${folder}`);
}

const files = readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.png')).sort().map((f) => join(folder, f));
if (files.length === 0) {
  console.error(`notebook: no .png files in ${folder}`);
  process.exit(1);
}

// Start the workers and let each read this file down to defineOps (once per process, not timed).
await defaultPool(workers).warmup([task]);

// results = [task(f) for f in files]
let t = performance.now();
const serial = files.map((f) => task(f));
const serialMs = performance.now() - t;

// results = dask.compute(*[delayed(task)(f) for f in files])
console.log(`\nRunning task() on ${files.length} images with dusk:`);
t = performance.now();
const results = await compute(files.map((f) => delayed(task)(f)), { workers, callbacks: [new ProgressBar()] });
const duskMs = performance.now() - t;

console.log();
printTable(results.map((r) => ({ file: r.file, 'Otsu threshold': r.threshold.toFixed(5), 'edge pixels': `${(100 * r.edges).toFixed(1)} %`, thread: r.thread })));
const threads = [...new Set(results.map((r) => r.thread))].sort((a, b) => a - b);
console.log(`\nWorker threads that ran the tasks: ${threads.join(', ')} (${threads.length} of ${defaultPool(workers).workers}; the main thread is ${threadId})`);
printTable([{ images: files.length, 'plain loop (s)': seconds(serialMs), 'dusk (s)': seconds(duskMs), speedup: `${(serialMs / duskMs).toFixed(2)} x` }]);
const agree = serial.every((s, i) => s.threshold === results[i]!.threshold && s.edges === results[i]!.edges);
console.log(`Plain loop and dusk results identical: ${agree ? 'yes' : 'NO'}`);
if (!agree) process.exitCode = 1;
