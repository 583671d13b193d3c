import { describe, expect, it } from 'vitest';
import { opRef } from 'dusk-graph/internal';
import { feature, fromArray, zeros, type NDArray } from 'dusk-image-ops';
import { footprintOf } from 'dusk-image-ops/testing';

function ramp(h: number, w: number): NDArray<'float64'> {
  const a = zeros([h, w]);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) a.set([r, c], Math.sin(r * 0.7) + Math.cos(c * 0.45) + 0.01 * r * c);
  return a;
}

function square(h: number, w: number): NDArray<'float64'> {
  const a = zeros([h, w]);
  for (let r = 8; r < h - 8; r++) for (let c = 8; c < w - 8; c++) a.set([r, c], 1);
  return a;
}

describe('feature.hog', () => {
  it('returns nBlocksRow·nBlocksCol·bRow·bCol·orientations features', () => {
    const f = feature.hog(ramp(40, 48), { pixelsPerCell: [8, 8], cellsPerBlock: [2, 2] });
    expect(f.dtype).toBe('float64');
    expect(f).toMatchShape([4 * 5 * 2 * 2 * 9]);
    const blocks = feature.hog(ramp(40, 48), { pixelsPerCell: [8, 8], cellsPerBlock: [2, 2], featureVector: false });
    expect(blocks).toMatchShape([4, 5, 2, 2, 9]);
    expect(blocks.values()).toEqualArray(f); // the same numbers, as a flat vector
  });

  it('caps L2-Hys normalized values near 0.2 before renormalizing', () => {
    const f = feature.hog(ramp(32, 32), { pixelsPerCell: [8, 8], cellsPerBlock: [1, 1] });
    const v = Array.from(f.values());
    for (let b = 0; b < v.length; b += 9) {
      const block = v.slice(b, b + 9);
      expect(Math.hypot(...block)).toBeCloseTo(1, 6);
    }
  });

  it('returns [features, hogImage] with visualize, the image shaped like the input', () => {
    const [f, img] = feature.hog(ramp(32, 40), { pixelsPerCell: [16, 16], cellsPerBlock: [1, 1], visualize: true });
    expect(f).toMatchShape([2 * 2 * 9]);
    expect(img).toMatchShape([32, 40]);
    expect(img.max()).toBeGreaterThan(0);
  });

  it('keeps float32 input as float32 and uses the strongest channel of colour images', () => {
    expect(feature.hog(ramp(24, 24).astype('float32'), { cellsPerBlock: [1, 1] }).dtype).toBe('float32');
    const grey = ramp(24, 24);
    const rgb = zeros([24, 24, 3]);
    for (let i = 0; i < grey.size; i++) rgb.data[i * 3 + 1] = grey.data[i]!;
    const a = feature.hog(grey, { cellsPerBlock: [1, 1] }), b = feature.hog(rgb, { cellsPerBlock: [1, 1], channelAxis: -1 });
    expect(b).toEqualArray(a);
  });

  it('rejects 3-D images without channelAxis, images smaller than a block and bad options', () => {
    expect(() => feature.hog(zeros([8, 8, 3]))).toThrow(/hog: image must have two spatial dimensions.*\[8, 8, 3\]/);
    expect(() => feature.hog(zeros([10, 10]))).toThrow(/hog: image of shape \[10, 10\] holds 1×1 cells/);
    expect(() => feature.hog(zeros([16, 16]), { blockNorm: 'L3' as never })).toThrow(/hog: option 'blockNorm'/);
    expect(() => feature.hog(zeros([16, 16]), { pixelsPerCell: [0, 8] })).toThrow(/hog: option 'pixelsPerCell.0'/);
    expect(() => feature.hog(fromArray([[-1, 0], [0, 0]]), { transformSqrt: true, pixelsPerCell: [1, 1], cellsPerBlock: [1, 1] })).toThrow(/transformSqrt needs non-negative/);
  });
});

