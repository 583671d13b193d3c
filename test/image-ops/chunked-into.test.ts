/**
 * mapOverlap writing block results straight into the output (issue 16, item 2; `chunked/into.ts`):
 * an op with an into variant (gaussian) stores each tile's core into `compute()`'s output — no
 * padded result, no trim, no copy — with values equal, bit for bit, to the whole-volume call; the
 * separable passes compute only what a later pass reads (`core/ndimage/separable.ts`,
 * `OutputTarget`). Ops without a variant keep the trimmed path.
 */
import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from 'dusk-graph';
import { createPool, Profiler } from 'dusk-scheduler';
import { chunked, filters, fromRaw, NDArray, zeros, type Boundary } from 'dusk-image-ops';
import { intoOf, ndimage } from 'dusk-image-ops/testing';
import { maxAbsDiff, noise } from '../helpers/index.ts';

const modeOf = (b: Boundary) => (b === 'none' ? 'nearest' : b === 'periodic' ? 'wrap' : typeof b === 'number' ? 'constant' : b);
const whole = (x: NDArray, b: Boundary, sigma: number | number[]) => filters.gaussian(x, { sigma, mode: modeOf(b), cval: typeof b === 'number' ? b : 0 });
const box = (shape: readonly number[], lo: readonly number[], hi: readonly number[]) => shape.map((n, ax) => [lo[ax]!, n - hi[ax]!] as const);

/** A zero array larger than `core` by `pad` on each side, and the view of it `core` lies in. */
function padded(core: readonly number[], pad: number, dtype: 'float32' | 'float64'): { big: NDArray; view: NDArray } {
  const big = zeros(core.map((n) => n + 2 * pad), { dtype });
  return { big, view: big.view(core.map((n) => [pad, pad + n] as const)) };
}

describe('separableCorrelate with an output target', () => {
  it.each(['reflect', 'nearest', 'mirror', 'wrap', 'constant'] as const)('stores exactly the core of the whole result, in mode %s, into a view of a bigger array', (mode) => {
    for (const [shape, sigma, lo, hi] of [
      [[9, 14, 17], [1, 2, 1.5], [2, 3, 0], [1, 0, 4]],
      [[23, 31], [2, 1], [5, 0], [3, 6]],
      [[6, 12, 10], [1, 0, 1], [1, 0, 2], [0, 0, 1]],
    ] as [number[], number[], number[], number[]][]) {
      for (const dtype of ['float32', 'float64'] as const) {
        const x = noise(shape).astype(dtype);
        const ref = ndimage.gaussianFilter(x, sigma, { mode, cval: 0.25 }).view(box(shape, lo, hi));
        const { big, view } = padded(ref.shape, 2, dtype);
        const back = ndimage.gaussianFilterInto(x, sigma, { mode, cval: 0.25 }, { array: view, lo, hi });
        expect(back).toBe(view);
        expect(maxAbsDiff(view, ref), `${shape} ${dtype}`).toBe(0);
        // nothing outside the target was written
        const sumAbs = (a: NDArray) => Array.from(a.values(), Number).reduce((s, v) => s + Math.abs(v), 0);
        expect(sumAbs(big)).toBe(sumAbs(view));
      }
    }
  });

  it('copies the core once when the last pass cannot write the target directly, with the same values', () => {
    const x = noise([8, 15, 12]);
    // no smoothing along the last axis, which has a halo: the last pass (axis 1) cannot crop it
    const lo = [1, 2, 3], hi = [2, 1, 2];
    const ref = ndimage.gaussianFilter(x, [1, 1.5, 0]).view(box(x.shape, lo, hi));
    const { view } = padded(ref.shape, 1, 'float64');
    ndimage.gaussianFilterInto(x, [1, 1.5, 0], {}, { array: view, lo, hi });
    expect(maxAbsDiff(view, ref)).toBe(0);
    // a moving average as the last pass
    const passes: ndimage.AxisPass[] = [
      { axis: 0, weights: Float64Array.of(0.25, 0.5, 0.25), mode: 'reflect', cval: 0 },
      { axis: 2, uniformSize: 3, mode: 'nearest', cval: 0 },
    ];
    const full = ndimage.separableCorrelate('test', x, passes, 'float64').view(box(x.shape, lo, hi));
    const t = padded(full.shape, 1, 'float64');
    ndimage.separableCorrelate('test', x, passes, 'float64', { array: t.view, lo, hi });
    expect(maxAbsDiff(t.view, full)).toBe(0);
  });

  it('rejects a target whose shape or dtype does not fit, naming what it expected and received', () => {
    const x = noise([6, 7]);
    expect(() => ndimage.gaussianFilterInto(x, 1, {}, { array: zeros([4, 4]), lo: [1, 1], hi: [1, 1] }))
      .toThrow(/output target has shape \[4, 4\], expected the core \[4, 5\]/);
    expect(() => ndimage.gaussianFilterInto(x, 1, {}, { array: zeros([4, 5], { dtype: 'float32' }), lo: [1, 1], hi: [1, 1] }))
      .toThrow(/output target has dtype float32, expected float64/);
    expect(() => ndimage.gaussianFilterInto(x, 1, {}, { array: zeros([4, 5]), lo: [1, 1], hi: [1] }))
      .toThrow(/halo lo \[1, 1\] \/ hi \[1\] does not fit an input of shape \[6, 7\]/);
  });
});

