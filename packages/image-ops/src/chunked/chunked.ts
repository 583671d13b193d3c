/**
 * ChunkedArray: a lazy n-D array cut into blocks, one task per block — Dask's `dask.array` for
 * images, built on `delayed`.
 *
 * An array starts from a *source* (an in-memory NDArray, or a file read region by region) or
 * from per-block tasks (`origin.blocks`, the result of every other operation). Operations only
 * build tasks, each in its own file:
 * - `mapBlocks` / `mapOverlap` (`blockwise.ts`, several inputs in `map.ts`): output chunks and
 *   dtype known before the run, every block checked; options checked when built (`options.ts`).
 * - `rechunk` (`rechunk.ts`), elementwise ops fused per block (`elementwise.ts`), tree
 *   reductions (`reduction.ts`), `view` slicing, `concatenate`, `stack` (`structure.ts`).
 * - `compute()` — or dusk-graph's `compute`, to which a ChunkedArray is a collection, alone or
 *   among Delayeds — stores every block (or every tile, for a `mapOverlap` run on tiles:
 *   `tiled.ts`; an op with an into variant writes each tile's core there itself, `into.ts`) into
 *   one shared output array (its tasks write it in place;
 *   under a scheduler on other processes, `distributed`, the blocks come back to this thread and
 *   are stored here, as they would write into copies); `store(target)` does the same into an
 *   array the caller has (`store.ts`); `toRaw()`/`toNpy()` write each
 *   block into its place in an output file as it finishes (temp file, renamed at the end);
 *   `toZarr()` writes Zarr chunks the same way (`toZarr.ts`).
 * Each block's steps form a linear chain that the optimizer fuses into one task, so work per
 * block is one dispatch, and independent blocks run on all cores.
 *
 * The op modules never import this class at load time (no import cycle): they build their results
 * with `derive` on an input array and recognize arrays by `isChunked` (`brand.ts`).
 *
 * Params that an op would guess from its input's shape (gaussian's RGB guess) are resolved once
 * from the whole array's shape (`resolveParams`), so every block gets the same explicit params.
 */
import { collect, compute, delayed, duskCollection, type CollectionParts, type ComputeOptions, type Delayed, type DuskCollection } from 'dusk-graph';
import { sharesMemory } from 'dusk-graph/internal';
import { allocate, bytesPerElement, type DType } from '../ndarray/dtype.ts';
import { NDArray, shapeSize } from '../ndarray/ndarray.ts';
import { blockwise } from './blockwise.ts';
import { chunkedBrand } from './brand.ts';
import { astype, binary, clip, type Fused } from './elementwise.ts';
import { reduce, type ReduceOptions } from './reduction.ts';
import { sliceArray, type ChunkSlice } from './structure.ts';
import { checkStoreTarget } from './store.ts';
import { ChunkGrid, normalizeChunks, type Block } from './grid.ts';
import { kernels } from './kernels.ts';
import { parseChunkedOptions, parseMapBlocksOptions, parseMapOverlapOptions, type ChunkedOptions, type MapBlocksOptions, type MapOverlapOptions, type OpParams } from './options.ts';
import { rechunk, type RechunkSpec } from './rechunk.ts';
import type { Boundary } from './depth.ts';
import { blocksMeeting, type Source } from './source.ts';
import type { TileStore } from './into.ts';
import { writeZarr, type ToZarrOptions } from './toZarr.ts';
import { writeChunkedFile, type WriteFileOptions } from './write.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each op types its own params
export type BlockOp = (block: NDArray, params?: any) => NDArray | Promise<NDArray>;

/** One block's task, for custom graphs. */
export interface ChunkTask extends Block {
  readonly delayed: Delayed<NDArray>;
}

/** A task reading the box [start, stop) with a halo of `depth` filled by `boundary` (see `pad.ts`). */
export type BoxTask = (start: number[], stop: number[], depth: number[], boundary: Boundary[]) => Delayed<NDArray>;

/**
 * Where blocks come from: a source read box by box inside the tasks (`source.ts`), a reader that
 * makes such a task for any box (`reader`, e.g. Zarr), or one task per block (C order). A
 * `mapOverlap` whose op has an into variant also carries `store`: how `compute()` has each tile
 * or block write its core straight into the output (`into.ts`).
 */
