/**
 * Small array helpers shared by the image-ops tests: deterministic noise and the largest
 * element-wise difference of two arrays (which must have the same shape).
 */
import { expect } from 'vitest';
import { zeros, type NDArray } from 'dusk-image-ops';

/** A float64 array of `shape` filled by a linear congruential generator from `seed`. */
export function noise(shape: number[], seed = 1): NDArray {
  const a = zeros(shape);
  let s = seed;
  for (let i = 0; i < a.size; i++) a.data[i] = (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return a;
}

/** max |a - b| over all elements; fails the test when the shapes differ. */
export function maxAbsDiff(a: NDArray, b: NDArray): number {
  expect(a.shape).toEqual(b.shape);
  const av = a.values(), bv = b.values();
  let m = 0;
  for (let i = 0; i < av.length; i++) m = Math.max(m, Math.abs(av[i]! - bv[i]!));
  return m;
}