describe('mapOverlap of an op with an into variant', () => {
  it('writes each tile straight into the output: one task per tile, no check, trim or store step, no result shipped back', async () => {
    expect(intoOf(filters.gaussian)).toBeTypeOf('function');
    const x = noise([8, 40, 50]).astype('float32');
    for (const chunks of [[8, 20, 25], [4, 13, 17], [8, 40, 50]]) {
      const p = new Profiler();
      const y = await chunked(x, { chunks }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'reflect', sigma: 1 }).compute({ scheduler: 'threads', workers: 2, callbacks: [p] });
      expect(maxAbsDiff(y, whole(x, 'reflect', 1))).toBe(0);
      for (const r of p.results) {
        expect(r.name).not.toMatch(/checkResult|trimBlock|storeBlock/);
        expect(r.bytes).toBe(0);
      }
    }
  });

  it("counts the tasks compute() runs: each tile's read and into step, fused into one task per tile", () => {
    const y = chunked(zeros([20, 256, 256], { dtype: 'float32' }), { chunks: [20, 128, 128] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'none', sigma: 3 });
    expect(y.taskCounts()).toEqual({ built: 4, optimized: 2 });
    expect(y.taskCounts()).toEqual({ built: collect([y], { optimizeGraph: false }).graph.size, optimized: collect([y]).graph.size });
  });

  it('writes the large blocks it keeps (the array\'s own grid) straight into the output too', async () => {
    const x = noise([4, 300, 260]).astype('float32');
    const p = new Profiler();
    const y = await chunked(x, { chunks: [4, 150, 130] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'nearest', sigma: [0, 2, 2] }).compute({ scheduler: 'threads', workers: 2, callbacks: [p] });
    expect(maxAbsDiff(y, whole(x, 'nearest', [0, 2, 2]))).toBe(0);
    expect(p.results.map((r) => r.name).filter((n) => /storeBlock|trimBlock/.test(n))).toEqual([]);
  });

  it.each(['none', 'reflect', 'nearest', 'periodic', 0.5] as Boundary[])('equals the whole-volume call for boundary %s on grids that do not divide the volume, 2-D and 3-D, threads and sync', async (boundary) => {
    for (const [shape, chunks, sigma] of [
      [[11, 37, 29], [4, 10, 9], 1.5],
      [[11, 37, 29], [11, 19, 29], [2, 1, 0]],
      [[61, 47], [20, 13], 2],
      [[61, 47], [61, 24], [0, 3]],
    ] as [number[], number[], number | number[]][]) {
      const x = noise(shape).astype('float32');
      const y = chunked(x, { chunks }).mapOverlap(filters.gaussian, { depth: 'auto', boundary, sigma });
      const ref = whole(x, boundary, sigma);
      for (const scheduler of ['threads', 'sync'] as const) {
        expect(maxAbsDiff(await y.compute({ scheduler, workers: 2 }), ref), `${shape} ${chunks} σ ${sigma} ${scheduler}`).toBe(0);
      }
    }
  });

  it('never reuses the output the user holds: a second compute leaves the first result as it was', async () => {
    const a = noise([6, 64, 64], 1).astype('float32');
    const b = noise([6, 64, 64], 2).astype('float32');
    const run = (x: NDArray) => chunked(x, { chunks: [3, 32, 32] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'reflect', sigma: 1 }).compute({ scheduler: 'threads', workers: 2 });
    const first = await run(a);
    const kept = first.copy();
    for (let i = 0; i < 3; i++) await run(b);
    expect(maxAbsDiff(first, kept)).toBe(0);
    expect(maxAbsDiff(first, whole(a, 'reflect', 1))).toBe(0);
  });

  it('fails the compute with an error naming the tile when a tile cannot be read, and the pool computes the next one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dusk-into-'));
    try {
      const path = join(dir, 'v.raw');
      const x = noise([4, 30, 40]).astype('float32');
      writeFileSync(path, new Uint8Array(x.data.buffer, 0, x.size * 4));
      const y = fromRaw(path, { shape: [4, 30, 40], dtype: 'float32', chunks: [4, 15, 20] })
        .mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'nearest', sigma: 1 });
      expect(maxAbsDiff(await y.compute({ scheduler: 'threads', workers: 2 }), whole(x, 'nearest', 1))).toBe(0);
      writeFileSync(path, new Uint8Array(100)); // too short now
      await expect(y.compute({ scheduler: 'threads', workers: 2 })).rejects.toThrow(/gaussian|readPadded/);
      const z = await chunked(x, { chunks: [4, 15, 20] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'nearest', sigma: 1 }).compute({ scheduler: 'threads', workers: 2 });
      expect(maxAbsDiff(z, whole(x, 'nearest', 1))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('converts an integer volume as the op does (scaled to [0, 1], float64) before writing it', async () => {
    const f = noise([6, 33, 41]);
    const x = new NDArray(Uint8Array.from(f.values(), (v) => Math.floor(v * 255)), f.shape, { dtype: 'uint8' });
    const y = await chunked(x, { chunks: [3, 11, 14] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'reflect', sigma: 1 }).compute({ scheduler: 'threads', workers: 2 });
    expect(y.dtype).toBe('float64');
    expect(maxAbsDiff(y, whole(x, 'reflect', 1))).toBe(0);
  });

  it('refuses a core that does not lie inside the output, naming the shapes and the place', () => {
    const into = intoOf(filters.gaussian)!;
    const block = noise([6, 10]);
    expect(() => into(block, { sigma: 1 }, zeros([8, 8]), [5, 0], [1, 1], [1, 1]))
      .toThrow(/the core \[4, 8\] of a block of shape \[6, 10\] \(halo lo \[1, 1\], hi \[1, 1\]\) at \[5, 0\] does not lie inside the output of shape \[8, 8\]/);
    const out = zeros([8, 8]);
    into(block, { sigma: 1 }, out, [2, 0], [1, 1], [1, 1]);
    expect(maxAbsDiff(out.view([[2, 6], [0, 8]]), filters.gaussian(block, { sigma: 1 }).view([[1, 5], [1, 9]]))).toBe(0);
  });

  it("keeps the trimmed path when the map's dtype is not the op's", async () => {
    const x = noise([5, 20, 30]).astype('float32');
    const y = chunked(x, { chunks: [5, 10, 15] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'reflect', sigma: 1, dtype: 'float64' });
    await expect(y.compute({ scheduler: 'sync' })).rejects.toThrow(/returned dtype float32 .* expected float64/);
  });
});

