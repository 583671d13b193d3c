/**
 * mapOverlap on any grid (issue 16, item 2): halos padded only where the op cannot extend the
 * array's edges itself (`chunked/edges.ts`), blocks too small to pay for themselves merged into
 * tiles (`chunked/tiles.ts`), each padded block written once. Results stay exactly those of one
 * whole-volume call, and match Dask's `map_overlap` (test/fixtures/chunked/overlap, made by its
 * make_overlap_fixtures.py) on grids that do not divide the volume, blocks smaller than the
 * depth and axes with no halo.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from 'dusk-graph';
import 'dusk-scheduler';
import { chunked, filters, io, type Boundary, type NDArray } from 'dusk-image-ops';
import { blockBoundary, declareEdgeModes, declareFootprint, planOverlap, planTiles, tilePlans } from 'dusk-image-ops/testing';
import { maxAbsDiff, noise } from '../helpers/index.ts';

const sync = { scheduler: 'sync' } as const;
const FIXTURES = join(import.meta.dirname, '../fixtures/chunked/overlap');

/** gaussian's own mode that gives `boundary`'s values on the whole volume. */
const modeOf = (b: Boundary) => (b === 'none' ? 'nearest' : b === 'periodic' ? 'wrap' : typeof b === 'number' ? 'constant' : b);
const whole = (x: NDArray, b: Boundary, sigma: number | number[]) => filters.gaussian(x, { sigma, mode: modeOf(b), cval: typeof b === 'number' ? b : 0 });
/** How many times the graph of `blocks` calls `op`. */
const opCalls = (blocks: ReturnType<ReturnType<typeof chunked>['blockTasks']>, op: string) =>
  collect(blocks).graph.tasks.flatMap((t) => t.steps).filter((st) => st.name === op).length;

const BOUNDARIES: Boundary[] = ['none', 'reflect', 'nearest', 'periodic', 0.5];

describe('mapOverlap results equal the whole-volume call', () => {
  it.each(BOUNDARIES)('for boundary %s on grids that do not divide the volume, blocks smaller than the depth included', async (boundary) => {
    const x = noise([7, 23, 26]);
    for (const chunks of [[3, 6, 6], [2, 3, 3], [7, 23, 5], [1, 23, 26]]) {
      for (const sigma of [1, 1.5]) {
        const y = await chunked(x, { chunks }).mapOverlap(filters.gaussian, { depth: 'auto', boundary, sigma }).compute(sync);
        expect(maxAbsDiff(y, whole(x, boundary, sigma)), `chunks ${chunks}, σ ${sigma}`).toBe(0);
      }
    }
  });

  it.each(BOUNDARIES)('for boundary %s in float32 with no halo on an axis and a depth larger than the reach', async (boundary) => {
    const x = noise([9, 20, 17]).astype('float32');
    const sigma = [0, 1, 2];
    const y = await chunked(x, { chunks: [4, 7, 5] }).mapOverlap(filters.gaussian, { depth: [0, 5, 9], boundary, sigma }).compute({ scheduler: 'threads', workers: 2 });
    expect(y.dtype).toBe('float32');
    expect(maxAbsDiff(y, whole(x, boundary, sigma))).toBe(0);
  });

  it.each(['reflect', 'periodic', 0.25] as Boundary[])('for boundary %s when the halo comes from the blocks of an earlier step', async (boundary) => {
    const x = noise([6, 30, 21]);
    const blocks = chunked(x, { chunks: [6, 7, 4] }).mul(1); // an array of block tasks, not a source
    const y = await blocks.mapOverlap(filters.gaussian, { depth: 'auto', boundary, sigma: 1.2 }).compute(sync);
    expect(maxAbsDiff(y, whole(x, boundary, 1.2))).toBe(0);
  });
});

