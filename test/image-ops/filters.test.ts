import { describe, expect, it } from 'vitest';
import { opRef } from 'dusk-graph/internal';
import { chunked, filters, fromArray, zeros, type NDArray } from 'dusk-image-ops';
import { footprintOf } from 'dusk-image-ops/testing';

function ramp(shape: number[], dtype: 'float64' | 'float32' | 'uint8' = 'float64'): NDArray {
  const a = zeros(shape, { dtype });
  for (let i = 0; i < a.size; i++) a.data[i] = dtype === 'uint8' ? (i * 37) % 256 : ((i * 37) % 101) / 100;
  return a;
}

describe('gaussian', () => {
  it('keeps float32 input as float32 and scales integer input to [0, 1] float64', () => {
    expect(filters.gaussian(ramp([6, 7], 'float32')).dtype).toBe('float32');
    const u = filters.gaussian(fromArray([[255, 255], [255, 255]], { dtype: 'uint8' }));
    expect(u.dtype).toBe('float64');
    expect(u.get(0, 0)).toBeCloseTo(1, 15);
  });

  it('keeps integer values with preserveRange', () => {
    const u = filters.gaussian(fromArray([[200, 200], [200, 200]], { dtype: 'uint8' }), { preserveRange: true });
    expect(u.get(1, 1)).toBeCloseTo(200, 12);
  });

  it('does not mix channels along channelAxis', () => {
    const a = zeros([5, 6, 3]);
    for (let i = 0; i < a.size; i += 3) a.data[i + 1] = 1; // only channel 1 is non-zero
    const g = filters.gaussian(a, { sigma: 2, channelAxis: -1 });
    expect(g.get(2, 3, 0)).toBe(0);
    expect(g.get(2, 3, 1)).toBeCloseTo(1, 12);
  });

  it('guesses RGB for (M, N, 3) images unless channelAxis is null', () => {
    const a = zeros([5, 6, 3]);
    a.set([2, 3, 1], 1);
    expect(filters.gaussian(a).get(2, 3, 0)).toBe(0);
    expect(filters.gaussian(a, { channelAxis: null }).get(2, 3, 0)).toBeGreaterThan(0);
  });

  it('takes one sigma per axis', () => {
    const a = zeros([5, 7]);
    a.set([2, 3], 1);
    const g = filters.gaussian(a, { sigma: [0, 1.5] });
    expect(g.get(1, 3)).toBe(0);
    expect(g.get(2, 2)).toBeGreaterThan(0);
  });

  it('declares a reach of floor(truncate·sigma + 0.5), 0 on the channel axis', () => {
    expect(footprintOf(filters.gaussian, { sigma: 3 }, [32, 32])).toEqual([12, 12]);
    expect(footprintOf(filters.gaussian, { sigma: [1, 2.5], truncate: 2 }, [32, 32])).toEqual([2, 5]);
    expect(footprintOf(filters.gaussian, { sigma: 2, channelAxis: -1 }, [16, 16, 16])).toEqual([8, 8, 0]);
    expect(footprintOf(filters.gaussian, undefined, [32, 32])).toEqual([4, 4]);
    expect(footprintOf(filters.gaussian, { sigma: [1, 2] }, [16, 16, 3])).toEqual([4, 8, 0]);
    // The RGB guess is made from the whole array's shape, as gaussian makes it on that array.
    expect(footprintOf(filters.gaussian, { sigma: 2 }, [16, 16, 3])).toEqual([8, 8, 0]);
    expect(footprintOf(filters.gaussian, { sigma: 2 }, [16, 16, 8])).toEqual([8, 8, 8]);
    expect(footprintOf(filters.gaussian, { sigma: 2, channelAxis: null }, [16, 16, 3])).toEqual([8, 8, 8]);
  });

  it('rejects bad options with the op and field named', () => {
    const a = ramp([4, 4]);
    expect(() => filters.gaussian(a, { sigma: -1 })).toThrow(/gaussian: option 'sigma' Too small: expected number to be >=0 \(received -1\)/);
    expect(() => filters.gaussian(a, { sigma: [1, 2, 3] })).toThrow(/gaussian: option 'sigma' must be a number or have one value per axis \(2\), received 3 values/);
    expect(() => filters.gaussian(a, { mode: 'edge' as 'wrap' })).toThrow(/gaussian: option 'mode'/);
    expect(() => filters.gaussian(a, { sigmas: 2 } as object)).toThrow(/gaussian: .*sigmas/);
    expect(() => filters.gaussian(a, { channelAxis: 2 })).toThrow(/gaussian: option 'channelAxis' must be an integer axis in \[-2, 1\], received 2/);
    expect(() => filters.gaussian([1, 2] as unknown as NDArray)).toThrow(/gaussian: image must be an NDArray, received object/);
  });
});

