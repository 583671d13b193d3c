/**
 * A `mapOverlap` run on tiles other than the array's blocks (the cut is chosen by `tiles.ts`):
 * each tile is read with its halo (a view of an in-memory array where no padding is needed), the
 * op runs on it, the result is checked and its halo trimmed (a view). The output keeps the
 * array's chunks, as Dask's `map_overlap` does: its origin is a `blocks` source over the trimmed
 * tiles, so `compute()` stores each tile straight into the output (one copy per voxel) and any
 * other consumer reads each output block from the tiles it meets (a view when it lies in one).
 * When the op has an into variant (`into.ts`, e.g. gaussian), the map also offers `store`: one
 * task per tile that writes the tile's core straight into `compute()`'s output — no padded
 * result, no check or trim step, no copy. The two share the tiles' padded reads.
 *
 * The cut is planned at build time for the default pool (the cores); a `threads` compute on
 * another count — `workers`, or a pool of its own — re-plans it for that count (`replan`, used by
 * `ChunkedArray.computeParts`), so a 64-core machine computing with 2 workers does not cut the
 * volume into 64–256 tiles. `sync` keeps the built cut: it runs what `threads` would, to debug.
 */
import type { Delayed } from 'dusk-graph';
import { delayed } from 'dusk-graph';
import { bytesPerElement, type DType } from '../ndarray/dtype.ts';
import type { NDArray } from '../ndarray/ndarray.ts';
import type { BlocksSource } from './source.ts';
import type { ChunkedArray } from './chunked.ts';
import type { Boundary } from './depth.ts';
import { blockBoundary, type OverlapPlan } from './edges.ts';
import { ChunkGrid } from './grid.ts';
import { intoStore, type IntoFn, type TileStore } from './into.ts';
import { kernels } from './kernels.ts';
import { paddedRegion } from './pad.ts';
import { paddedTask } from './region.ts';
import { planTiles, tileWorkers } from './tiles.ts';

export interface TiledSpec {
  where: string;
  name: string;
  call: (...args: unknown[]) => Delayed<NDArray>;
  array: ChunkedArray;
  plan: OverlapPlan;
  boundary: readonly Boundary[];
  params: Record<string, unknown>;
  dtype: DType;
  /** The op's into variant (`into.ts`), when its output dtype is the map's. */
  into?: IntoFn;
  /** Worker count the cut is planned for. @default os.availableParallelism() */
  workers?: number;
}

/** The map on tiles: a `blocks` source over the trimmed tiles, and the into variant's store. */
export interface TiledOrigin {
  source: BlocksSource;
  store?: TileStore;
  /** The worker count the cut was planned for. */
  workers: number;
  /** The same map cut for another worker count; undefined when that count is this one's, or the array's own blocks suit it better. */
  replan: (workers: number) => TiledOrigin | undefined;
}

/**
 * The map on tiles — the output's origin, a `blocks` source over the trimmed tiles, for the
 * array's own chunks — or undefined when the array's own blocks are the better cut.
 */
export function tiledOverlap(spec: TiledSpec): TiledOrigin | undefined {
  const { array, plan, boundary } = spec;
  const shape = array.shape;
  const workers = tileWorkers(spec.workers);
  const inert = boundary.map((b, ax) => b === 'none' && array.chunks[ax]!.length === 1);
  const cut = planTiles({
    shape, chunks: array.chunks, depth: plan.depth, itemBytes: bytesPerElement(array.dtype), workers,
    padsEdges: boundary.map((b, ax) => b !== 'none' && plan.selfPad[ax] === undefined && plan.depth[ax]! > 0),
    splittable: inert.map((i) => !i), cropsHalo: spec.into !== undefined,
  });
  if (!cut) return undefined;
  const replanned = new Map<number, TiledOrigin | undefined>();
  const tiles = new ChunkGrid(shape, cut).blocks().map((t) => {
    const bounds = blockBoundary(plan, shape, t.start, t.stop, [...boundary]);
    return { ...t, region: paddedRegion(shape, t.start, t.stop, plan.depth, bounds), read: paddedTask(array, t.start, t.stop, plan.depth, bounds) };
  });
  const results = tiles.map((t) => {
    const r = t.region;
    const result = spec.call(t.read, spec.params);
    const expect = r.stop.map((e, ax) => e - r.start[ax]!);
    const checked = delayed(kernels.checkResult)(result, expect, spec.dtype, spec.where, spec.name, [...t.index]);
    return delayed(kernels.trimBlock)(checked, r.lo, r.hi) as Delayed<NDArray>;
  });
  return {
    source: {
      kind: 'blocks', shape: [...shape], dtype: spec.dtype, blocks: results as unknown as NDArray[],
      starts: tiles.map((t) => [...t.start]), stops: tiles.map((t) => [...t.stop]),
    },
    ...(spec.into ? { store: intoStore(spec.into, spec.name, spec.params, tiles.map((t) => ({ read: t.read, start: t.start, lo: t.region.lo, hi: t.region.hi }))) } : {}),
    workers,
    replan: (w) => {
      if (w === workers) return undefined;
      // Remembered per count: a script computes the same map on the same workers again and again.
      if (!replanned.has(w)) replanned.set(w, tiledOverlap({ ...spec, workers: w }));
      return replanned.get(w);
    },
  };
}