describe('mapOverlap on the result of another mapOverlap', () => {
  it('reads its halos from the tiles of the first, and equals two whole-volume calls', async () => {
    const x = noise([10, 44, 38]);
    const first = chunked(x, { chunks: [5, 11, 19] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'reflect', sigma: 1 });
    const second = first.mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'periodic', sigma: 0.8 });
    expect(second.chunks).toEqual(first.chunks);
    const want = filters.gaussian(filters.gaussian(x, { sigma: 1, mode: 'reflect' }), { sigma: 0.8, mode: 'wrap' });
    expect(maxAbsDiff(await second.compute({ scheduler: 'threads', workers: 2 }), want)).toBe(0);
    expect(maxAbsDiff((await second.rechunk([10, 44, 38]).compute(sync)), want)).toBe(0);
  });
});

describe("mapOverlap matches Dask's map_overlap (fixtures)", () => {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as {
    cases: { name: string; input: string; chunks: number[][]; boundary: Boundary; sigma: number | number[]; depth: number | number[] }[];
  };
  it.each(manifest.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const x = io.readNpy(join(FIXTURES, `in-${c.input}.npy`));
    const want = io.readNpy(join(FIXTURES, `${c.name}.npy`));
    const y = await chunked(x, { chunks: c.chunks }).mapOverlap(filters.gaussian, { depth: c.depth, boundary: c.boundary, sigma: c.sigma }).compute(sync);
    expect(y.dtype).toBe(want.dtype);
    expect(maxAbsDiff(y, want)).toBeLessThan(x.dtype === 'float32' ? 1e-6 : 1e-12);
    expect(maxAbsDiff(y, whole(x, c.boundary, c.sigma))).toBe(0);
  });
});