describe('edge filters', () => {
  it('returns the signed response along one axis and the magnitude over all axes', () => {
    const a = zeros([5, 5]);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) a.set([i, j], i); // ramp along axis 0
    expect(filters.sobelH(a).get(2, 2)).toBeCloseTo(2, 12);
    expect(filters.sobelV(a).get(2, 2)).toBe(0);
    expect(filters.sobel(a).get(2, 2)).toBeCloseTo(Math.sqrt(4 / 2), 12);
    expect(filters.sobel(a, { axis: 0 }).get(2, 2)).toBeCloseTo(2, 12);
    expect(filters.sobel(a, { axis: -2 }).get(2, 2)).toBeCloseTo(2, 12);
  });

  it('keeps float32, promotes integers to float64', () => {
    expect(filters.scharr(ramp([6, 7], 'float32')).dtype).toBe('float32');
    expect(filters.prewitt(ramp([6, 7], 'uint8')).dtype).toBe('float64');
  });

  it('zeroes the result outside the eroded mask and on the border', () => {
    const a = ramp([6, 7]);
    const mask = zeros([6, 7], { dtype: 'bool' });
    mask.data.fill(1);
    mask.set([3, 3], 0);
    const s = filters.sobel(a, { mask });
    expect(s.get(0, 3)).toBe(0);
    expect(s.get(2, 2)).toBe(0);
    expect(s.get(1, 1)).not.toBe(0);
    expect(() => filters.sobel(a, { mask: zeros([3, 3]) })).toThrow(/sobel: option 'mask' must have the image's shape \[6, 7\], received \[3, 3\]/);
  });

  it('computes the n-D magnitude as sqrt(Σ squares / ndim)', () => {
    const v = ramp([4, 5, 6]);
    const m = filters.sobel(v);
    const parts = [0, 1, 2].map((ax) => filters.sobel(v, { axis: ax }));
    const i = [2, 2, 3];
    const want = Math.sqrt(parts.reduce((s, p) => s + p.get(...i) ** 2, 0)) / Math.sqrt(3);
    expect(m.get(...i)).toBeCloseTo(want, 14);
  });

  it('requires 2-D images for the H/V variants and declares a reach of 1', () => {
    expect(() => filters.sobelH(ramp([3, 4, 5]))).toThrow(/sobelH: image must be 2-D, received shape \[3, 4, 5\]/);
    for (const f of [filters.sobel, filters.sobelH, filters.prewittV, filters.scharr]) expect(footprintOf(f, {}, [32, 32])).toEqual([1, 1]);
  });
});

describe('laplace', () => {
  it('applies the 3-wide Laplacian whatever ksize is, and rejects ksize < 3', () => {
    const a = zeros([5, 5]);
    a.set([2, 2], 1);
    expect(filters.laplace(a).get(2, 2)).toBe(4);
    expect(filters.laplace(a).get(2, 1)).toBe(-1);
    expect(filters.laplace(a, { ksize: 7 })).toEqualArray(filters.laplace(a));
    expect(() => filters.laplace(a, { ksize: 2 })).toThrow(/laplace: option 'ksize' Too small/);
    expect(footprintOf(filters.laplace, { ksize: 9 }, [16, 16, 16])).toEqual([1, 1, 1]);
  });
});