export type Origin = { source: Source; store?: TileStore; workers?: number; replan?: (workers: number) => Origin | undefined }
  | { reader: BoxTask } | { blocks: Delayed<NDArray>[]; store?: TileStore };

/**
 * How many workers a `threads` compute with `options` runs on when it is not the default pool's
 * count (the pool's, or `workers`); undefined for the default pool and for other schedulers —
 * `sync` runs the graph `threads` would, one task at a time, to debug it.
 */
function workersOf(options: ComputeOptions): number | undefined {
  const o = options as { scheduler?: string; workers?: number; pool?: { workers?: number } };
  if (o.scheduler !== undefined && o.scheduler !== 'threads') return undefined;
  return o.pool?.workers ?? o.workers;
}

export class ChunkedArray implements DuskCollection<NDArray> {
  readonly grid: ChunkGrid;
  readonly dtype: DType;
  /** @internal how the blocks are made; see `region.ts` */
  readonly origin: Origin;
  /** @internal the elementwise expression this array computes, for fusing the next one (`elementwise.ts`) */
  readonly fused: Fused | undefined;

  constructor(grid: ChunkGrid, dtype: DType, origin: Origin, fused?: Fused) {
    this.grid = grid;
    this.dtype = dtype;
    this.origin = origin;
    this.fused = fused;
  }

  /** @internal the mark `isChunked` (`brand.ts`) checks, on the prototype as `instanceof` is */
  get [chunkedBrand](): true { return true; }

  /** @internal a new ChunkedArray, for the op modules that build one from this input (`brand.ts`) */
  derive(grid: ChunkGrid, dtype: DType, origin: Origin, fused?: Fused): ChunkedArray {
    return new ChunkedArray(grid, dtype, origin, fused);
  }

  get shape(): readonly number[] { return this.grid.shape; }
  get ndim(): number { return this.grid.ndim; }
  get size(): number { return this.grid.shape.reduce((a, b) => a * b, 1); }
  /** Chunk lengths per axis (Dask's `.chunks`). */
  get chunks(): readonly (readonly number[])[] { return this.grid.chunks; }
  get numBlocks(): number[] { return this.grid.numBlocks; }

  private readerBlocks: Delayed<NDArray>[] | undefined;

  /** The task producing each block, in C order of block index (one task per block for good with a reader). */
  blockTasks(): Delayed<NDArray>[] {
    const o = this.origin;
    if ('blocks' in o) return o.blocks;
    if ('reader' in o) return (this.readerBlocks ??= this.grid.blocks().map((b) => o.reader([...b.start], [...b.stop], b.start.map(() => 0), b.start.map(() => 'none'))));
    const src = o.source;
    return this.grid.blocks().map((b) => src.kind === 'array'
      ? delayed(kernels.viewBlock)(src.array, [...b.start], [...b.stop])
      : delayed(kernels.readBlock)(src.kind === 'blocks' ? blocksMeeting(src, (ax, lo, hi) => lo < b.stop[ax]! && hi > b.start[ax]!) : src, [...b.start], [...b.stop]));
  }

  toDelayed(): ChunkTask[] {
    const tasks = this.blockTasks();
    return this.grid.blocks().map((b, k) => ({ ...b, delayed: tasks[k]! }));
  }

  /**
   * `op(block, params)` for every block (Dask's `map_blocks`); see `blockwise.ts` for how the
   * output's chunks and dtype are given, inferred and checked. Options other than the own ones
   * are the op's params.
   */
  mapBlocks<F extends BlockOp>(op: F, options?: MapBlocksOptions & OpParams<F>): ChunkedArray {
    const { own, params } = parseMapBlocksOptions('mapBlocks', op, options);
    return blockwise({ where: 'mapBlocks', op, inputs: [this], own, params, overlap: false });
  }

  /**
   * `op(block with halo, params)` for every block, trimmed back (Dask's `map_overlap`): each
   * block is read with a halo of `depth` pixels — straight from the source, or assembled from the
   * neighbouring blocks' results — filled by `boundary` at the array's edges.
   */
  mapOverlap<F extends BlockOp>(op: F, options: MapOverlapOptions & OpParams<F>): ChunkedArray {
    const { own, params } = parseMapOverlapOptions('mapOverlap', op, options);
    return blockwise({ where: 'mapOverlap', op, inputs: [this], own, params, overlap: true });
  }

