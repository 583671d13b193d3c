/**
 * Block shapes known or checked, never guessed; options checked before the run; several inputs.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TaskError } from 'dusk-graph';
import 'dusk-scheduler';
import { arange, chunked, color, filters, fromArray, mapBlocks, mapOverlap, NDArray, util, zeros } from 'dusk-image-ops';
import { declareBlockOutput } from 'dusk-image-ops/testing';
import { maxAbsDiff, noise } from '../helpers/index.ts';

/** Every other column: a block of half the width (the issue's `half`). */
const half = (b: NDArray) => b.view([null, [0, b.shape[1]!, 2]]).copy();
/** Sum over the last axis, in float64. */
function sumLast(b: NDArray): NDArray {
  const out = zeros(b.shape.slice(0, -1));
  const n = b.shape[b.ndim - 1]!;
  const v = b.contiguous().values();
  for (let i = 0; i < out.size; i++) for (let k = 0; k < n; k++) out.data[i]! += v[i * n + k]!;
  return out;
}
const expand = (b: NDArray) => b.copy().reshape([1, ...b.shape]);

describe('mapBlocks output shapes', () => {
  const a = arange(32).reshape([4, 8]);

  it('refuses, when the graph is built, an op that changes the block shape unannounced', () => {
    expect(() => chunked(a, { chunks: [2, 4] }).mapBlocks(half)).toThrow(
      /mapBlocks: op 'half' turned a block of shape \[2, 4\] \(a small block of zeros dusk calls it on to learn its output\) into \[2, 2\], expected \[2, 4\] \(the block's axes\); .*\{ chunks, dropAxis, newAxis \}/,
    );
  });

  it('fails the compute with a TaskError naming the block and both shapes when the dtype was given', async () => {
    const c = chunked(a, { chunks: [2, 4] }).mapBlocks(half, { dtype: 'float64' });
    const err = await c.compute().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as Error).message).toMatch(/mapBlocks: op 'half' returned shape \[2, 2\] for block \(\d, \d\), expected \[2, 4\]/);
    const dir = mkdtempSync(join(tmpdir(), 'dusk-blocks-'));
    await expect(c.toNpy(join(dir, 'out.npy'))).rejects.toThrow(/returned shape \[2, 2\] for block/);
    expect(existsSync(join(dir, 'out.npy'))).toBe(false);
  });

  it('computes a shape-changing op exactly when its output chunks are given', async () => {
    const c = chunked(a, { chunks: [2, 4] }).mapBlocks(half, { chunks: [2, 2] });
    expect(c.shape).toEqual([4, 4]);
    expect(c.chunks).toEqual([[2, 2], [2, 2]]);
    expect((await c.compute()).toArray()).toEqual(a.view([null, [0, 8, 2]]).toArray());
    const listed = chunked(a, { chunks: [[1, 3], [4, 4]] }).mapBlocks(half, { chunks: [[1, 3], [2, 2]] });
    expect((await listed.compute()).toArray()).toEqual(a.view([null, [0, 8, 2]]).toArray());
    await expect(chunked(a, { chunks: [2, 4] }).mapBlocks(half, { chunks: [2, 3] }).compute()).rejects.toThrow(/returned shape \[2, 2\] for block \(\d, \d\), expected \[2, 3\]/);
  });

  it('drops axes (made one chunk first) and adds new ones, as Dask', async () => {
    const x = noise([6, 5, 4]);
    const dropped = chunked(x, { chunks: [3, 5, 2] }).mapBlocks(sumLast, { dropAxis: 2 });
    expect(dropped.chunks).toEqual([[3, 3], [5]]);
    expect(maxAbsDiff(await dropped.compute(), sumLast(x))).toBeLessThan(1e-12);
    const added = chunked(x, { chunks: 3 }).mapBlocks(expand, { newAxis: 0 });
    expect(added.shape).toEqual([1, 6, 5, 4]);
    expect(maxAbsDiff(await added.compute(), x.reshape([1, 6, 5, 4]))).toBe(0);
    expect(() => chunked(x).mapBlocks(expand, { newAxis: 7 })).toThrow(/option 'newAxis' must be an integer axis in \[-4, 3\], received 7/);
  });

  it('converts an RGB image to grey block by block, dropping the channel axis', async () => {
    const rgb = noise([10, 12, 3]);
    const grey = chunked(rgb, { chunks: [5, 6, 3] }).mapBlocks(color.rgb2gray, { dropAxis: -1 });
    expect(grey.dtype).toBe('float64');
    expect(maxAbsDiff(await grey.compute(), color.rgb2gray(rgb))).toBe(0);
  });

  it('checks the dtype of every block against the given one', async () => {
    const c = chunked(a, { chunks: 4 }).mapBlocks((b: NDArray) => b.astype('float32'), { dtype: 'uint8', name: 'toF32' });
    await expect(c.compute()).rejects.toThrow(/op 'toF32' returned dtype float32 for block \(\d, \d\), expected uint8/);
  });

  it('trims a shape-changing op under mapOverlap on the output axes only', async () => {
    const x = noise([12, 10, 3]);
    const smoothSum = (b: NDArray) => sumLast(filters.gaussian(b, { sigma: 1, channelAxis: -1 }));
    const y = chunked(x, { chunks: [4, 5, 3] }).mapOverlap(smoothSum, { depth: [4, 4, 0], boundary: 'none', dropAxis: 2 });
    expect(y.shape).toEqual([12, 10]);
    expect(maxAbsDiff(await y.compute(), smoothSum(x))).toBeLessThan(1e-12);
    const z = chunked(x, { chunks: [4, 5, 3] }).mapOverlap(expand, { depth: 1, boundary: 'reflect', newAxis: 0 });
    expect(maxAbsDiff(await z.compute(), x.reshape([1, 12, 10, 3]))).toBe(0);
  });
});

