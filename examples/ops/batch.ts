/**
 * Workload functions of the batch-processing tutorial (seed 004), as worker ops.
 *
 * - `loadMyData(index, shape, maxIndex = 255)`: the tutorial's mock loader — Gaussian noise
 *   centred on `((index + 1) % maxIndex) / maxIndex` with standard deviation `20 / maxIndex`,
 *   clipped to [0, 1], float64. It uses NumPy's own generator (`RandomState(index)`, ported in
 *   `random.ts`), so image `i` here has the pixels of image `i` in the Python tutorial (a few
 *   differ by one ulp, see random.ts).
 * - `variance(image)`: `np.var` (population variance, NumPy's pairwise summation).
 *
 * They live in their own module, registered with `defineOps`, so that `delayed(loadMyData)` runs
 * on worker threads (a worker imports this module, never the example script).
 */
import { defineOps } from 'dusk-graph';
import { NDArray, allocate } from 'dusk-image-ops';
import { RandomState } from './random.ts';

function checkShape(shape: unknown): readonly number[] {
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new TypeError(`loadMyData: 'shape' must be a non-empty list of positive integers, received ${JSON.stringify(shape)}`);
  }
  return shape as readonly number[];
}

/** A mock image: seeded Gaussian noise around `((index+1) % maxIndex) / maxIndex`, clipped to [0, 1]. */
function loadMyData(index: number, shape: readonly number[], maxIndex = 255): NDArray<'float64'> {
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`loadMyData: 'index' must be a non-negative integer, received ${index}`);
  }
  if (!(maxIndex > 0)) throw new RangeError(`loadMyData: 'maxIndex' must be positive, received ${maxIndex}`);
  const dims = checkShape(shape);
  const n = dims.reduce((a, b) => a * b, 1);
  const data = allocate('float64', n, { zeroed: false }); // every element is written below: no clearing
  // np.clip(RandomState(index).normal(loc, scale, shape), 0, 1), the clip in the generator's pass
  new RandomState(index).normalInto(data, ((index + 1) % maxIndex) / maxIndex, 20 / maxIndex, 0, 1);
  return new NDArray(data, dims, { dtype: 'float64' });
}

/** `np.var(image)`: the population variance of all pixels. */
function variance(image: NDArray): number {
  if (!(image instanceof NDArray)) throw new TypeError(`variance: expected an NDArray, received ${typeof image}`);
  return image.variance();
}

/** The ops, by name: `delayed(batch.loadMyData)(i, shape)` runs on a worker. */
// Neither keeps a reference to its input or output, so the scheduler may reuse their buffers once dead.
export const batch = defineOps(import.meta.url, { loadMyData, variance }, { loadMyData: { retains: false }, variance: { retains: false } });
