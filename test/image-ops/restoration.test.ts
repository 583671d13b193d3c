import { describe, expect, it } from 'vitest';
import { fromArray, restoration, zeros, type NDArray } from 'dusk-image-ops';
import { randomArray } from '../helpers/index.ts';

/** Sum of absolute forward differences along both axes of a 2-D array. */
function totalVariation(a: NDArray): number {
  const [h, w] = a.shape as [number, number];
  let tv = 0;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      if (r + 1 < h) tv += Math.abs(a.get(r + 1, c) - a.get(r, c));
      if (c + 1 < w) tv += Math.abs(a.get(r, c + 1) - a.get(r, c));
    }
  }
  return tv;
}

/** Stripes of 0.2 and 0.8 (3 and 4 elements wide in C order) with uniform noise of ±0.15. */
function noisy(shape: number[], seed = 7): NDArray<'float64'> {
  const a = randomArray(shape, { seed, low: -0.15, high: 0.15 });
  for (let i = 0; i < a.size; i++) a.data[i]! += i % 7 < 3 ? 0.2 : 0.8;
  return a;
}

describe('restoration.denoiseTvChambolle', () => {
  it('lowers the total variation of a noisy image and keeps its mean', () => {
    const img = noisy([24, 28]);
    const out = restoration.denoiseTvChambolle(img, { weight: 0.2 });
    expect(out.dtype).toBe('float64');
    expect(out).toMatchShape([24, 28]);
    expect(totalVariation(out)).toBeLessThan(0.5 * totalVariation(img));
    expect(out.mean()).toBeCloseTo(img.mean(), 12);
  });

  it('keeps float32 input as float32', () => {
    const out = restoration.denoiseTvChambolle(noisy([8, 9]).astype('float32'));
    expect(out.dtype).toBe('float32');
  });

  it('takes integer images to float64 in [0, 1] first', () => {
    const u8 = fromArray([[0, 255], [255, 0]], { dtype: 'uint8' });
    const out = restoration.denoiseTvChambolle(u8, { maxNumIter: 1 });
    expect(out.dtype).toBe('float64');
    expect(out.toArray()).toEqual([[0, 1], [1, 0]]);
  });

  it('returns the image itself after a single iteration', () => {
    const img = noisy([5, 6]);
    expect(restoration.denoiseTvChambolle(img, { maxNumIter: 1 })).toEqualArray(img);
  });

  it('denoises each channel on its own with channelAxis', () => {
    const rgb = noisy([10, 12, 3]);
    const out = restoration.denoiseTvChambolle(rgb, { channelAxis: -1 });
    for (let ch = 0; ch < 3; ch++) {
      const alone = restoration.denoiseTvChambolle(rgb.view([null, null, ch]).copy());
      expect(out.view([null, null, ch])).toEqualArray(alone);
    }
    const first = restoration.denoiseTvChambolle(rgb, { channelAxis: -1 });
    const moved = restoration.denoiseTvChambolle(noisy([3, 10, 12]), { channelAxis: 0 });
    expect(first).toMatchShape([10, 12, 3]);
    expect(moved).toMatchShape([3, 10, 12]);
  });

  it('handles a 1-pixel image and an empty image', () => {
    expect(restoration.denoiseTvChambolle(fromArray([[0.3]])).toArray()).toEqual([[0.3]]);
    expect(restoration.denoiseTvChambolle(zeros([0, 4])).shape).toEqual([0, 4]);
  });

  it('rejects a non-positive weight, zero iterations and a bad channelAxis, naming the option', () => {
    const img = zeros([4, 4]);
    expect(() => restoration.denoiseTvChambolle(img, { weight: 0 })).toThrow(/denoiseTvChambolle: option 'weight'.*received 0/);
    expect(() => restoration.denoiseTvChambolle(img, { maxNumIter: 0 })).toThrow(/option 'maxNumIter'/);
    expect(() => restoration.denoiseTvChambolle(img, { channelAxis: 2 })).toThrow(/option 'channelAxis'.*received 2/);
    expect(() => restoration.denoiseTvChambolle([1, 2] as never)).toThrow(/denoiseTvChambolle: image must be an NDArray/);
  });
});