describe('tiles planned for the compute’s workers', () => {
  // 64 small blocks: tiles win whatever the worker count, so the count decides the cut.
  const x = noise([24, 40, 44], 7);
  const y = chunked(x, { chunks: [6, 10, 11] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'reflect', sigma: 1 });
  const whole = filters.gaussian(x, { sigma: 1, mode: 'reflect' });
  const cores = availableParallelism();

  it('cuts the map again for a threads compute on another worker count than the cores it was built for', async () => {
    // Built for the cores; computed on a count that is surely not theirs.
    const other = cores === 3 ? 5 : 3;
    expect(y.taskCounts({ workers: other }).optimized).toBe(other);
    expect(y.taskCounts({ workers: 1 }).optimized).toBe(1);
    const pool = createPool({ workers: other });
    try {
      expect(y.taskCounts({ pool }).optimized).toBe(other);
      expect(maxAbsDiff(await y.compute({ pool }), whole)).toBe(0);
      expect(maxAbsDiff(await y.compute({ workers: 1 }), whole)).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('keeps the built cut under sync, which runs what threads would, one task at a time', async () => {
    expect(y.taskCounts({ scheduler: 'sync' })).toEqual(y.taskCounts());
    expect(maxAbsDiff(await y.compute({ scheduler: 'sync' }), whole)).toBe(0);
  });
});