describe('blocks too small to pay for themselves', () => {
  it('run merged into fewer tiles, while the output keeps the chunks it was given', async () => {
    const x = noise([8, 60, 50]);
    const y = chunked(x, { chunks: [4, 10, 10] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'reflect', sigma: 1 });
    expect(y.numBlocks).toEqual([2, 6, 5]);
    const calls = opCalls(y.blockTasks(), 'gaussian');
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(60);
    const want = whole(x, 'reflect', 1);
    expect(maxAbsDiff(await y.compute(sync), want)).toBe(0);
    // each output block, read on its own, is its part of the result
    const tasks = y.toDelayed();
    const some = [0, 17, 59].map((k) => tasks[k]!);
    const { compute } = await import('dusk-graph');
    const blocks = await compute(some.map((t) => t.delayed), sync);
    some.forEach((t, i) => expect(maxAbsDiff(blocks[i]!, want.view(t.start.map((s, ax) => [s, t.stop[ax]!] as const)).copy())).toBe(0));
  });

  it('keep their own grid when the op is the user\'s (its results may depend on the blocks)', () => {
    const x = noise([8, 60, 50]);
    const own = (b: NDArray) => b.copy();
    const y = chunked(x, { chunks: [4, 10, 10] }).mapOverlap(own, { depth: 1, boundary: 'reflect' });
    expect(opCalls(y.blockTasks(), 'own')).toBe(60);
  });

  it("keep their own grid when the op's own mode wraps under boundary none: each block's edges, as in Dask, whatever the worker count", async () => {
    const x = noise([30, 30]);
    const map = () => chunked(x, { chunks: 10 }).mapOverlap(filters.gaussian, { depth: 'auto', sigma: 1, mode: 'wrap' });
    expect(opCalls(map().blockTasks(), 'gaussian')).toBe(9);
    // Dask's map_overlap: each block with its interior halo (4 = the auto depth of σ 1), the op's wrap on the rest, trimmed.
    const want = x.copy();
    for (const r of [0, 10, 20]) for (const c of [0, 10, 20]) {
      const [r0, c0] = [Math.max(0, r - 4), Math.max(0, c - 4)];
      const padded = filters.gaussian(x.view([[r0, Math.min(30, r + 14)], [c0, Math.min(30, c + 14)]]).copy(), { sigma: 1, mode: 'wrap' });
      for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) want.set([r + i, c + j], padded.get(r - r0 + i, c - c0 + j));
    }
    for (const o of [sync, { workers: 1 }, { workers: 2 }, { workers: 3 }]) expect(maxAbsDiff(await map().compute(o), want)).toBe(0);
  });

  it('keep their own grid when the depth is shorter than the reach (seams, as in Dask)', () => {
    const y = chunked(noise([8, 60, 50]), { chunks: [4, 10, 10] }).mapOverlap(filters.gaussian, { depth: 2, boundary: 'reflect', sigma: 1 });
    expect(opCalls(y.blockTasks(), 'gaussian')).toBe(60);
  });

  it('are cut into one tile per worker across the axis whose halo costs least', () => {
    const spec = { shape: [32, 256, 256], chunks: [[16, 16], [86, 86, 84], [86, 86, 84]], depth: [16, 16, 16], padsEdges: [false, false, false], splittable: [true, true, true], itemBytes: 4 };
    expect(planTiles({ ...spec, workers: 2 })).toEqual([[32], [128, 128], [256]]);
    const four = planTiles({ ...spec, workers: 4 })!;
    expect(four.reduce((n, c) => n * c.length, 1)).toBe(4);
    expect(planTiles({ ...spec, workers: 2, splittable: [true, false, false] })).toEqual([[16, 16], [256], [256]]);
  });

  it('are cut across the first axis for an op that only reads the halo there (into variants skip the rows no later pass reads)', () => {
    const spec = { shape: [64, 160, 190], chunks: [[32, 32], [54, 54, 52], [64, 64, 62]], depth: [16, 16, 16], padsEdges: [false, false, false], splittable: [true, true, true], itemBytes: 4, workers: 2 };
    // every pass filters a padded tile: the halo along axis 0 costs as much as along axis 1
    expect(planTiles(spec)).toEqual([[64], [80, 80], [190]]);
    // the first pass computes only the core planes, later ones never see that halo: slabs of the array's own blocks
    expect(planTiles({ ...spec, cropsHalo: true })).toEqual([[32, 32], [160], [190]]);
    // a halo along axis 1 is still filtered by the first pass: where axis 0 may not be cut, axis 1 is
    expect(planTiles({ ...spec, cropsHalo: true, splittable: [false, true, true] })).toEqual([[64], [80, 80], [190]]);
  });

  it('are planned once per shape: building the same map again reuses the cut, and each caller gets its own copy', () => {
    const x = noise([8, 61, 47]);
    const build = () => chunked(x, { chunks: [4, 13, 17] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary: 'nearest', sigma: 1.25 });
    build();
    const before = tilePlans();
    for (let i = 0; i < 5; i++) build();
    expect(tilePlans()).toBe(before);
    const spec = { shape: [8, 61, 47], chunks: [[4, 4], [13, 13, 13, 13, 9], [17, 17, 13]], depth: [5, 5, 5], padsEdges: [false, false, false], splittable: [true, true, true], itemBytes: 8, workers: 3 };
    const a = planTiles(spec)!;
    a[0]!.push(99);
    expect(planTiles(spec)).not.toEqual(a);
    expect(tilePlans()).toBe(before + 1);
  });

  it('are left alone when large: the notebook volume in one slab per worker keeps its blocks', () => {
    const spec = { shape: [50, 1104, 1104], depth: [12, 12, 12], padsEdges: [false, false, false], splittable: [true, true, true], itemBytes: 4, workers: 2 };
    expect(planTiles({ ...spec, chunks: [[50], [552, 552], [1104]] })).toBeUndefined();
    // in 2×2 blocks every row is cut in two (each row costs a fixed amount): whole rows win
    const cut = planTiles({ ...spec, chunks: [[50], [552, 552], [552, 552]] })!;
    expect(cut[2]).toEqual([1104]);
    expect(cut[1]!.length % 2).toBe(0);
  });
});