describe('feature.canny', () => {
  it('finds the outline of a square and nothing inside it', () => {
    const edges = feature.canny(square(32, 36), { sigma: 1 });
    expect(edges.dtype).toBe('bool');
    expect(edges.get(16, 8) || edges.get(16, 7)).toBeTruthy();
    expect(edges.get(16, 18)).toBe(0);
    expect(edges.get(2, 2)).toBe(0);
  });

  it('finds no edges in a flat image', () => {
    expect(feature.canny(zeros([16, 16])).max()).toBe(0);
  });

  it('reads explicit thresholds in dtype units (uint8 / 255)', () => {
    const u8 = square(32, 32).astype('uint8');
    for (let i = 0; i < u8.size; i++) u8.data[i] = u8.data[i]! * 200;
    const asFloat = u8.astype('float64');
    for (let i = 0; i < asFloat.size; i++) asFloat.data[i] = asFloat.data[i]! / 255;
    const a = feature.canny(u8, { lowThreshold: 51, highThreshold: 102 });
    const b = feature.canny(asFloat, { lowThreshold: 0.2, highThreshold: 0.4 });
    expect(a.sum()).toBeGreaterThan(0);
    expect(a).toEqualArray(b);
    expect(feature.canny(u8, { lowThreshold: 2550, highThreshold: 2550 }).sum()).toBe(0);
  });

  it('only marks edges inside the eroded mask', () => {
    const mask = zeros([32, 36], { dtype: 'bool' });
    for (let r = 0; r < 32; r++) for (let c = 0; c < 18; c++) mask.set([r, c], 1);
    const e = feature.canny(square(32, 36), { mask });
    for (let r = 0; r < 32; r++) for (let c = 17; c < 36; c++) expect(e.get(r, c)).toBe(0);
    expect(e.sum()).toBeGreaterThan(0);
  });

  it('declares the reach of its Gaussian plus the sobel and suppression pixels', () => {
    expect(footprintOf(feature.canny, { sigma: 2 }, [32, 32])).toEqual([10, 10]);
    expect(footprintOf(feature.canny, {}, [32, 32])).toEqual([6, 6]);
  });

  it('rejects non-2-D images, thresholds out of order and quantiles outside [0, 1]', () => {
    expect(() => feature.canny(zeros([4, 4, 4]))).toThrow(/canny: image must be 2-D, received shape \[4, 4, 4\]/);
    expect(() => feature.canny(zeros([8, 8]), { lowThreshold: 0.5, highThreshold: 0.2 })).toThrow(/canny: lowThreshold/);
    expect(() => feature.canny(zeros([8, 8]), { useQuantiles: true, highThreshold: 1.5 })).toThrow(/option 'highThreshold' must be a quantile/);
    expect(() => feature.canny(zeros([8, 8]), { sigma: -1 })).toThrow(/canny: option 'sigma'/);
  });
});

describe('feature.blobLog', () => {
  function spot(h: number, w: number, cy: number, cx: number, s: number): NDArray<'float64'> {
    const a = zeros([h, w]);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) a.set([r, c], Math.exp(-((r - cy) ** 2 + (c - cx) ** 2) / (2 * s * s)));
    return a;
  }

  it('finds a Gaussian spot at its centre with a sigma near its own', () => {
    const blobs = feature.blobLog(spot(40, 40, 18, 23, 3), { minSigma: 1, maxSigma: 6, numSigma: 11, threshold: 0.05 });
    expect(blobs.dtype).toBe('float64');
    expect(blobs).toMatchShape([1, 3]);
    expect(blobs.toArray()).toEqual([[18, 23, 3]]);
  });

  it('returns an empty (0, ndim + 1) float64 array when there are no blobs', () => {
    const none = feature.blobLog(zeros([12, 12]), { threshold: 0.1 });
    expect(none).toMatchShape([0, 3]);
    expect(none.dtype).toBe('float64');
  });

  it('gives one sigma per axis when sigmas are given per axis', () => {
    const blobs = feature.blobLog(spot(40, 40, 20, 20, 3), { minSigma: [2, 2], maxSigma: [4, 4], numSigma: 3, threshold: 0.05 });
    expect(blobs).toMatchShape([1, 4]);
    expect(blobs.toArray()).toEqual([[20, 20, 3, 3]]);
  });

  it('drops blobs within excludeBorder of the edges', () => {
    const near = spot(30, 30, 3, 15, 1.5);
    expect(feature.blobLog(near, { maxSigma: 3, threshold: 0.05 }).shape[0]).toBe(1);
    expect(feature.blobLog(near, { maxSigma: 3, threshold: 0.05, excludeBorder: 4 }).shape[0]).toBe(0);
  });

  it('rejects overlap outside [0, 1] and per-axis sigmas of the wrong length', () => {
    expect(() => feature.blobLog(zeros([8, 8]), { overlap: 2 })).toThrow(/blobLog: option 'overlap'/);
    expect(() => feature.blobLog(zeros([8, 8]), { minSigma: [1, 1, 1] })).toThrow(/blobLog: option 'minSigma' must have one value per axis \(2\)/);
  });
});

describe('feature ops run on workers', () => {
  it('registers hog, canny and blobLog with defineOps', () => {
    expect(['hog', 'canny', 'blobLog'].map((n) => opRef((feature as Record<string, unknown>)[n])?.name)).toEqual(['hog', 'canny', 'blobLog']);
  });
});
