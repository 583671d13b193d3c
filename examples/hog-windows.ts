/**
 * hog-windows.ts — TV-denoise + HOG over strips of a "deep field" image, from scikit-image's
 * "Parallel image processing" guide (seed 003, "Using joblib in user-defined pipelines").
 *
 *     npx tsx examples/hog-windows.ts [--shape 872x1000] [--width 32] [--out DIR]
 *
 * The guide cuts `data.hubble_deep_field()` into full-width strips of `width` rows with
 * `util.view_as_windows(hubble, (width, W, 3), step=width)` and runs its `task` (TV-denoise,
 * then HOG of the grey image, keeping the HOG image) on every strip, first in a plain loop, then
 * in parallel (joblib's `Parallel(delayed(task)(i) for i in pics)`). Here the image is synthetic
 * (`ops/hog.ts`, same default shape, no download); the loop and `compute` over one delayed
 * `task` per strip are timed, checked equal, and the HOG strips are put back together into
 * `DIR/hog.png` next to the input `DIR/deep-field.png`.
 *
 * Note: the guide uses width=10, which is shorter than one 16-pixel HOG cell, so its HOG images
 * are all zero (scikit-image returns no features); the default here is 32 rows, and
 * `--width 10` reproduces the guide exactly.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NDArray, compute, delayed, exposure, io, util, zeros } from 'duskjs';
import { parseCount, parseShape, printTable, seconds } from './lib/cli.ts';
import { hogOps } from './ops/hog.ts';

const { values: args } = parseArgs({ options: { shape: { type: 'string' }, width: { type: 'string' }, out: { type: 'string' } } });
const shape = parseShape('shape', args.shape ?? '872x1000');
if (shape.length !== 2) throw new RangeError(`--shape: expected rows x columns, received ${shape.length} dimensions`);
const width = parseCount('width', args.width, 32);
if (width > shape[0]!) throw new RangeError(`--width: ${width} rows do not fit in an image of ${shape[0]} rows`);
const out = args.out ?? mkdtempSync(join(tmpdir(), 'dusk-hog-'));
mkdirSync(out, { recursive: true });

// Prepare images: hubble = data.hubble_deep_field(); pics = util.view_as_windows(...)
const hubble = hogOps.deepField([shape[0]!, shape[1]!], 0);
const pics = util.viewAsWindows(hubble, { windowShape: [width, hubble.shape[1]!, hubble.shape[2]!], step: width });
const windows = Array.from({ length: pics.shape[0]! }, (_, i) => pics.view([i]));
io.imwrite(join(out, 'deep-field.png'), hubble);
console.log(`Synthetic deep field ${hubble.shape.join(' x ')} cut into ${windows.length} strips of ${width} rows (windows ${pics.shape.join(' x ')}).`);
console.log(`Each strip: TV-denoise (weight 0.1, per channel), then HOG (8 orientations, 16x16 cells) of its grey version.\n`);

// Two small strips to warm up on (compiled code on this thread, started workers below), so both
// timings measure the work.
const small = util.viewAsWindows(hogOps.deepField([2 * 16, 64], 1), { windowShape: [16, 64, 3], step: 16 });
hogOps.task(small.view([0]));

// classic_loop(): for image in pics: task(image)
let t = performance.now();
const serial = windows.map((image) => hogOps.task(image));
const serialMs = performance.now() - t;

// Start the worker threads (they load their op modules once per process) on the small strips,
// so that the timing below measures the work, as joblib's already-running pool would.
t = performance.now();
await compute([0, 1].map((i) => delayed(hogOps.task)(small.view([i]))), { inlineBelowUs: 0 });
const startMs = performance.now() - t;

// Parallel: one delayed task per strip, one compute.
t = performance.now();
const hogImages = await compute(windows.map((image) => delayed(hogOps.task)(image)));
const parallelMs = performance.now() - t;

const same = serial.every((a, i) => {
  const b = hogImages[i]!, va = a.values(), vb = b.values();
  return va.length === vb.length && va.every((v, k) => v === vb[k]);
});

// Put the strips back together (rows not covered by a whole strip stay 0) and save them.
const mosaic = zeros([windows.length * width, shape[1]!]);
hogImages.forEach((h, i) => mosaic.data.set(h.values(), i * width * shape[1]!));
const peak = mosaic.max();
const hogPath = join(out, 'hog.png');
io.imwrite(hogPath, util.imgAsUbyte(peak > 0 ? exposure.rescaleIntensity(mosaic) : mosaic) as NDArray);
console.log(`HOG images of all strips: ${hogPath} (${mosaic.shape.join(' x ')}; largest value ${peak.toFixed(4)})`);
if (peak === 0) console.log(`(All zero: ${width} rows hold no complete 16-pixel HOG cell, as in the guide with width=10.)`);
console.log(`Input image: ${join(out, 'deep-field.png')}\n`);

printTable([{
  strips: windows.length, 'strip shape': `${width} x ${shape[1]} x 3`, 'loop (s)': seconds(serialMs),
  'dusk (s)': seconds(parallelMs), speedup: `${(serialMs / parallelMs).toFixed(2)} x`,
}]);
console.log(`\n(Starting the worker threads took ${seconds(startMs)} s, once per process, not counted above.)`);
console.log(`Loop and dusk HOG images identical: ${same ? 'yes' : 'NO'}`);
if (!same) process.exitCode = 1;
