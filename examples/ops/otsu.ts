/**
 * Worker ops of the Otsu-thresholds example (seed 003, "Batch processing with joblib/dask").
 *
 * - `loadAndThreshold(imageFn)`: the guide's function — read an image file, convert it to grey
 *   and return its Otsu threshold (`filters.threshold_otsu(color.rgb2gray(io.imread(fn)))`);
 *   `thresholdOrReason(imageFn)` returns the reason instead of throwing for a file it cannot use.
 * - `makeDemoImage(path, index, shape)`: writes a synthetic RGB PNG to threshold — bright,
 *   tinted discs ("cells") on a darker noisy background, with a different background level,
 *   tint and layout per `index` so every image has its own threshold. Deterministic per index.
 *
 * Registered with `defineOps`, so `delayed(otsu.loadAndThreshold)(fn)` runs on worker threads.
 */
import { defineOps } from 'dusk-graph';
import { NDArray, allocate, color, filters, io } from 'dusk-image-ops';
import { RandomState } from './random.ts';

/** Otsu threshold of the grey version of the image in `imageFn` (grey images are used as they are). */
function loadAndThreshold(imageFn: string): number {
  const image = io.imread(imageFn);
  return filters.thresholdOtsu(image.ndim === 2 ? image : color.rgb2gray(image));
}

/**
 * `loadAndThreshold`, or — for a file it cannot threshold (an RGBA or unreadable PNG in a real
 * folder) — the reason in words, so one odd file does not stop the whole folder.
 */
function thresholdOrReason(imageFn: string): number | string {
  try {
    return loadAndThreshold(imageFn);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Write a synthetic RGB (H, W, 3) uint8 PNG to `path`; returns `path`. */
function makeDemoImage(path: string, index: number, shape: readonly [number, number]): string {
  const [h, w] = shape;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new RangeError(`makeDemoImage: 'shape' must be two positive integers, received ${JSON.stringify(shape)}`);
  }
  const rng = new RandomState(index);
  const background = 30 + 50 * rng.random();
  const tint = [0.6 + 0.4 * rng.random(), 0.6 + 0.4 * rng.random(), 0.6 + 0.4 * rng.random()];
  const discs = Array.from({ length: 3 + Math.floor(6 * rng.random()) }, () => ({
    y: h * rng.random(), x: w * rng.random(), r: Math.max(2, Math.min(h, w) * (0.05 + 0.12 * rng.random())),
    level: 150 + 90 * rng.random(),
  }));
  const data = allocate('uint8', h * w * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = background;
      for (const d of discs) if ((y - d.y) ** 2 + (x - d.x) ** 2 <= d.r * d.r) v = Math.max(v, d.level);
      v += 12 * rng.standardNormal();
      for (let c = 0; c < 3; c++) {
        const p = Math.round(v * tint[c]!);
        data[(y * w + x) * 3 + c] = p < 0 ? 0 : p > 255 ? 255 : p;
      }
    }
  }
  io.imwrite(path, new NDArray(data, [h, w, 3], { dtype: 'uint8' }));
  return path;
}

/** The ops, by name: `delayed(otsu.loadAndThreshold)(fn)` runs on a worker. */
export const otsu = defineOps(import.meta.url, { loadAndThreshold, thresholdOrReason, makeDemoImage });
