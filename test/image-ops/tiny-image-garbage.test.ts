/**
 * Garbage per call of the tutorial pipeline's ops on tiny images: the JS heap a 40² σ = 10
 * `filters.gaussian`, a 40² `io.imwrite` or an NDArray allocates, counted with V8's sampling heap profiler
 * (objects the scavenger already collected included). On tiny images this garbage, not the
 * arithmetic, decided how often each worker's young generation was scavenged (V8's GC helper
 * threads then compete with the workers for the cores).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filters, fromArray, io, NDArray, util } from 'dusk-image-ops';
import { ndimage } from 'dusk-image-ops/testing';
import { bytesCalledFrom, sampleAllocations, totalBytes } from '../helpers/index.ts';

const image = fromArray(Array.from({ length: 40 }, (_, i) => Array.from({ length: 40 }, (_, j) => ((i * 7 + j * 13) % 17) / 17)));

describe('gaussian on a tiny image', () => {
  it('allocates well under one heap number per boundary element (a 40² σ = 10 call made ~60 KB of garbage)', async () => {
    const calls = 1000;
    for (let i = 0; i < 300; i++) filters.gaussian(image, { sigma: 10 });
    const perCall = totalBytes(await sampleAllocations(() => {
      for (let i = 0; i < calls; i++) filters.gaussian(image, { sigma: 10 });
    })) / calls;
    // 40 lines × 80 boundary elements × 16 bytes = 51 KB on the old code; ~10 KB of it remains (options, views, the result).
    expect(perCall).toBeLessThan(25_000);
  });

  it("keeps mode 'constant' the cval outside the line, in runs, on both sides", () => {
    const line = fromArray([[1, 2, 3]]);
    const out = ndimage.correlate1d(line, [1, 1, 1, 1, 1, 1, 1], { axis: 1, mode: 'constant', cval: 5 });
    // Each output sums 7 taps: the three values and four cvals of 5.
    expect(Array.from(out.values())).toEqual([26, 26, 26]);
  });
});

describe('imwrite of a tiny gray image', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dusk-garbage-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes no view object per row while encoding (a 40² BMP made one subarray per row)', async () => {
    const gray = util.imgAsUbyte(image);
    const file = join(dir, 'tiny.bmp');
    for (let i = 0; i < 50; i++) io.imwrite(file, gray);
    const profile = await sampleAllocations(() => {
      for (let i = 0; i < 500; i++) io.imwrite(file, gray);
    });
    // Old code: 40 subarrays per image, ~4 KB per call (~2 MB here); now at most the encode buffer's one view.
    expect(bytesCalledFrom(profile, 'encodeBmpImage', 'subarray') / 500).toBeLessThan(500);
  });
});

describe('NDArray construction', () => {
  it('copies shape and strides without iterator garbage (under 600 B per array here; spread and entries() made it ~790)', async () => {
    const data = new Float64Array(1600);
    const shape = [40, 40];
    for (let i = 0; i < 500; i++) new NDArray(data, shape);
    const calls = 5000;
    const profile = await sampleAllocations(() => {
      for (let i = 0; i < calls; i++) new NDArray(data, shape);
    });
    // What is left: the NDArray, its strides and two frozen lists, and the test runner's share.
    expect(totalBytes(profile) / calls).toBeLessThan(600);
  });
});
