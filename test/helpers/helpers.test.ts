/**
 * The test helpers themselves: the array matchers fail where they must, with a message that
 * finds the element, and the random data is reproducible and in range.
 */
import { describe, expect, it } from 'vitest';
import { fromArray, zeros } from 'dusk-image-ops';
import { maxAbsDiff, noise, randomArray, seededRandom } from './index.ts';

const fails = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the assertion passed');
};

describe('array matchers', () => {
  it('toEqualArray compares NDArrays, typed arrays and lists element by element, NaN equal to NaN', () => {
    expect(fromArray([1, NaN, 3])).toEqualArray([1, NaN, 3]);
    expect(Float32Array.of(0.5, 2)).toEqualArray(fromArray([0.5, 2]));
    expect(fromArray([0, 1])).toEqualArray([-0, 1]);
    expect(fromArray([1, 2])).not.toEqualArray([1, 3]);
  });

  it('toEqualArray names the worst element by its index in the shape', () => {
    const a = zeros([2, 3]), b = zeros([2, 3]);
    b.data[4] = 0.25;
    b.data[5] = 2;
    expect(fails(() => expect(a).toEqualArray(b))).toBe(
      'expected an array equal to the expected one: 2 of 6 elements differ; the worst at [1, 2]: received 0, expected 2 (|a - b| = 2)',
    );
  });

  it('toEqualArray with signedZeros tells -0 from +0', () => {
    expect(fromArray([-0])).not.toEqualArray([0], { signedZeros: true });
    expect(fromArray([-0])).toEqualArray([-0], { signedZeros: true });
  });

  it('NDArrays of different shapes never compare equal, even with the same elements', () => {
    expect(fails(() => expect(zeros([2, 3])).toEqualArray(zeros([3, 2])))).toBe(
      'expected an array equal to the expected one, received shape [2, 3], expected [3, 2]',
    );
    expect(zeros([4])).not.toEqualArray([0, 0, 0]);
  });

  it('toBeCloseToArray applies atol + rtol·|expected| as numpy.allclose does, and is exact by default', () => {
    expect(fromArray([1, 100])).toBeCloseToArray([1 + 1e-9, 100.5], { atol: 1e-8, rtol: 0.01 });
    expect(fromArray([1, 100])).not.toBeCloseToArray([1, 100.5], { atol: 0.4 });
    expect(fromArray([1])).not.toBeCloseToArray([1 + 1e-15]);
    expect(fromArray([NaN])).not.toBeCloseToArray([0], { atol: 1 });
    expect(fails(() => expect(fromArray([1, 2])).toBeCloseToArray([1, 2.5], { atol: 0.1 }))).toMatch(
      /^expected an array close to the expected one \(atol 0.1, rtol 0\): 1 of 2 elements differ; the worst at \[1\]: received 2, expected 2.5/,
    );
  });

  it('toMatchShape compares the shape with a list or another NDArray', () => {
    expect(zeros([2, 3])).toMatchShape([2, 3]);
    expect(zeros([2, 3])).toMatchShape(zeros([2, 3]));
    expect(zeros([2, 3])).not.toMatchShape([3, 2]);
    expect(zeros([6])).not.toMatchShape([6, 1]);
    expect(fails(() => expect([1, 2]).toMatchShape([2]))).toBe('expected an NDArray of shape [2], received object');
  });

  it('maxAbsDiff is the largest difference and refuses arrays of different shapes', () => {
    expect(maxAbsDiff(fromArray([1, 2, 3]), [1, 2.5, 2])).toBe(1);
    expect(maxAbsDiff([NaN], [NaN])).toBe(0);
    expect(maxAbsDiff([NaN], [1])).toBeNaN();
    expect(() => maxAbsDiff(zeros([2, 2]), zeros([4]))).toThrow('maxAbsDiff: the arrays differ in layout: shape [2, 2], expected [4]');
  });
});

describe('random data', () => {
  it('seededRandom repeats its sequence for a seed and differs between seeds', () => {
    const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take(3)).toEqual(take(3));
    expect(take(3)).not.toEqual(take(4));
    for (const v of take(9)) expect(v >= 0 && v < 1).toBe(true);
  });

  it('randomArray fills floats in [low, high) and integers over the dtype range by default', () => {
    const f = randomArray([50, 40], { low: -3, high: 3, seed: 2 });
    expect(f.dtype).toBe('float64');
    expect(f.min()).toBeGreaterThanOrEqual(-3);
    expect(f.max()).toBeLessThan(3);
    const u8 = randomArray([4000], { dtype: 'uint8' });
    expect(u8.min()).toBe(0);
    expect(randomArray([4000], { dtype: 'int16' }).min()).toBeLessThan(-30000);
    expect(u8.max()).toBe(255);
    const b = randomArray([100], { dtype: 'bool' });
    expect(new Set(b.values())).toEqual(new Set([0, 1]));
    expect(randomArray([7], { dtype: 'int16', seed: 5 })).toEqualArray(randomArray([7], { dtype: 'int16', seed: 5 }));
  });

  it('noise is float64 randomArray data in [0, 1)', () => {
    expect(noise([3, 4], 8)).toEqualArray(randomArray([3, 4], { seed: 8 }));
    expect(noise([3, 4], 8)).not.toEqualArray(noise([3, 4], 9));
  });
});
