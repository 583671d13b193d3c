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

  it('keep exactly the candidates inside the unit disc, and their deviates carry Math.log\'s bits', () => {
    const k = loadMtKernels()!;
    const src = new RandomState(1);
    [k.params[0], k.params[1]] = [0.3, 1.7];
    for (let round = 0; round < 200; round++) {
      const kept: number[] = [];
      for (let c = 0; c < 156; c++) {
        // mostly uniform r² in (0, 2), with rejections, exact 0, and values near 1 and near 0
        const u = src.random();
        const r2 = c % 37 === 5 ? 0 : c % 41 === 7 ? 1 - u * 2 ** -40 : c % 43 === 9 ? u * 2 ** -60 : 2 * u;
        k.cand[2 * c] = src.random() - 0.5;
        k.cand[2 * c + 1] = src.random() - 0.5;
        k.r2[c] = r2;
        if (r2 > 0 && r2 < 1) kept.push(c);
      }
      k.accept(0);
      expect(k.count[0]).toBe(kept.length);
      expect(Array.from(k.idx.subarray(0, kept.length))).toEqual(kept);
      if (k.count[1] !== 0) continue; // a small-f input: the caller redoes the block with Math.log
      const want = new Float64Array(2 * kept.length);
      kept.forEach((c, j) => {
        const f = Math.sqrt((-2 * Math.log(k.r2[c]!)) / k.r2[c]!);
        want[2 * j] = 0.3 + 1.7 * (f * k.cand[2 * c + 1]!);
        want[2 * j + 1] = 0.3 + 1.7 * (f * k.cand[2 * c]!);
      });
      expect(firstDifference(k.out.slice(0, want.length), want)).toBe(-1);
    }
  });

  it('flag a block whose logarithm needs fdlibm\'s small-f formula (r² a power of two, or just above one)', () => {
    const k = loadMtKernels()!;
    for (const r2 of [0.5, 0.25, 0.5 * (1 + 2 ** -40), 2 ** -30]) {
      k.r2.fill(2);
      k.r2[3] = r2;
      k.accept(0);
      expect([k.count[0], k.count[1]]).toEqual([1, 1]);
    }
    k.r2.fill(2);
    k.r2[3] = 0.75;
    k.accept(0);
    expect([k.count[0], k.count[1]]).toEqual([1, 0]);
  });

  it('clip to [lo, hi] in the same pass as np.clip does afterwards, the cached second deviate included', () => {
    const simd = new RandomState(4), js = new RandomState(4);
    for (const m of [1, 5000, 3, 2, 40_001]) {
      const want = js.normalIntoJs(new Float64Array(m), 0.02, 0.3).map((v) => (v < 0 ? 0 : v > 0.5 ? 0.5 : v));
      const got = simd.normalInto(new Float64Array(m), 0.02, 0.3, 0, 0.5);
      expect(firstDifference(got, want)).toBe(-1);
    }
    const clipped = new RandomState(4).normalIntoJs(new Float64Array(999), 0.02, 0.3, 0, 0.5);
    expect(Math.min(...clipped)).toBe(0);
    expect(Math.max(...clipped)).toBe(0.5);
  });

  it('refuse clip bounds that are out of order or not numbers, naming both', () => {
    const r = new RandomState(1);
    expect(() => r.normalInto(new Float64Array(4), 0, 1, 1, 0)).toThrow('clip bounds must be numbers with lo <= hi, received lo 1, hi 0');
    expect(() => r.normalInto(new Float64Array(4), 0, 1, NaN, 1)).toThrow('received lo NaN, hi 1');
    expect(() => r.normalIntoJs(new Float64Array(4), 0, 1, 0, NaN)).toThrow('received lo 0, hi NaN');
  });

  it('write nothing for an empty output and leave the stream where it was', () => {
    const a = new RandomState(5), b = new RandomState(5);
    expect(b.normalInto(new Float64Array(0), 0, 1)).toHaveLength(0);
    expect(b.nextUint32()).toBe(a.nextUint32());
  });
});