describe('median', () => {
  it('keeps the dtype and uses the full 3^ndim box by default', () => {
    const a = ramp([5, 6], 'uint8');
    const m = filters.median(a);
    expect(m.dtype).toBe('uint8');
    const box = filters.median(a, { footprint: fromArray([[1, 1, 1], [1, 1, 1], [1, 1, 1]], { dtype: 'bool' }) });
    expect(m).toEqualArray(box);
  });

  it('validates the footprint and declares half its extent as reach', () => {
    const a = ramp([5, 6]);
    expect(() => filters.median(a, { footprint: zeros([3]) })).toThrow(/median: option 'footprint' must have the image's 2 axes/);
    expect(() => filters.median(a, { footprint: zeros([3, 3]) })).toThrow(/median: option 'footprint' has no true element/);
    expect(() => filters.median(a, { behavior: 'rank' as 'ndimage' })).toThrow(/median: option 'behavior'/);
    expect(footprintOf(filters.median, { footprint: zeros([5, 3]) }, [32, 32])).toEqual([2, 1]);
    expect(footprintOf(filters.median, {}, [16, 16, 16])).toEqual([1, 1, 1]);
  });
});

describe('thresholdOtsu', () => {
  it('returns the value of a constant image', () => {
    expect(filters.thresholdOtsu(fromArray([[3, 3], [3, 3]], { dtype: 'uint8' }))).toBe(3);
  });

  it('separates two clusters', () => {
    const a = fromArray([0.1, 0.12, 0.11, 0.9, 0.88, 0.91]);
    const t = filters.thresholdOtsu(a);
    expect(t).toBeGreaterThan(0.12);
    expect(t).toBeLessThan(0.88);
  });

  it('uses one bin per value for integer images (nbins ignored) and nbins bins for floats', () => {
    const u = fromArray([10, 11, 12, 200, 201, 202], { dtype: 'uint8' });
    expect(filters.thresholdOtsu(u, { nbins: 2 })).toBe(12);
    expect(filters.thresholdOtsu(fromArray([0, 0.2, 0.8, 1]), { nbins: 2 })).toBe(0.25);
  });

  it('accepts a histogram instead of the image', () => {
    expect(filters.thresholdOtsu(null, { hist: [0, 5, 5, 0, 0, 7, 7, 0] })).toBe(2);
    expect(filters.thresholdOtsu(null, { hist: [[5, 5, 7, 7], [10, 20, 30, 40]] })).toBe(20);
    expect(() => filters.thresholdOtsu(null)).toThrow(/either image or hist must be provided/);
  });

  it('rejects empty images and bad nbins', () => {
    expect(() => filters.thresholdOtsu(zeros([0]))).toThrow(/thresholdOtsu: image must not be empty/);
    expect(() => filters.thresholdOtsu(ramp([3, 3]), { nbins: 0 })).toThrow(/thresholdOtsu: option 'nbins' Too small/);
  });
});

describe('thresholdLocal', () => {
  it('casts integers to float64 without rescaling and subtracts the offset', () => {
    const u = fromArray([[100, 100, 100], [100, 100, 100]], { dtype: 'uint8' });
    const t = filters.thresholdLocal(u, { blockSize: 3, method: 'mean', offset: 10 });
    expect(t.dtype).toBe('float64');
    expect(t.get(1, 1)).toBeCloseTo(90, 12);
  });

  it('runs a generic function over the block', () => {
    const a = ramp([6, 7]);
    const mean = filters.thresholdLocal(a, { blockSize: 3, method: 'mean' });
    const gen = filters.thresholdLocal(a, { blockSize: 3, method: 'generic', param: (v) => v.reduce((s, x) => s + x, 0) / v.length });
    for (let i = 0; i < a.size; i++) expect(gen.data[i]).toBeCloseTo(mean.data[i]!, 12);
    expect(() => filters.thresholdLocal(a, { method: 'generic' })).toThrow(/option 'param' must be a function/);
  });

  it('requires odd block sizes and declares the reach of its method', () => {
    const a = ramp([6, 7]);
    expect(() => filters.thresholdLocal(a, { blockSize: 4 })).toThrow(/thresholdLocal: option 'blockSize'/);
    expect(() => filters.thresholdLocal(a, { blockSize: [3, 5, 7] })).toThrow(/one value per axis \(2\), received 3 values/);
    expect(() => filters.thresholdLocal(a, { method: 'max' as 'mean' })).toThrow(/thresholdLocal: option 'method'/);
    expect(footprintOf(filters.thresholdLocal, { blockSize: 11 }, [32, 32])).toEqual([7, 7]);
    expect(footprintOf(filters.thresholdLocal, { blockSize: [3, 9], method: 'median' }, [32, 32])).toEqual([1, 4]);
  });
});

describe('unsharpMask', () => {
  it('adds back amount times the detail the blur removed, clipped to [0, 1] for non-negative images', () => {
    const x = fromArray([[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 200, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], { dtype: 'uint8' });
    const y = filters.unsharpMask(x, { radius: 1, amount: 2 });
    expect(y.dtype).toBe('float64');
    expect(y.get(2, 2)).toBe(1); // f + 2·(f - blurred) > 1: clipped
    expect(y.get(2, 1)).toBe(0); // next to the peak the detail is negative: clipped at 0
    const kept = filters.unsharpMask(x, { radius: 1, amount: 2, preserveRange: true });
    expect(kept.get(2, 2)).toBeGreaterThan(200);
    expect(kept.get(2, 1)).toBeLessThan(0);
  });

  it('keeps float32 as float32 and clips to [-1, 1] when a pixel is negative', () => {
    const x = ramp([8, 9], 'float32');
    x.data[0] = -0.5;
    const y = filters.unsharpMask(x, { amount: 5 });
    expect(y.dtype).toBe('float32');
    expect(Math.min(...y.values())).toBe(-1);
    expect(Math.max(...y.values())).toBe(1);
  });

  it('sharpens each channel on its own along channelAxis', () => {
    const rgb = ramp([6, 7, 3]);
    const y = filters.unsharpMask(rgb, { channelAxis: 2 });
    const green = fromArray(Array.from({ length: 6 }, (_, i) => Array.from({ length: 7 }, (_, j) => rgb.get(i, j, 1))));
    const alone = filters.unsharpMask(green);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 7; j++) expect(y.get(i, j, 1)).toBe(alone.get(i, j));
  });

  it('over chunks with preserveRange matches the whole image, and refuses depth auto without it', async () => {
    const x = ramp([40, 36]);
    const c = chunked(x, { chunks: 16 });
    const y = await c.mapOverlap(filters.unsharpMask, { depth: 'auto', boundary: 'reflect', radius: 2, preserveRange: true }).compute();
    const whole = filters.unsharpMask(x, { radius: 2, preserveRange: true });
    expect(Math.max(...y.values().map((v, i) => Math.abs(v - whole.values()[i]!)))).toBeLessThan(1e-12);
    expect(footprintOf(filters.unsharpMask, { radius: [1, 2], preserveRange: true }, [40, 36])).toEqual([4, 8]);
    expect(() => c.mapOverlap(filters.unsharpMask, { depth: 'auto', radius: 2 })).toThrow(/whole image is negative/);
  });

  it('rejects bad options with the op and field named', () => {
    expect(() => filters.unsharpMask(ramp([4, 4]), { radius: -1 })).toThrow(/unsharpMask: option 'radius'/);
    expect(() => filters.unsharpMask(ramp([4, 4]), { channelAxis: 2 })).toThrow(/unsharpMask: option 'channelAxis' must be an integer axis in \[-2, 1\], received 2/);
    expect(() => filters.unsharpMask(ramp([4, 4]), { amout: 1 } as never)).toThrow(/amout/);
  });
});

describe('op registration', () => {
  it('registers every filters op for worker threads', () => {
    const names = ['gaussian', 'sobel', 'sobelH', 'sobelV', 'prewitt', 'prewittH', 'prewittV', 'scharr', 'scharrH', 'scharrV',
      'laplace', 'median', 'thresholdOtsu', 'thresholdLocal', 'unsharpMask'] as const;
    for (const n of names) expect(opRef(filters[n])?.name).toBe(n);
  });
});
