/**
 * Footprints and chunked arrays: params guessed from the input's shape are resolved once from the
 * whole array, pointwise ops map with no halo, global ops refuse `depth: 'auto'` with a clear
 * reason, and a depth larger than the array is refused for every boundary (as Dask does).
 */
import { describe, expect, it } from 'vitest';
import { opRef } from 'dusk-graph/internal';
import { chunked, color, exposure, feature, filters, measure, NDArray, restoration, util } from 'dusk-image-ops';
import { footprintOf } from 'dusk-image-ops/testing';
import { maxAbsDiff, noise } from '../helpers/index.ts';



describe('shape-dependent params in chunked arrays', () => {
  it('filters an RGB image with no halo on the channel axis, as gaussian does on the whole image', async () => {
    const x = noise([64, 64, 3]);
    const c = chunked(x, { chunks: [32, 32, 3] });
    const reflected = c.mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'reflect', sigma: 2, mode: 'reflect' });
    expect(maxAbsDiff(await reflected.compute(), filters.gaussian(x, { sigma: 2, mode: 'reflect' }))).toBeLessThan(1e-12);
    const own = c.mapOverlap(filters.gaussian, { depth: 'auto', sigma: 2 });
    expect(maxAbsDiff(await own.compute(), filters.gaussian(x, { sigma: 2 }))).toBeLessThan(1e-12);
  });

  it('filters a volume whose blocks have a last axis of 3 as a volume, as on the whole volume', async () => {
    const x = noise([6, 6, 8]);
    const y = chunked(x, { chunks: [6, 6, [2, 4, 2]] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'none', sigma: 0.3 });
    expect(maxAbsDiff(await y.compute(), filters.gaussian(x, { sigma: 0.3 }))).toBeLessThan(1e-12);
  });

  it('gives every mapBlocks block the params resolved for the whole array', async () => {
    const x = noise([4, 4, 6]);
    const y = await chunked(x, { chunks: [4, 4, 3] }).mapBlocks(filters.gaussian, { sigma: 1 }).compute();
    for (const lo of [0, 3]) {
      const block = x.view([[0, 4], [0, 4], [lo, lo + 3]]).copy();
      const want = filters.gaussian(block, { sigma: 1, channelAxis: null });
      expect(maxAbsDiff(y.view([[0, 4], [0, 4], [lo, lo + 3]]).copy(), want)).toBeLessThan(1e-12);
    }
  });
});

describe('depth against the array size', () => {
  it('rejects a depth larger than the array with every boundary, naming the axis, depth and size', () => {
    const c = chunked(noise([4, 20]), { chunks: [2, 10] });
    for (const boundary of ['none', 'reflect', 'periodic', 'nearest', 0] as const) {
      expect(() => c.mapOverlap(filters.gaussian, { depth: 10, boundary })).toThrow(/depth 10 on axis 0 is larger than the array's size 4/);
    }
    expect(() => c.mapOverlap(filters.gaussian, { depth: 'auto', sigma: 2 })).toThrow(
      /depth 8 \(the footprint of 'gaussian'\) on axis 0 is larger than the array's size 4/,
    );
  });

  it('ignores the depth on a single-chunk axis with boundary none, where a halo has no effect', async () => {
    // A thin stack of slices, chunked over the large axes only: gaussian σ=3 reaches 12 on
    // every axis, more than the 6 slices, but axis 0 has no neighbours and no padding.
    const x = noise([6, 30, 30]);
    const c = chunked(x, { chunks: [6, 15, 15] });
    const y = await c.mapOverlap(filters.gaussian, { depth: 'auto', sigma: 3, boundary: 'none' }).compute();
    expect(maxAbsDiff(y, filters.gaussian(x, { sigma: 3 }))).toBeLessThan(1e-12);
    // with a boundary that pads, the halo matters and the depth is still refused
    expect(() => c.mapOverlap(filters.gaussian, { depth: 'auto', sigma: 3, boundary: 'reflect' })).toThrow(/depth 12 \(the footprint of 'gaussian'\) on axis 0 is larger than the array's size 6/);
  });

  it('accepts a depth equal to the array size with boundary none', async () => {
    const x = noise([4, 20]);
    const y = await chunked(x, { chunks: [2, 10] }).mapOverlap(filters.gaussian, { depth: 4, boundary: 'none' }).compute();
    expect(maxAbsDiff(y, filters.gaussian(x))).toBeLessThan(1e-12);
  });
});

describe('pointwise and global footprints', () => {
  it('maps pointwise ops with depth auto and no halo, matching the whole-image result', async () => {
    const x = noise([10, 12]);
    const c = chunked(x, { chunks: [4, 5] });
    for (const op of [util.imgAsUbyte, util.imgAsFloat32, util.imgAsUint, util.imgAsInt, util.imgAsBool]) {
      expect(footprintOf(op, {}, x.shape)).toEqual([0, 0]);
      expect((await c.mapOverlap(op, { depth: 'auto' }).compute()).toArray()).toEqual((op(x) as NDArray).toArray());
    }
    const ranges = { inRange: [0.2, 0.8] as const, outRange: 'uint8' as const };
    const rescaled = await c.mapOverlap(exposure.rescaleIntensity, { depth: 'auto', ...ranges }).compute();
    expect(rescaled.toArray()).toEqual(exposure.rescaleIntensity(x, ranges).toArray());
    for (const op of [color.rgb2gray, color.gray2rgb, util.convert]) expect(footprintOf(op, {}, [8, 8, 3])).toEqual([0, 0, 0]);
  });

  it('refuses depth auto for ops that need the whole image, saying why', () => {
    const c = chunked(noise([16, 16]), { chunks: 8 });
    const global = [filters.thresholdOtsu, exposure.equalizeHist, exposure.histogram, exposure.cumulativeDistribution,
      exposure.rescaleIntensity, measure.label, restoration.denoiseTvChambolle, feature.hog, feature.blobLog, util.viewAsWindows];
    for (const op of global) {
      const required = op === util.viewAsWindows ? { windowShape: [2, 2] } : {};
      expect(() => c.mapOverlap(op as never, { depth: 'auto', ...required })).toThrow(
        new RegExp(`op '${op.name}' needs the whole image \\(.+\\), so it cannot be chunked with a finite halo`),
      );
    }
    expect(() => c.mapOverlap(exposure.rescaleIntensity, { depth: 'auto' })).toThrow(/rescales by the whole image's min and max/);
  });

  it('has a footprint declared for every image op', () => {
    for (const ns of [filters, color, util, exposure, restoration, feature, measure]) {
      for (const [name, op] of Object.entries(ns)) {
        if (typeof op !== 'function' || !opRef(op)) continue;
        const required = op === util.viewAsWindows ? { windowShape: [2, 2] } : {};
        expect(footprintOf(op, required, [16, 16]), name).toBeDefined();
      }
    }
  });
});