  // ---- elementwise, fused per block (see `elementwise.ts`) ----
  add(other: ChunkedArray | number): ChunkedArray { return binary('add', this, other); }
  sub(other: ChunkedArray | number): ChunkedArray { return binary('sub', this, other); }
  mul(other: ChunkedArray | number): ChunkedArray { return binary('mul', this, other); }
  /** True division (integers give float64). */
  div(other: ChunkedArray | number): ChunkedArray { return binary('div', this, other); }
  lt(other: ChunkedArray | number): ChunkedArray { return binary('lt', this, other); }
  le(other: ChunkedArray | number): ChunkedArray { return binary('le', this, other); }
  gt(other: ChunkedArray | number): ChunkedArray { return binary('gt', this, other); }
  ge(other: ChunkedArray | number): ChunkedArray { return binary('ge', this, other); }
  eq(other: ChunkedArray | number): ChunkedArray { return binary('eq', this, other); }
  ne(other: ChunkedArray | number): ChunkedArray { return binary('ne', this, other); }
  clip(lo: ChunkedArray | number, hi: ChunkedArray | number): ChunkedArray { return clip(this, lo, hi); }
  astype(dtype: DType): ChunkedArray { return astype(this, dtype); }

  // ---- tree reductions (see `reduction.ts`): an axis, a list of axes, or options ----
  sum(axis?: number | readonly number[] | ReduceOptions): ChunkedArray { return reduce(this, 'sum', axis); }
  mean(axis?: number | readonly number[] | ReduceOptions): ChunkedArray { return reduce(this, 'mean', axis); }
  min(axis?: number | readonly number[] | ReduceOptions): ChunkedArray { return reduce(this, 'min', axis); }
  max(axis?: number | readonly number[] | ReduceOptions): ChunkedArray { return reduce(this, 'max', axis); }
  var(axis?: number | readonly number[] | ReduceOptions): ChunkedArray { return reduce(this, 'var', axis); }
  std(axis?: number | readonly number[] | ReduceOptions): ChunkedArray { return reduce(this, 'std', axis); }

  /** A sub-array by NDArray.view's slices, steps included (see `structure.ts`). */
  view(slices: readonly ChunkSlice[]): ChunkedArray { return sliceArray(this, slices); }

  /** The same array cut into other blocks (see `rechunk.ts`). */
  rechunk(chunks: RechunkSpec): ChunkedArray {
    return rechunk(this, chunks);
  }

  /**
   * The tasks `compute()` stores, with where each goes: the blocks, or the tiles of a mapOverlap
   * run on tiles (`tiled.ts`), stored whole so each voxel is copied once.
   */
  private storedTasks(): { tasks: Delayed<NDArray>[]; starts: readonly (readonly number[])[] } {
    const o = this.origin;
    if ('source' in o && o.source.kind === 'blocks') return { tasks: o.source.blocks as unknown as Delayed<NDArray>[], starts: o.source.starts };
    return { tasks: this.blockTasks(), starts: this.grid.blocks().map((b) => b.start) };
  }

  /**
   * Tasks in the graph `compute(options)` runs — the blocks' (or tiles') tasks and their stores
   * into the output, or the into variant's one task per tile — as built and after optimization
   * (fused per block or tile). Nothing is allocated: the stores are built on a stand-in output.
   */
  taskCounts(options: ComputeOptions = {}): { built: number; optimized: number } {
    const { nodes } = this.computeParts(new NDArray(allocate(this.dtype, 0), [0], { dtype: this.dtype }), options);
    return { built: collect(nodes, { optimizeGraph: false }).graph.size, optimized: collect(nodes).graph.size };
  }

  /**
   * The collection protocol of `compute` (dusk-graph's `collection.ts`): the output is allocated
   * here, before any block runs; each block's task stores into it in place, or — under a
   * scheduler on other processes, whose tasks would store into copies, or into a `store` target
   * not on a SharedArrayBuffer — the blocks come back and are stored on this thread.
   */
  [duskCollection](options: ComputeOptions): CollectionParts<NDArray> {
    // Every element is written by a block's (or tile's) store before the output is returned.
    const out = new NDArray(allocate(this.dtype, shapeSize(this.shape), { zeroed: false, site: { where: 'compute', shape: this.shape } }), this.shape, { dtype: this.dtype });
    return this.computeParts(out, options);
  }

