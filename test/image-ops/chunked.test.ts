import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from 'dusk-graph';
import { arange, chunked, fromNpy, fromRaw, fromTiff, io, NDArray, zeros, type Boundary } from 'dusk-image-ops';
import { declareFootprint, ndimage } from 'dusk-image-ops/testing';
const { gaussianFilter } = ndimage;
import { maxAbsDiff, noise } from '../helpers/index.ts';

/** A whole-array reference op: 'nearest'-mode gaussian in float64. */
const blur = (x: NDArray, p: { sigma?: number } = {}) => gaussianFilter(x.contiguous().astype('float64'), p.sigma ?? 1, { mode: 'nearest' });

/** np.pad(x, depth, mode) for Dask's boundary names, written independently of the library. */
function npPad(x: NDArray, depth: number[], boundary: Boundary[]): NDArray {
  const shape = x.shape.map((n, ax) => n + 2 * depth[ax]!);
  const out = zeros(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < out.size; k++) {
    let constant: number | undefined;
    const src = idx.map((p, ax) => {
      const n = x.shape[ax]!, b = boundary[ax]!;
      let q = p - depth[ax]!;
      if (q >= 0 && q < n) return q;
      if (typeof b === 'number') constant = b;
      else if (b === 'nearest') q = q < 0 ? 0 : n - 1;
      else if (b === 'periodic') q = ((q % n) + n) % n;
      else { while (q < 0 || q >= n) q = q < 0 ? -q - 1 : 2 * n - q - 1; }
      return q;
    });
    out.data[k] = constant ?? x.get(...src);
    for (let ax = shape.length - 1; ax >= 0; ax--) { if (++idx[ax]! < shape[ax]!) break; idx[ax] = 0; }
  }
  return out;
}


/** What mapOverlap must equal: the op on the whole padded array, trimmed. */
function reference(x: NDArray, depth: number[], boundary: Boundary[], sigma: number): NDArray {
  if (boundary.every((b) => b === 'none')) return blur(x, { sigma });
  const padded = blur(npPad(x, depth, boundary), { sigma });
  return padded.view(depth.map((d, ax) => [d, d + x.shape[ax]!] as const)).copy();
}