describe('padding only where the op cannot extend the edges itself', () => {
  const shape = [9, 20, 17];
  const plan = (boundary: Boundary[], depth = [8, 8, 8], dtype: 'float32' | 'float64' = 'float32') =>
    planOverlap(filters.gaussian, { sigma: 2 }, shape, dtype, depth, boundary, [false, false, false], true);

  it("maps Dask's boundaries to scipy's modes: reflect → 'reflect' (NumPy symmetric), periodic → 'wrap', a number → 'constant'", () => {
    expect(plan(['reflect', 'reflect', 'reflect']).params).toMatchObject({ mode: 'reflect' });
    expect(plan(['periodic', 'periodic', 'periodic']).params).toMatchObject({ mode: 'wrap' });
    expect(plan([0.5, 0.5, 0.5]).params).toMatchObject({ mode: 'constant', cval: 0.5 });
    expect(plan(['nearest', 'nearest', 'nearest']).selfPad).toEqual(['always', 'always', 'always']);
    expect(plan(['reflect', 'reflect', 'reflect']).selfPad).toEqual(['reach', 'reach', 'reach']);
  });

  it("keeps the op's own mode where an axis has boundary none, padding the axes whose boundary differs", () => {
    const p = plan(['none', 'reflect', 'nearest']);
    expect(p.params).not.toHaveProperty('mode');
    expect(p.selfPad).toEqual([undefined, undefined, 'always']);
  });

  it('pads a constant the float32 input cannot hold exactly, and reads only the reach when the depth is larger', () => {
    expect(plan([0.1, 0.1, 0.1]).selfPad).toEqual([undefined, undefined, undefined]);
    expect(plan([0.1, 0.1, 0.1], [8, 8, 8], 'float64').selfPad).toEqual(['always', 'always', 'always']);
    expect(plan(['reflect', 'reflect', 'reflect'], [12, 9, 8]).depth).toEqual([8, 8, 8]);
    expect(plan(['reflect', 'reflect', 'reflect'], [12, 7, 8]).depth).toEqual([12, 7, 8]); // short on axis 1: as given
  });

  it('leaves a reflecting edge to the op even for a block of 2 (its halo makes it the reach long), and pads a periodic one unless the block is the whole axis', () => {
    const r = planOverlap(filters.gaussian, { sigma: 3 }, [30, 30], 'float64', [12, 12], ['reflect', 'reflect'], [false, false], true);
    expect(blockBoundary(r, [30, 30], [0, 0], [2, 30], ['reflect', 'reflect'])).toEqual(['none', 'none']);
    expect(blockBoundary(r, [30, 30], [28, 0], [30, 30], ['reflect', 'reflect'])).toEqual(['none', 'none']);
    const p = plan(['periodic', 'periodic', 'periodic']);
    expect(blockBoundary(p, shape, [0, 0, 0], [9, 10, 17], ['periodic', 'periodic', 'periodic'])).toEqual(['none', 'periodic', 'none']);
  });

  it('hands an op that extends the edges itself views of the in-memory array, never padded copies', async () => {
    const seen: NDArray[] = [];
    const spy = (block: NDArray, p: { sigma: number; mode?: 'reflect' | 'nearest' }) => {
      seen.push(block);
      return filters.gaussian(block, p);
    };
    declareFootprint(spy, (p: { sigma: number }, s) => s.map(() => Math.floor(4 * p.sigma + 0.5)));
    declareEdgeModes(spy, { modeKey: 'mode', boundaries: { reflect: 'reflect', nearest: 'nearest' } }, (p) => ({ mode: 'nearest', ...(p as object) }));
    const c = chunked(noise([6, 40, 36]), { chunks: [6, 20, 18] });
    const source = (c.origin as { source: { array: NDArray } }).source.array;
    for (const boundary of ['reflect', 'nearest'] as const) {
      seen.length = 0;
      const y = await c.mapOverlap(spy, { depth: 'auto', boundary, sigma: 1, dtype: 'float64' }).compute(sync);
      expect(seen.length).toBeGreaterThan(0);
      for (const b of seen) expect(b.data.buffer).toBe(source.data.buffer);
      expect(maxAbsDiff(y, whole(source, boundary, 1))).toBe(0);
    }
  });
});