  /** The nodes `compute(options)` runs to fill `out`, and its value from their results. */
  private computeParts(out: NDArray, options: ComputeOptions): CollectionParts<NDArray> {
    // A map cut into tiles for another worker count than this compute's: cut again (`tiled.ts`).
    const o = this.origin, w = workersOf(options);
    const again = 'replan' in o && o.replan && w !== undefined && w !== o.workers ? o.replan(w) : undefined;
    if (again) return this.derive(this.grid, this.dtype, again).computeParts(out, options);
    const { tasks, starts } = this.storedTasks();
    const blocks = starts.map((start) => ({ start }));
    if (!sharesMemory(options) || !(out.data.buffer instanceof SharedArrayBuffer)) {
      return {
        nodes: tasks,
        finalize: (results) => {
          results.forEach((block, k) => kernels.storeBlock(block as NDArray, out, [...blocks[k]!.start]));
          return out;
        },
      };
    }
    // A mapOverlap whose op writes each tile's core into the output itself (`into.ts`).
    if ('store' in this.origin && this.origin.store) return { nodes: this.origin.store(out), finalize: () => out };
    return { nodes: tasks.map((t, k) => delayed(kernels.storeBlock)(t, out, [...blocks[k]!.start])), finalize: () => out };
  }

  /** Compute all blocks into one NDArray (on a SharedArrayBuffer); `compute([a, b])` computes several in one graph. */
  compute(options: ComputeOptions = {}): Promise<NDArray> {
    return compute(this, options);
  }

  /**
   * Compute all blocks into `target` — an NDArray of this shape and dtype, or a view of one —
   * and return it (Dask's `da.store`, NumPy's `out=`; see `store.ts`).
   */
  store(target: NDArray, options: ComputeOptions = {}): Promise<NDArray> {
    const out = checkStoreTarget(target, this.shape, this.dtype, this.storedTasks().tasks);
    const parts: DuskCollection<NDArray> = { [duskCollection]: (o: ComputeOptions) => this.computeParts(out, o) };
    return compute(parts, options);
  }

  /** Write the array to a raw file (C order), block by block as blocks finish. */
  toRaw(path: string, options: WriteFileOptions = {}): Promise<void> {
    return writeChunkedFile(this, this.blockTasks(), path, 'raw', options);
  }

  /** Write the array to a `.npy` file, block by block as blocks finish. */
  toNpy(path: string, options: ComputeOptions = {}): Promise<void> {
    return writeChunkedFile(this, this.blockTasks(), path, 'npy', options);
  }

  /** Write the array as a Zarr array (v2 or v3) directory, chunk by chunk in parallel (see `toZarr.ts`). */
  toZarr(path: string, options: ToZarrOptions = {}): Promise<void> {
    return writeZarr(this, path, options);
  }

  toString(): string {
    return `ChunkedArray(shape=[${this.shape.join(', ')}], dtype=${this.dtype}, chunks=[${this.grid.chunks.map((c) => c[0]).join(', ')}], blocks=${this.grid.size})`;
  }
}

/** Shared SAB-backed data for tasks: arrays on ordinary ArrayBuffers are copied once here. */
function shareable(a: NDArray): NDArray {
  return a.data.buffer instanceof SharedArrayBuffer ? a : a.copy();
}

/** A lazy chunked view of `array`. */
export function chunked(array: NDArray, options?: ChunkedOptions): ChunkedArray {
  const given: unknown = array; // JavaScript callers may pass anything
  if (!(given instanceof NDArray)) throw new TypeError(`chunked: expected an NDArray, received ${given === null ? 'null' : typeof given}`);
  const { chunks: spec } = parseChunkedOptions('chunked', options);
  const chunks = normalizeChunks('chunked', array.shape, spec, bytesPerElement(array.dtype));
  return new ChunkedArray(new ChunkGrid(array.shape, chunks), array.dtype, { source: { kind: 'array', array: shareable(array) } });
}