describe('chunked', () => {
  it('cuts arrays into grids from a size, per-axis sizes and lists, -1, or auto', () => {
    const a = zeros([10, 7, 5]);
    expect(chunked(a, { chunks: 4 }).chunks).toEqual([[4, 4, 2], [4, 3], [4, 1]]);
    expect(chunked(a, { chunks: [[3, 7], -1, 2] }).chunks).toEqual([[3, 7], [7], [2, 2, 1]]);
    expect(chunked(a).chunks).toEqual([[10], [7], [5]]);
    const big = chunked(zeros([64, 1024, 1024], { dtype: 'uint8', shared: false }));
    expect(big.numBlocks).toEqual([1, 2, 1]);
    expect(() => chunked(a, { chunks: [[3, 3], -1, 2] })).toThrow(/chunks for axis 0 must be non-negative integers summing to 10, received \[3, 3\]/);
    expect(() => chunked(a, { chunks: [1, 2] })).toThrow(/one entry per axis \(3\)/);
  });

  it('maps a function over blocks and assembles the result', async () => {
    const a = arange(60).reshape([6, 10]);
    const out = await chunked(a, { chunks: [4, 3] }).mapBlocks((b: NDArray, p: { k: number }) => {
      const c = b.copy();
      for (let i = 0; i < c.size; i++) c.data[i] = c.data[i]! * p.k;
      return c;
    }, { k: 2 }).compute();
    expect(out.toArray()).toEqual(arange(0, 120, 2).reshape([6, 10]).toArray());
  });

  const boundaries: Boundary[] = ['reflect', 'periodic', 'nearest', 'none', 0.25];
  for (const boundary of boundaries) {
    it(`matches the op on the whole array with boundary ${JSON.stringify(boundary)}, unequal chunks and odd shapes`, async () => {
      const x = noise([7, 23, 17]);
      const depth = [2, 4, 4];
      const y = await chunked(x, { chunks: [-1, [5, 11, 7], 6] }).mapOverlap(blur, { depth, boundary, sigma: 1 }).compute();
      expect(maxAbsDiff(y, reference(x, depth, [boundary, boundary, boundary], 1))).toBeLessThan(1e-12);
    });
  }

  it('takes depth as a number, a list, an axis map, or auto from the op footprint', async () => {
    const x = noise([20, 30]);
    const c = chunked(x, { chunks: [10, 10] });
    const ref = reference(x, [4, 4], ['reflect', 'reflect'], 1);
    for (const depth of [4, [4, 4], { 0: 4, 1: 4 }, { '-1': 4, 0: 4 }] as const) {
      expect(maxAbsDiff(await c.mapOverlap(blur, { depth: depth as never, boundary: 'reflect', sigma: 1 }).compute(), ref)).toBeLessThan(1e-12);
    }
    // auto needs a declared footprint
    const declared = declareFootprint((b: NDArray, p: { sigma?: number }) => blur(b, p), (p: { sigma?: number }, shape) => shape.map(() => Math.floor(4 * (p.sigma ?? 1) + 0.5)));
    expect(maxAbsDiff(await c.mapOverlap(declared, { depth: 'auto', boundary: 'reflect', sigma: 1 }).compute(), ref)).toBeLessThan(1e-12);
    expect(() => c.mapOverlap(blur, { depth: 'auto' })).toThrow(/depth' is 'auto', but op 'blur' declares no footprint/);
  });

  it('allows per-axis boundaries, including an axis map', async () => {
    const x = noise([12, 14]);
    const y = await chunked(x, { chunks: 5 }).mapOverlap(blur, { depth: 4, boundary: { 0: 'periodic', 1: 'nearest' }, sigma: 1 }).compute();
    expect(maxAbsDiff(y, reference(x, [4, 4], ['periodic', 'nearest'], 1))).toBeLessThan(1e-12);
  });

  it('reads halos deeper than a neighbouring chunk from blocks further away', async () => {
    const x = noise([9, 40]);
    const first = chunked(x, { chunks: [9, 3] }).mapBlocks((b: NDArray) => b.copy(), { dtype: 'float64' });
    const y = await first.mapOverlap(blur, { depth: 8, boundary: 'reflect', sigma: 2 }).compute();
    expect(maxAbsDiff(y, reference(x, [8, 8], ['reflect', 'reflect'], 2))).toBeLessThan(1e-12);
  });

  it('keeps the halo when trim is false, growing every block by it', async () => {
    const x = noise([8, 8]);
    const y = chunked(x, { chunks: 4 }).mapOverlap((b: NDArray) => b.copy(), { depth: 1, boundary: 'nearest', trim: false });
    expect(y.chunks).toEqual([[6, 6], [6, 6]]);
    expect((await y.compute()).shape).toEqual([12, 12]);
  });

  it('makes one task per block after fusing chained maps, plus the store into the output', () => {
    const x = noise([8, 8]);
    const y = chunked(x, { chunks: 4 }).mapBlocks((b: NDArray) => b.copy()).mapBlocks((b: NDArray) => b.copy());
    // the closures run on the main thread, the store (a worker op) is a task of its own
    expect(y.taskCounts()).toEqual({ built: 24, optimized: 8 });
    expect(y.taskCounts()).toEqual({ built: collect([y], { optimizeGraph: false }).graph.size, optimized: collect([y]).graph.size });
    expect(y.toDelayed().map((t) => t.start)).toEqual([[0, 0], [0, 4], [4, 0], [4, 4]]);
    expect(collect(y.toDelayed().map((t) => t.delayed)).graph.tasks[0]!.steps.map((st) => st.name))
      .toEqual(['viewBlock', 'lambda', 'checkResult', 'lambda', 'checkResult']);
  });

  it('rejects a depth larger than the array, bad boundaries and ops that change the block shape', async () => {
    const c = chunked(noise([5, 40]), { chunks: 5 });
    expect(() => c.mapOverlap(blur, { depth: 6, boundary: 'reflect' })).toThrow(/depth 6 on axis 0 is larger than the array's size 5/);
    expect(() => c.mapOverlap(blur, { depth: 1, boundary: 'mirror' as never })).toThrow(/option 'boundary' must be 'reflect', 'periodic', 'nearest', 'none' or a number, received "mirror"/);
    expect(() => c.mapOverlap(blur, { depth: [1] })).toThrow(/option 'depth' needs one value per axis \(2\), received 1/);
    const shrinkOp = (b: NDArray) => b.view([[0, 1]]).copy();
    const shrink = c.mapOverlap(shrinkOp, { depth: 1, boundary: 'reflect', dtype: 'float64', name: 'shrink' });
    await expect(shrink.compute()).rejects.toThrow(/mapOverlap: op 'shrink' returned shape \[1, 7\] for block \(0, 0\), expected \[7, 7\]/);
  });
});

describe('out-of-core chunked arrays', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dusk-chunked-'));

  it('reads raw and .npy volumes region by region and writes results block by block', async () => {
    const x = noise([6, 20, 24]).astype('float32');
    const raw = join(dir, 'vol.raw');
    writeFileSync(raw, x.values());
    const npy = join(dir, 'vol.npy');
    io.writeNpy(npy, x);
    for (const src of [fromRaw(raw, { dtype: 'float32', shape: [6, 20, 24], chunks: [6, 10, 12] }), fromNpy(npy, { chunks: [6, 10, 12] })]) {
      const y = src.mapOverlap(blur, { depth: 4, boundary: 'nearest', sigma: 1 });
      const expected = reference(x, [4, 4, 4], ['nearest', 'nearest', 'nearest'], 1);
      expect(maxAbsDiff(await y.compute(), expected)).toBeLessThan(1e-12);
      await y.toNpy(join(dir, 'out.npy'));
      expect(maxAbsDiff(io.readNpy(join(dir, 'out.npy')), expected)).toBeLessThan(1e-12);
      await y.toRaw(join(dir, 'out.raw'));
      expect(maxAbsDiff(io.readRaw(join(dir, 'out.raw'), { dtype: 'float64', shape: [6, 20, 24] }), expected)).toBeLessThan(1e-12);
    }
    expect(() => fromRaw(raw, { dtype: 'float32', shape: [7, 20, 24] })).toThrow(/has 11520 bytes, but shape \[7, 20, 24\] of float32 at offset 0 needs 13440/);
  });

  for (const compression of ['none', 'deflate'] as const) {
    it(`reads a multi-page TIFF stack page by page (${compression})`, async () => {
      const x = noise([5, 19, 23]).astype('float32');
      const path = join(dir, `stack-${compression}.tif`);
      io.imwrite(path, x, { compression });
      const stack = fromTiff(path);
      expect(stack.shape).toEqual([5, 19, 23]);
      expect(stack.dtype).toBe('float32');
      expect(stack.chunks).toEqual([[1, 1, 1, 1, 1], [19], [23]]);
      // pages of several strips each (imwrite cuts strips of 64 KiB): 120 KB float32 pages
      const big = noise([3, 200, 150]).astype('float32');
      const bigPath = join(dir, `stack-big-${compression}.tif`);
      io.imwrite(bigPath, big, { compression });
      expect(maxAbsDiff(await fromTiff(bigPath).compute(), big)).toBe(0);
      // every page decoded from a buffer holding only its own strips
      expect(maxAbsDiff(await stack.compute(), x)).toBe(0);
      const y = fromTiff(path, { chunks: [2, 10, 12] }).mapOverlap(blur, { depth: 2, boundary: 'reflect', sigma: 0.5 });
      expect(maxAbsDiff(await y.compute(), reference(x, [2, 2, 2], ['reflect', 'reflect', 'reflect'], 0.5))).toBeLessThan(1e-12);
    });
  }

  it('rejects files that are not TIFF stacks, naming them', () => {
    const bogus = join(dir, 'bogus.tif');
    writeFileSync(bogus, 'not a tiff at all');
    expect(() => fromTiff(bogus)).toThrow(/fromTiff\(".*bogus.tif"\): is not a TIFF file/);
    expect(() => fromTiff(join(dir, 'missing.tif'))).toThrow(/fromTiff\(".*missing.tif"\): cannot open the file \(no such file/);
  });

  it('leaves no output file behind when a block fails', async () => {
    const x = noise([4, 8]);
    const bad = chunked(x, { chunks: 4 }).mapBlocks((b: NDArray) => {
      if (b.get(0, 0) === x.get(0, 4)) throw new Error('bad block');
      return b.copy();
    }, { dtype: 'float64' });
    await expect(bad.toRaw(join(dir, 'fail.raw'))).rejects.toThrow(/bad block/);
    expect(readdirSync(dir).filter((f) => f.includes('fail'))).toEqual([]);
  });

  it('processes a volume many times the block budget with memory bounded by a few blocks', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const shape = [16, 256, 256];
    const x = noise(shape).astype('float32');
    const raw = join(dir, 'big.raw');
    writeFileSync(raw, x.values());
    // The unit of work: one block with its halo, in float64 (the op's output type).
    const budget = (16 + 8) * (32 + 8) * (32 + 8) * 8;
    const volumeBytes = shape.reduce((a, b) => a * b) * 8;
    expect(volumeBytes / budget).toBeGreaterThan(27);
    gc();
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0, calls = 0;
    const measured = (b: NDArray, p: { sigma: number }) => {
      const r = blur(b, p);
      gc();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
      calls++;
      return r;
    };
    const y = fromRaw(raw, { dtype: 'float32', shape, chunks: [16, 32, 32] }).mapOverlap(measured, { depth: 4, boundary: 'nearest', sigma: 1, dtype: 'float64' });
    await y.toRaw(join(dir, 'big.out'));
    expect(calls).toBe(64);
    // A step holds its input and output block (1.5 budgets); process-wide ArrayBuffer accounting
    // adds noise of a few budgets (other buffers of the test runner, lazy sweeping). Holding
    // every block, as a scheduler without release would, needs > 27.
    expect(peak).toBeLessThan(10 * budget);
    const expected = reference(x, [4, 4, 4], ['nearest', 'nearest', 'nearest'], 1);
    expect(maxAbsDiff(io.readRaw(join(dir, 'big.out'), { dtype: 'float64', shape }), expected)).toBeLessThan(1e-12);
  });
});
