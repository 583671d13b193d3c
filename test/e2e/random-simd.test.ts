/**
 * The tutorial's NumPy generator (`examples/ops/random.ts`): its WebAssembly SIMD block kernels
 * (`mtSimd.ts`) must give exactly the numbers of its JavaScript loops — the same MT19937 words,
 * the same candidate pairs, the same accepted deviates, the same state afterwards — for any
 * lengths, across calls, and when the stream does not start at a block or 4-word boundary.
 */
import { describe, expect, it } from 'vitest';
import { loadMtKernels } from '../../examples/ops/mtSimd.ts';
import { RandomState } from '../../examples/ops/random.ts';

/** The first index where `a` and `b` differ in any bit (or in length), or -1: a short failure message for long arrays. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length), y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return i;
  return -1;
}

describe('the SIMD generator kernels', () => {
  it('are available on this Node (so the comparisons below exercise them)', () => {
    expect(loadMtKernels()).toBeDefined();
  });

  it('give the JavaScript loops\' deviates bit for bit over many blocks, for several seeds', () => {
    for (const seed of [0, 3, 4294967295]) {
      const js = new RandomState(seed).normalIntoJs(new Float64Array(100_003), 0.25, 3);
      const simd = new RandomState(seed).normalInto(new Float64Array(100_003), 0.25, 3);
      expect(firstDifference(simd, js)).toBe(-1);
    }
  });

  it('continue one stream across calls of any length, as one long call does, and leave the same state', () => {
    const sizes = [1, 7, 624, 1, 2, 3, 1249, 5000, 2, 311];
    const total = sizes.reduce((a, b) => a + b, 0);
    const whole = new RandomState(42);
    const expected = whole.normalIntoJs(new Float64Array(total), 0, 1);
    const parts = new RandomState(42);
    const got = new Float64Array(total);
    let at = 0;
    for (const m of sizes) {
      got.set(parts.normalInto(new Float64Array(m), 0, 1), at);
      at += m;
    }
    expect(firstDifference(got, expected)).toBe(-1);
    expect([parts.standardNormal(), parts.nextUint32(), parts.random()]).toEqual([whole.standardNormal(), whole.nextUint32(), whole.random()]);
  });

  it('stay exact when the stream was left between 4-word groups by nextUint32 or random', () => {
    for (const skip of [1, 2, 3, 5]) {
      const a = new RandomState(7), b = new RandomState(7);
      for (let k = 0; k < skip; k++) { a.nextUint32(); b.nextUint32(); }
      expect(firstDifference(b.normalInto(new Float64Array(3001), 0, 1), a.normalIntoJs(new Float64Array(3001), 0, 1))).toBe(-1);
      expect(b.nextUint32()).toBe(a.nextUint32());
    }
  });

  it('write nothing for an empty output and leave the stream where it was', () => {
    const a = new RandomState(5), b = new RandomState(5);
    expect(b.normalInto(new Float64Array(0), 0, 1)).toHaveLength(0);
    expect(b.nextUint32()).toBe(a.nextUint32());
  });
});