describe('ops that declare their block output', () => {
  /** Every `factor`-th element along each axis, declaring ceil(n / factor). */
  function makeDownsample() {
    let calls = 0;
    const downsample = (b: NDArray, p: { factor: number }) => {
      calls++;
      return b.view(b.shape.map(() => [0, b.shape.length ? Infinity : 0, p.factor] as const) as never).copy();
    };
    declareBlockOutput(downsample, (p: { factor: number }, [x]) => ({ shape: x!.shape.map((n) => Math.ceil(n / p.factor)), dtype: x!.dtype }));
    return { downsample, calls: () => calls };
  }

  it('get their output grid and dtype without chunks and without a probe call', async () => {
    const { downsample, calls } = makeDownsample();
    const x = arange(30 * 50).reshape([30, 50]);
    const y = chunked(x, { chunks: 16 }).mapBlocks(downsample, { factor: 2 });
    expect(calls()).toBe(0);
    expect(y.chunks).toEqual([[8, 7], [8, 8, 8, 1]]);
    expect((await y.compute()).toArray()).toEqual(x.view([[0, 30, 2], [0, 50, 2]]).toArray());
  });

  it('refuse a declaration whose shapes do not form a grid, naming the block', () => {
    const odd = (b: NDArray) => b.copy();
    // rows of the second block row shrink to 1 column: not a grid
    declareBlockOutput(odd, (_p: unknown, [x]) => ({ shape: x!.shape[0] === 2 ? [2, 1] : x!.shape, dtype: x!.dtype }));
    expect(() => chunked(zeros([6, 6]), { chunks: [[4, 2], 3] }).mapBlocks(odd)).toThrow(/op 'odd' declares shape \[2, 1\] for block \(1, 0\), which does not fit the grid of the other blocks \(\[2, 3\]\)/);
  });

  it('plan gaussian and rgb2gray from their declarations, the channel axis dropped', async () => {
    const rgb = noise([12, 10, 3]).astype('float32');
    const grey = chunked(rgb, { chunks: [5, 5, 3] }).mapOverlap(color.rgb2gray, { depth: [1, 1, 0], dropAxis: -1 });
    expect([grey.dtype, grey.chunks]).toEqual(['float32', [[5, 5, 2], [5, 5]]]);
    expect(maxAbsDiff(await grey.compute(), color.rgb2gray(rgb))).toBe(0);
    expect(chunked(zeros([4, 4], 'uint8')).mapOverlap(filters.gaussian, { depth: 1 }).dtype).toBe('float64');
  });
});

