/**
 * Types of the array matchers that `setup.ts` registers (vitest's documented way: merge them into
 * its `Matchers` interface, which `Assertion` extends).
 */
import 'vitest';
import type { NDArray } from 'dusk-image-ops';
import type { ArrayInput, EqualOptions, Tolerance } from './arrays.ts';

interface ArrayMatchers<R = unknown> {
  /** Every element equal (NaN equals NaN); shapes equal when both sides are NDArrays. */
  toEqualArray(expected: ArrayInput, options?: EqualOptions): R;
  /** Every element within `atol + rtol·|expected|` (numpy.allclose); exact by default. */
  toBeCloseToArray(expected: ArrayInput, tolerance?: Tolerance): R;
  /** An NDArray of exactly this shape (or that NDArray's shape). */
  toMatchShape(expected: NDArray | readonly number[]): R;
}

declare module 'vitest' {
  interface Matchers<T = any> extends ArrayMatchers<T> {}
}
