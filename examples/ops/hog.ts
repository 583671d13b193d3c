/**
 * Worker ops of the TV-denoise + HOG example (seed 003, "Using joblib in user-defined pipelines").
 *
 * - `deepField(shape, seed)`: a synthetic stand-in for `skimage.data.hubble_deep_field()` — an
 *   (H, W, 3) uint8 image of faint, tinted elliptical galaxies and point-like stars on a dark,
 *   noisy sky. Deterministic per seed.
 * - `task(image)`: the guide's `task` — for one window of `util.viewAsWindows` (shape
 *   (1, 1, rows, W, 3)), TV-denoise `image[0][0]` per channel (weight 0.1) and return the HOG
 *   visualization of its grey version (8 orientations, 16×16-pixel cells, 1×1-cell blocks).
 *
 * Registered with `defineOps`, so `delayed(hogOps.task)(window)` runs on worker threads; the
 * window is a view into the shared image, so nothing is copied to send it.
 */
import { defineOps } from 'dusk-graph';
import { NDArray, allocate, color, feature, restoration } from 'dusk-image-ops';
import { RandomState } from './random.ts';

/** A synthetic (H, W, 3) uint8 "deep field". */
function deepField(shape: readonly [number, number], seed = 0): NDArray<'uint8'> {
  const [h, w] = shape;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new RangeError(`deepField: 'shape' must be two positive integers, received ${JSON.stringify(shape)}`);
  }
  const rng = new RandomState(seed);
  const sky = new Float64Array(h * w * 3);
  rng.normalInto(sky, 8, 3);
  const objects = Math.max(1, Math.round((h * w) / 2500));
  for (let k = 0; k < objects; k++) {
    const star = rng.random() < 0.3;
    const cy = h * rng.random(), cx = w * rng.random();
    const sy = star ? 0.8 + rng.random() : 2 + 10 * rng.random() ** 2;
    const sx = star ? sy : sy * (0.4 + 0.6 * rng.random());
    const angle = Math.PI * rng.random(), cos = Math.cos(angle), sin = Math.sin(angle);
    const peak = star ? 120 + 135 * rng.random() : 25 + 90 * rng.random();
    const tint = [0.7 + 0.3 * rng.random(), 0.6 + 0.3 * rng.random(), 0.5 + 0.5 * rng.random()];
    const reach = Math.ceil(4 * Math.max(sy, sx));
    for (let y = Math.max(0, Math.floor(cy - reach)); y < Math.min(h, cy + reach); y++) {
      for (let x = Math.max(0, Math.floor(cx - reach)); x < Math.min(w, cx + reach); x++) {
        const u = ((y - cy) * cos + (x - cx) * sin) / sy, v = (-(y - cy) * sin + (x - cx) * cos) / sx;
        const f = peak * Math.exp(-0.5 * (u * u + v * v));
        for (let c = 0; c < 3; c++) sky[(y * w + x) * 3 + c]! += f * tint[c]!;
      }
    }
  }
  const data = allocate('uint8', h * w * 3);
  for (let i = 0; i < data.length; i++) {
    const p = Math.round(sky[i]!);
    data[i] = p < 0 ? 0 : p > 255 ? 255 : p;
  }
  return new NDArray(data, [h, w, 3], { dtype: 'uint8' });
}

/** TV-denoise one window, then return the HOG image of its grey version. */
function task(image: NDArray): NDArray {
  if (!(image instanceof NDArray) || image.ndim !== 5) {
    throw new TypeError(`task: expected one window of viewAsWindows, shape (1, 1, rows, cols, 3), received ${image instanceof NDArray ? `shape [${image.shape.join(', ')}]` : typeof image}`);
  }
  const denoised = restoration.denoiseTvChambolle(image.view([0, 0]), { weight: 0.1, channelAxis: -1 });
  const [, hogImage] = feature.hog(color.rgb2gray(denoised), {
    orientations: 8, pixelsPerCell: [16, 16], cellsPerBlock: [1, 1], visualize: true,
  });
  return hogImage;
}

/** The ops, by name: `delayed(hogOps.task)(window)` runs on a worker. */
export const hogOps = defineOps(import.meta.url, { deepField, task });