describe('mapBlocks and mapOverlap options', () => {
  const c = chunked(noise([8, 8]), { chunks: 4 });

  it('rejects an unknown option when the graph is built, naming it and the known ones', () => {
    // @ts-expect-error a misspelled option is a TypeScript error too
    expect(() => c.mapOverlap(filters.gaussian, { depth: 2, bondary: 'reflect', sigma: 1 })).toThrow(
      /mapOverlap: option 'bondary' is neither a mapOverlap option \(.*boundary.*\) nor an option of 'gaussian' \(sigma, mode, .*\)/,
    );
    // @ts-expect-error
    expect(() => c.mapBlocks(filters.sobel, { dtyp: 'float64' })).toThrow(/option 'dtyp' is neither a mapBlocks option/);
    expect(() => c.mapBlocks(util.imgAsUbyte, { sigma: 1 })).toThrow(/option 'sigma' is neither .* nor an option of 'imgAsUbyte' \(it takes none\)/);
    expect(() => c.mapBlocks(filters.gaussian, { sigma: -1 })).toThrow(/mapBlocks\(gaussian\): option 'sigma'/);
    expect(() => c.mapOverlap(filters.gaussian, { depth: 2, boundary: 'reflect', trim: 'yes' as never })).toThrow(/mapOverlap: option 'trim'/);
    expect(() => c.mapOverlap(filters.gaussian, {} as never)).toThrow(/option 'depth' is required/);
    expect(() => chunked(zeros([4]), { chunk: 2 } as never)).toThrow(/chunked: .*"chunk"/);
  });

  it('refuses an op that is not a function when the graph is built, naming what was received', () => {
    // @ts-expect-error an op's name is not the op
    expect(() => c.mapBlocks('gaussian', { dtype: 'float64' })).toThrow("mapBlocks: argument 'op' must be a function (an op such as filters.gaussian, or your own), received \"gaussian\"");
    // @ts-expect-error
    expect(() => c.mapOverlap(undefined, { depth: 1 })).toThrow("mapOverlap: argument 'op' must be a function (an op such as filters.gaussian, or your own), received undefined");
    // @ts-expect-error
    expect(() => mapBlocks({}, [c])).toThrow("mapBlocks: argument 'op' must be a function (an op such as filters.gaussian, or your own), received an object");
    // @ts-expect-error
    expect(() => mapOverlap(null, [c], { depth: 1 })).toThrow(/^mapOverlap: argument 'op' must be a function .*, received null$/);
  });

  it("passes any keys to the user's own ops, which declare no schema", async () => {
    const scale = (b: NDArray, p: { k: number; note?: string }) => fromArray(b.values().map((v) => v * p.k), { shape: b.shape });
    const y = await c.mapBlocks(scale, { k: 2, note: 'x' }).compute();
    expect(maxAbsDiff(y, scale(await c.compute(), { k: 2 }))).toBe(0);
    // typed params are checked by TypeScript only: the op's type declares them
    // @ts-expect-error 'kk' is not a key of the op's params type
    expect(c.mapBlocks(scale, { k: 2, kk: 3 }).shape).toEqual([8, 8]);
    const anyKeys = (b: NDArray) => b.copy();
    expect((await c.mapBlocks(anyKeys, { whatever: 1 }).compute()).shape).toEqual([8, 8]);
  });
});

describe('several inputs', () => {
  it('maps over arrays with different chunkings and scalars, unifying the grids', async () => {
    const x = noise([9, 10]), y = noise([9, 10]);
    const blend = (p: NDArray, q: NDArray, w: number) => fromArray(p.values().map((v, i) => w * v + (1 - w) * q.values()[i]!), { shape: p.shape });
    const r = mapBlocks(blend, [chunked(x, { chunks: [3, 5] }), chunked(y, { chunks: [[4, 5], 4] }), 0.25]);
    expect(r.chunks).toEqual([[3, 1, 2, 3], [4, 1, 3, 2]]);
    expect(maxAbsDiff(await r.compute(), blend(x, y, 0.25))).toBeLessThan(1e-15);
    expect(() => mapBlocks(blend, [chunked(x), chunked(noise([3, 3])), 1])).toThrow(/input 1 has shape \[3, 3\], but the first array has \[9, 10\]/);
    expect(() => mapBlocks(blend, [chunked(x), 'a' as never, 1])).toThrow(/input 1 must be a ChunkedArray or a number, received string/);
  });

  it('maps an overlapping op over two inputs with halos from both', async () => {
    const x = noise([12, 14]), y = noise([12, 14]);
    const diff = (p: NDArray, q: NDArray) => {
      const gp = filters.gaussian(p, { sigma: 1 }), gq = filters.gaussian(q, { sigma: 1 });
      return fromArray(gp.values().map((v, i) => v - gq.values()[i]!), { shape: p.shape });
    };
    const r = mapOverlap(diff, [chunked(x, { chunks: 5 }), chunked(y, { chunks: [6, 7] })], { depth: 4, boundary: 'nearest' });
    expect(maxAbsDiff(await r.compute(), diff(x, y))).toBeLessThan(1e-12);
  });

  it('chunks arrays with zero-length axes', async () => {
    const c = chunked(zeros([0, 5]));
    expect(c.chunks).toEqual([[0], [5]]);
    expect((await c.compute()).shape).toEqual([0, 5]);
    expect(chunked(zeros([0, 5]), { chunks: 2 }).chunks).toEqual([[0], [2, 2, 1]]);
    expect(() => chunked(zeros([2000, 2000], { shared: false }), { chunks: 1 })).toThrow(/into 4000000 blocks, more than 1000000; use larger chunks/);
  });
});
