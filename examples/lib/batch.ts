/**
 * The batch-processing tutorial's pipeline (seed 004), written twice as the tutorial does: once
 * with plain calls (`serialBatch`) and once with `delayed` (`delayedBatch`), step for step:
 *
 *   1. load an image (`loadMyData(i, shape)`)            → `np.var` of the input
 *   2. `filters.gaussian(image, sigma=10)`               → `np.var` of the output
 *   3. `img_as_ubyte(output)` → `imageio.imwrite(f'image_{i}.bmp', ...)`
 *
 * The delayed version makes one task per step per image, exactly as a Dask user writes it (six
 * tasks per image); `compute` then runs the independent images on all cores. Shared by
 * `examples/batch-pipeline.ts` and `bench/seeds.ts`, so the benchmark measures the example.
 */
import { join } from 'node:path';
import { delayed, filters, io, util, type Delayed } from 'duskjs';
import { batch } from '../ops/batch.ts';

export interface BatchResult {
  inputVariances: number[];
  outputVariances: number[];
  /** The files written, in image order. */
  saved: string[];
}

/** `image_07.bmp`: zero-padded to the width of the largest index. */
export function imageFilename(dir: string, i: number, n: number): string {
  return join(dir, `image_${String(i).padStart(String(Math.max(n - 1, 0)).length, '0')}.bmp`);
}

/** The serial loop: plain calls, one image after another, nothing kept but the numbers. */
export function serialBatch(n: number, shape: readonly number[], dir: string): BatchResult {
  const out: BatchResult = { inputVariances: [], outputVariances: [], saved: [] };
  for (let i = 0; i < n; i++) {
    const image = batch.loadMyData(i, shape);
    out.inputVariances.push(batch.variance(image));
    const outputImage = filters.gaussian(image, { sigma: 10 });
    out.outputVariances.push(batch.variance(outputImage));
    const filename = imageFilename(dir, i, n);
    io.imwrite(filename, util.imgAsUbyte(outputImage));
    out.saved.push(filename);
  }
  return out;
}

export interface DelayedBatch {
  inputVariances: Delayed<number>[];
  outputVariances: Delayed<number>[];
  /** One `io.imwrite` task per image (each resolves to undefined once its file is written). */
  savedList: Delayed<void>[];
  /** The file each `savedList` task writes. */
  filenames: string[];
}

/** The same pipeline with `delayed`: builds the graph, runs nothing. */
export function delayedBatch(n: number, shape: readonly number[], dir: string): DelayedBatch {
  const load = delayed(batch.loadMyData);
  const variance = delayed(batch.variance, { name: 'var' });
  const gaussian = delayed(filters.gaussian);
  const imgAsUbyte = delayed(util.imgAsUbyte);
  const imwrite = delayed(io.imwrite);

  // Step 1. Load our images as delayed arrays.
  const images = Array.from({ length: n }, (_, i) => load(i, shape));
  const result: DelayedBatch = { inputVariances: [], outputVariances: [], savedList: [], filenames: [] };
  for (const image of images) {
    result.inputVariances.push(variance(image));
    // Step 2. Apply a scikit-image filter.
    const outputImage = gaussian(image, { sigma: 10 });
    // Step 3. Compute and return some important metric.
    result.outputVariances.push(variance(outputImage));
    // Step 4. Save the resulting image to disk.
    const filename = imageFilename(dir, result.filenames.length, n);
    result.filenames.push(filename);
    result.savedList.push(imwrite(filename, imgAsUbyte(outputImage)));
  }
  return result;
}
