/**
 * vitest `setupFiles` entry (vitest.config.ts): registers the array matchers of `arrays.ts` for
 * every test file. Their types are in `vitest.d.ts`.
 */
import { expect } from 'vitest';
import { closeArrays, equalArrays, sameShape, type ArrayInput, type EqualOptions, type Tolerance } from './arrays.ts';
import type { NDArray } from 'dusk-image-ops';

expect.extend({
  toEqualArray(received: ArrayInput, expected: ArrayInput, options?: EqualOptions) {
    const r = equalArrays(received, expected, options);
    return { pass: r.pass, message: () => r.message };
  },
  toBeCloseToArray(received: ArrayInput, expected: ArrayInput, tolerance?: Tolerance) {
    const r = closeArrays(received, expected, tolerance);
    return { pass: r.pass, message: () => r.message };
  },
  toMatchShape(received: unknown, expected: NDArray | readonly number[]) {
    const r = sameShape(received, expected);
    return { pass: r.pass, message: () => r.message };
  },
});
