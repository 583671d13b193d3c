/**
 * batch-pipeline.ts — "Batch processing with Dask" (the scikit-image tutorial, seed 004) in dusk.
 *
 *     npx tsx examples/batch-pipeline.ts [--n 16] [--shape 1024x1024] [--out DIR] [--workers 2]
 *
 * N mock images (seeded Gaussian noise, the tutorial's `load_my_data`) go through
 *   load → np.var → filters.gaussian(σ=10) → np.var → img_as_ubyte → imwrite(BMP)
 * twice: serially with plain calls, then with `delayed` and one `compute` of the input variances,
 * the output variances and the list of saved files. The step code is in `lib/batch.ts`; the
 * functions the workers run are in `ops/batch.ts`. It draws the graph of the first 3 images
 * (DOT and SVG), checks that both runs computed the same numbers and wrote the same files, and
 * prints the tutorial's table: N, shape, serial time, dusk time, speedup.
 *
 * Output goes to DIR (default: a new temporary directory): `serial/` and `dusk/` with the BMPs,
 * and `graph.dot` / `graph.svg`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compute, visualize } from 'duskjs';
import { delayedBatch, serialBatch } from './lib/batch.ts';
import { parseCount, parseShape, printTable, seconds } from './lib/cli.ts';

const { values: args } = parseArgs({
  options: { n: { type: 'string' }, shape: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' } },
});
const N = parseCount('n', args.n, 16);
const shape = parseShape('shape', args.shape ?? '1024x1024');
const workers = args.workers === undefined ? undefined : parseCount('workers', args.workers, 2);
const saveDirectory = args.out ?? mkdtempSync(join(tmpdir(), 'dusk-batch-'));
const [serialDir, duskDir] = [join(saveDirectory, 'serial'), join(saveDirectory, 'dusk')];
for (const d of [serialDir, duskDir]) mkdirSync(d, { recursive: true });
const what = `${N} images of ${shape.join(' x ')}`;
const computeOptions = workers === undefined ? {} : { workers };

console.log(`Batch processing ${what}: load → variance → gaussian σ=10 → variance → 8-bit BMP.`);
console.log(`Results go to ${saveDirectory}\n`);

// Serial processing: plain function calls, one image after the other (after a tiny warm-up run,
// as the workers get below, so both timings start with compiled code).
const warmDir = mkdtempSync(join(tmpdir(), 'dusk-warmup-'));
serialBatch(2, [16, 16], warmDir);
let t = performance.now();
const serial = serialBatch(N, shape, serialDir);
const serialMs = performance.now() - t;
console.log(`Serial loop:  ${seconds(serialMs)} s`);

// Start the worker threads first (they load their op modules once per process), so the timing
// below measures the work, as Dask's already-running thread pool would.
t = performance.now();
await compute(delayedBatch(2, [16, 16], warmDir).savedList, { ...computeOptions, inlineBelowUs: 0 });
rmSync(warmDir, { recursive: true, force: true });
console.log(`Worker start: ${seconds(performance.now() - t)} s (once per process, not counted below)`);

// Parallel computation with dusk: build the graph (nothing runs yet) ...
t = performance.now();
const lazy = delayedBatch(N, shape, duskDir);
const buildMs = performance.now() - t;
console.log(`Built the graph in ${buildMs.toFixed(1)} ms: ${lazy.inputVariances[0]} is a promise of work.`);

// ... draw the first 3 images' branches: every image is an independent path ...
const graphOf3 = [lazy.inputVariances.slice(0, 3), lazy.outputVariances.slice(0, 3), lazy.savedList.slice(0, 3)];
const dotPath = await visualize(graphOf3, join(saveDirectory, 'graph.dot'));
const svgPath = await visualize(graphOf3, join(saveDirectory, 'graph.svg'));
console.log(`Drew the graph of the first 3 images to ${dotPath} and ${svgPath}.`);

// ... and compute everything we want in one call.
t = performance.now();
const [inputVariances, outputVariances] = await compute(
  [lazy.inputVariances, lazy.outputVariances, lazy.savedList] as const, computeOptions,
);
const duskMs = performance.now() - t;
console.log(`dusk compute: ${seconds(duskMs)} s\n`);

// Same numbers, same files?
const diff = (a: readonly number[], b: readonly number[]) => Math.max(0, ...a.map((x, i) => Math.abs(x - b[i]!)));
const varianceDiff = Math.max(diff(serial.inputVariances, inputVariances), diff(serial.outputVariances, outputVariances));
const sameFiles = serial.saved.every((f, i) => readFileSync(f).equals(readFileSync(lazy.filenames[i]!)));
console.log(`input variance of image 0: serial ${serial.inputVariances[0]}, dusk ${inputVariances[0]}`);
console.log(`output variance of image 0: serial ${serial.outputVariances[0]}, dusk ${outputVariances[0]}`);
console.log(`largest variance difference between the runs: ${varianceDiff}`);
console.log(`BMP files identical in serial/ and dusk/: ${sameFiles ? 'yes' : 'NO'} (${N} each)\n`);

printTable([{
  N, shape: shape.join(' x '), 'Wall time serial (s)': seconds(serialMs), 'Wall time with dusk (s)': seconds(duskMs),
  Speedup: `${(serialMs / duskMs).toFixed(2)} x`,
}]);
if (varianceDiff !== 0 || !sameFiles) {
  console.error('\nThe serial and dusk runs disagree.');
  process.exitCode = 1;
}
