/**
 * otsu-folder.ts — Otsu thresholds of every PNG in a folder, as in scikit-image's "Parallel image
 * processing" guide (seed 003): joblib/Dask-style `delayed(loadAndThreshold)(fn)` per file, one
 * `compute` for all.
 *
 *     npx tsx examples/otsu-folder.ts [FOLDER] [--n 12] [--shape 512x512] [--out DIR]
 *
 * Without FOLDER it first makes a demo folder (DIR, default a new temporary directory) of `--n`
 * synthetic RGB PNGs of `--shape` — with `delayed` too, so the images are drawn in parallel.
 * Then it thresholds every `*.png` (sorted by name) twice — a plain loop, then dusk — checks that
 * both agree and prints a table of thresholds and the two timings. The function the workers run,
 * `filters.thresholdOtsu(color.rgb2gray(io.imread(fn)))`, is in `ops/otsu.ts`; grey PNGs are
 * thresholded as they are, and a file it cannot use (RGBA, unreadable) is listed as skipped with
 * the reason instead of stopping the run.
 */
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compute, defaultPool, delayed } from 'duskjs';
import { parseCount, parseShape, printTable, seconds } from './lib/cli.ts';
import { otsu } from './ops/otsu.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { n: { type: 'string' }, shape: { type: 'string' }, out: { type: 'string' } },
});
if (positionals.length > 1) throw new TypeError(`otsu-folder: expected at most one folder, received ${positionals.length}`);

let folder: string;
if (positionals[0] !== undefined) {
  folder = resolve(positionals[0]);
} else {
  const n = parseCount('n', args.n, 12);
  const shape = parseShape('shape', args.shape ?? '512x512');
  if (shape.length !== 2) throw new RangeError(`--shape: expected two dimensions (rows x columns), received ${shape.length}`);
  folder = args.out ?? mkdtempSync(join(tmpdir(), 'dusk-otsu-'));
  mkdirSync(folder, { recursive: true });
  const made = Array.from({ length: n }, (_, i) =>
    delayed(otsu.makeDemoImage)(join(folder, `demo_${String(i).padStart(3, '0')}.png`), i, [shape[0]!, shape[1]!]));
  await compute(made);
  console.log(`No folder given: made ${n} synthetic RGB images of ${shape.join(' x ')} in ${folder}`);
}

// image_files = sorted(glob.glob('*.png'))
const imageFiles = readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.png')).sort().map((f) => join(folder, f));
if (imageFiles.length === 0) {
  console.error(`otsu-folder: no .png files in ${folder}`);
  process.exit(1);
}
console.log(`Thresholding ${imageFiles.length} PNG files in ${folder}\n`);

// Start the workers and load the op module into them (once per process; not timed below).
let t = performance.now();
await defaultPool().warmup([otsu.thresholdOrReason]);
const startMs = performance.now() - t;

// The plain loop: thresholds = [load_and_threshold(fn) for fn in image_files]
t = performance.now();
const serial = imageFiles.map((fn) => otsu.thresholdOrReason(fn));
const serialMs = performance.now() - t;

// threshold_tasks = [delayed(load_and_threshold)(fn) for fn in image_files]; compute(threshold_tasks)
t = performance.now();
const thresholdTasks = imageFiles.map((fn) => delayed(otsu.thresholdOrReason)(fn));
const thresholds = await compute(thresholdTasks);
const duskMs = performance.now() - t;

const shown = (v: number | string) => (typeof v === 'number' ? v.toFixed(6) : `skipped: ${v}`);
printTable(imageFiles.map((fn, i) => ({ file: basename(fn), 'Otsu threshold': shown(thresholds[i]!) })));
console.log();
printTable([{
  files: imageFiles.length, 'serial loop (s)': seconds(serialMs), 'dusk compute (s)': seconds(duskMs),
  speedup: `${(serialMs / duskMs).toFixed(2)} x`,
}]);
console.log(`\n(Starting the workers took ${seconds(startMs)} s, once per process, not counted above. As the guide says,`);
console.log(' thresholding is quick per image: scheduling and reading files weigh as much as the work.)');
const agree = serial.every((v, i) => v === thresholds[i]);
console.log(`Serial and dusk thresholds identical: ${agree ? 'yes' : 'NO'}`);
if (!agree) process.exitCode = 1;
