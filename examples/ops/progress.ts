/**
 * Worker ops for examples/progress.ts: a synthetic image loader and a small measurement.
 *
 * - `synthImage(index, size)`: a `size`² float64 image of a few soft blobs whose positions and
 *   brightness depend on `index` (deterministic), plus a fine checkerboard texture for the
 *   gaussian to remove — something image-like to smooth, allocated on a SharedArrayBuffer.
 * - `stats(image)`: `{ mean, max }` of an image.
 */
import { defineOps } from 'dusk-graph';
import { NDArray, allocate } from 'dusk-image-ops';

function synthImage(index: number, size: number): NDArray<'float64'> {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`synthImage: 'index' must be a non-negative integer, received ${index}`);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`synthImage: 'size' must be a positive integer, received ${size}`);
  const data = allocate('float64', size * size);
  const blobs = 3 + (index % 4);
  for (let b = 0; b < blobs; b++) {
    const cx = ((index * 37 + b * 101) % size) + 0.5, cy = ((index * 53 + b * 67) % size) + 0.5;
    const r2 = (size / 10) ** 2, amp = 0.3 + 0.1 * ((index + b) % 5);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d2 = (x - cx) ** 2 + (y - cy) ** 2;
        if (d2 < 9 * r2) data[y * size + x]! += amp * Math.exp(-d2 / (2 * r2));
      }
    }
  }
  for (let i = 0; i < data.length; i++) data[i]! += ((i + Math.floor(i / size)) & 1) * 0.05;
  return new NDArray(data, [size, size], { dtype: 'float64' });
}

function stats(image: NDArray): { mean: number; max: number } {
  return { mean: image.mean(), max: image.max() };
}

export const progressOps = defineOps(import.meta.url, { synthImage, stats });
