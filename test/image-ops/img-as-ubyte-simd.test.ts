/**
 * `util.imgAsUbyte` on float64 images long enough for its WebAssembly SIMD kernel
 * (`util/toUint8Simd.ts`, 16 elements a step, the rest in JavaScript): the bytes are
 * `clip(rint(v · 255), 0, 255)` (half to even, NaN to 0) and the range check sees every element,
 * whichever part of the image it lies in.
 */
import { describe, expect, it } from 'vitest';
import { fromArray, util } from 'dusk-image-ops';

/** The scalar rule the kernel must reproduce, element by element. */
function expected(v: Float64Array): Uint8Array {
  return Uint8Array.from(v, (x) => {
    if (x !== x) return 0;
    const y = x * 255 + 6755399441055744 - 6755399441055744;
    return y < 0 ? 0 : y > 255 ? 255 : y;
  });
}

/** A deterministic image in [-0.1, 1] with ties, exact ends and NaNs sprinkled in. */
function image(n: number): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = ((Math.imul(i + 1, 2654435761) >>> 0) / 4294967296) * 1.1 - 0.1;
  for (let i = 0; i < n; i += 97) v[i] = ((i % 200) + 0.5) / 255; // (k + ½) / 255: ties
  for (let i = 13; i < n; i += 1009) v[i] = NaN;
  if (n > 2) { v[1] = 1; v[2] = 0; }
  return v;
}

describe('imgAsUbyte on long float64 images', () => {
  it('gives the scalar rule\'s bytes for lengths around the 16-element step and the 8192-element piece', () => {
    for (const n of [15, 16, 17, 8191, 8192, 8193, 3 * 8192 + 21]) {
      const v = image(n);
      const got = util.imgAsUbyte(fromArray(v)).data as Uint8Array;
      const want = expected(v);
      const firstBad = got.findIndex((b, i) => b !== want[i]);
      expect(firstBad, `n = ${n}`).toBe(-1);
    }
  });

  it('rounds halves to even and maps NaN to 0 inside the kernel\'s part of the image', () => {
    const v = new Float64Array(64).fill(0.25);
    v.set([0.5 / 255, 1.5 / 255, 2.5 / 255, 253.5 / 255, NaN], 8);
    expect(Array.from((util.imgAsUbyte(fromArray(v)).data as Uint8Array).subarray(8, 13))).toEqual([0, 2, 2, 254, 0]);
  });

  it('refuses a value above 1 or below -1 wherever it lies, and names the range it saw', () => {
    for (const at of [0, 5000, 8191, 8192 + 7, 20_000 - 1]) {
      for (const bad of [1.25, -1.5]) {
        const v = image(20_000);
        v[at] = bad;
        let lo = Infinity, hi = -Infinity;
        for (const x of v) { if (x < lo) lo = x; if (x > hi) hi = x; } // NaNs skipped, as the conversion does
        expect(() => util.imgAsUbyte(fromArray(v)), `${bad} at ${at}`).toThrow(`between -1 and 1 to convert to uint8, received values in [${lo}, ${hi}]`);
      }
    }
  });
});
