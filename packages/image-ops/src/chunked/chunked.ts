/**
 * ChunkedArray: a lazy n-D array cut into blocks, one task per block — Dask's `dask.array` for
 * images, built on `delayed`.
 *
 * An array starts from a *source* (an in-memory NDArray, or a file read region by region) or
 * from per-block tasks (the result of `mapBlocks`/`mapOverlap`). Operations only build tasks:
 * - `mapBlocks(op, params)`: `op(block, params)` per block.
 * - `mapOverlap(op, { depth, boundary, trim, ...params })`: each block is read with a halo of
 *   `depth` pixels — straight from the source, or assembled from the neighbouring blocks'
 *   results — filled by `boundary` at the array's edges, passed to `op`, and trimmed back.
 * - `compute()` stores every block into one shared output array; `toRaw()`/`toNpy()` write each
 *   block into its place in an output file as it finishes (temp file, renamed at the end).
 * Each block's steps form a linear chain that the optimizer fuses into one task, so work per
 * block is one dispatch, and independent blocks run on all cores.
 *
 * Params that an op would guess from its input's shape (gaussian's RGB guess) are resolved once
 * from the whole array's shape (`resolveParams`), so every block gets the same explicit params.
 */
import { collect, compute, delayed, funcName, type ComputeOptions, type Delayed } from 'dusk-graph';
import { resolveParams } from '../core/footprint.ts';
import { zeros } from '../ndarray/create.ts';
import { bytesPerElement, type DType } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { normalizeBoundary, normalizeDepth, type BoundarySpec, type DepthSpec } from './depth.ts';
import { ChunkGrid, normalizeChunks, type Block, type ChunkSpec } from './grid.ts';
import { kernels } from './kernels.ts';
import { paddedRegion, sourceCoord } from './pad.ts';
import type { Source } from './source.ts';
import { writeChunkedFile, type WriteFileOptions } from './write.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BlockOp = (block: NDArray, params?: any) => NDArray | Promise<NDArray>;

export interface MapBlocksOptions {
  /** Output dtype; inferred by running the op on a tiny block when omitted. */
  dtype?: DType;
  /** Task name prefix. @default the op's name */
  name?: string;
  /** Everything else is passed to the op as its params object. */
  [param: string]: unknown;
}

export interface MapOverlapOptions extends MapBlocksOptions {
  /** Halo per axis: a number, per-axis list, `{ [axis]: n }`, or 'auto' (the op's footprint). */
  depth: DepthSpec;
  /** Fill beyond the array's edges. @default 'none' (the op's own edge handling applies, as in Dask ≥ 2023) */
  boundary?: BoundarySpec;
  /** Cut the halo off each result block. @default true */
  trim?: boolean;
}

/** One block's task, for custom graphs. */
export interface ChunkTask extends Block {
  readonly delayed: Delayed<NDArray>;
}

type Origin = { source: Source } | { blocks: Delayed<NDArray>[] };

function splitOptions<T extends MapBlocksOptions>(opts: T, own: readonly string[]) {
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) if (!own.includes(k)) params[k] = v;
  return params;
}

function inferDType(where: string, op: BlockOp, params: Record<string, unknown>, like: NDArray | { shape: readonly number[]; dtype: DType }, ndim: number): DType {
  const probe = zeros(like.shape.map((n) => Math.min(n, 8)).slice(0, ndim), { dtype: like.dtype, shared: false });
  let why = 'it did not return an NDArray';
  try {
    const r = op(probe, params);
    if (r instanceof NDArray) return r.dtype;
  } catch (e) {
    why = `it threw ${(e as Error).message}`;
  }
  throw new TypeError(`${where}: cannot infer the output dtype by running '${op.name || 'op'}' on a small block (${why}); pass { dtype }`);
}

export class ChunkedArray {
  readonly grid: ChunkGrid;
  readonly dtype: DType;
  private readonly origin: Origin;

  constructor(grid: ChunkGrid, dtype: DType, origin: Origin) {
    this.grid = grid;
    this.dtype = dtype;
    this.origin = origin;
  }

  get shape(): readonly number[] { return this.grid.shape; }
  get ndim(): number { return this.grid.ndim; }
  /** Chunk lengths per axis (Dask's `.chunks`). */
  get chunks(): readonly (readonly number[])[] { return this.grid.chunks; }
  get numBlocks(): number[] { return this.grid.numBlocks; }

  /** The task producing each block, in C order of block index. */
  blockTasks(): Delayed<NDArray>[] {
    const o = this.origin;
    if ('blocks' in o) return o.blocks;
    const src = o.source;
    return this.grid.blocks().map((b) => src.kind === 'array'
      ? delayed(kernels.viewBlock)(src.array, [...b.start], [...b.stop])
      : delayed(kernels.readBlock)(src, [...b.start], [...b.stop]));
  }

  toDelayed(): ChunkTask[] {
    const tasks = this.blockTasks();
    return this.grid.blocks().map((b, k) => ({ ...b, delayed: tasks[k]! }));
  }

  mapBlocks(op: BlockOp, options: MapBlocksOptions = {}): ChunkedArray {
    const params = resolveParams(op, splitOptions(options, ['dtype', 'name']), this.shape);
    const dtype = options.dtype ?? inferDType('mapBlocks', op, params, this, this.ndim);
    const call = delayed(op, { name: options.name ?? funcName(op) });
    const blocks = this.blockTasks().map((b) => call(b, params) as Delayed<NDArray>);
    return new ChunkedArray(this.grid, dtype, { blocks });
  }

  mapOverlap(op: BlockOp, options: MapOverlapOptions): ChunkedArray {
    const where = 'mapOverlap';
    const params = resolveParams(op, splitOptions(options, ['dtype', 'name', 'depth', 'boundary', 'trim']), this.shape);
    const boundary = normalizeBoundary(where, options.boundary ?? 'none', this.ndim);
    const inert = boundary.map((b, ax) => b === 'none' && this.grid.chunks[ax]!.length === 1);
    const depth = normalizeDepth(where, options.depth, this.shape, op, params, inert);
    const trim = options.trim ?? true;
    const dtype = options.dtype ?? inferDType(where, op, params, this, this.ndim);
    const call = delayed(op, { name: options.name ?? funcName(op) });
    const blocks = this.blockTasks();
    const out: Delayed<NDArray>[] = [];
    const outChunks = this.grid.chunks.map((c) => [...c]);
    for (const b of this.grid.blocks()) {
      const region = paddedRegion(this.shape, b.start, b.stop, depth, boundary);
      const padded = delayed(kernels.readPadded)(this.sourceFor(region, boundary, blocks), [...b.start], [...b.stop], depth, boundary);
      const result = call(padded, params) as Delayed<NDArray>;
      const shape = region.stop.map((e, ax) => e - region.start[ax]!);
      out.push(trim ? delayed(kernels.trimBlock)(result, shape, region.lo, region.hi) : result);
      if (!trim) b.index.forEach((i, ax) => (outChunks[ax]![i] = shape[ax]!));
    }
    return new ChunkedArray(trim ? this.grid : new ChunkGrid(outChunks.map((c) => c.reduce((a, x) => a + x, 0)), outChunks), dtype, { blocks: out });
  }

  /** Where a padded region reads from: the source itself, or the blocks it meets. */
  private sourceFor(region: { start: number[]; stop: number[] }, boundary: readonly (string | number)[], blocks: Delayed<NDArray>[]) {
    const o = this.origin;
    if ('source' in o) return o.source;
    const along = this.shape.map((n, ax) => {
      const coords = new Set<number>();
      for (let p = region.start[ax]!; p < region.stop[ax]!; p++) {
        const c = sourceCoord(p, n, boundary[ax] as never);
        if (c >= 0) coords.add(c);
      }
      return this.grid.blocksAlong(ax, 0, n).filter((i) => [...coords].some((c) => c >= this.grid.offsets[ax]![i]! && c < this.grid.offsets[ax]![i + 1]!));
    });
    const needed: Block[] = [];
    const idx = new Array<number>(this.ndim).fill(0);
    while (along.every((l) => l.length > 0)) {
      needed.push(this.grid.block(idx.map((i, ax) => along[ax]![i]!)));
      let ax = this.ndim - 1;
      for (; ax >= 0; ax--) {
        if (++idx[ax]! < along[ax]!.length) break;
        idx[ax] = 0;
      }
      if (ax < 0) break;
    }
    return {
      kind: 'blocks' as const, shape: [...this.shape], dtype: this.dtype,
      blocks: needed.map((b) => blocks[this.grid.flat(b.index)]!), starts: needed.map((b) => [...b.start]),
    };
  }

  /** Tasks in the graph as built and after optimization (fused per block). */
  taskCounts(): { built: number; optimized: number } {
    const tasks = this.blockTasks();
    return { built: collect(tasks, { optimizeGraph: false }).graph.size, optimized: collect(tasks).graph.size };
  }

  /** Compute all blocks into one NDArray (on a SharedArrayBuffer). */
  async compute(options: ComputeOptions = {}): Promise<NDArray> {
    const out = zeros(this.shape, { dtype: this.dtype });
    const blocks = this.grid.blocks();
    const stores = this.blockTasks().map((t, k) => delayed(kernels.storeBlock)(t, out, [...blocks[k]!.start]));
    await compute(stores, options);
    return out;
  }

  /** Write the array to a raw file (C order), block by block as blocks finish. */
  toRaw(path: string, options: WriteFileOptions = {}): Promise<void> {
    return writeChunkedFile(this, this.blockTasks(), path, 'raw', options);
  }

  /** Write the array to a `.npy` file, block by block as blocks finish. */
  toNpy(path: string, options: ComputeOptions = {}): Promise<void> {
    return writeChunkedFile(this, this.blockTasks(), path, 'npy', options);
  }

  toString(): string {
    return `ChunkedArray(shape=[${this.shape.join(', ')}], dtype=${this.dtype}, chunks=[${this.grid.chunks.map((c) => c[0]).join(', ')}], blocks=${this.grid.size})`;
  }
}

/** Shared SAB-backed data for tasks: arrays on ordinary ArrayBuffers are copied once here. */
function shareable(a: NDArray): NDArray {
  return a.data.buffer instanceof SharedArrayBuffer ? a : a.copy();
}

export interface ChunkedOptions {
  /** Block lengths: per axis, per-axis lists, or 'auto'. @default 'auto' */
  chunks?: ChunkSpec;
}

/** A lazy chunked view of `array`. */
export function chunked(array: NDArray, options: ChunkedOptions = {}): ChunkedArray {
  if (!(array instanceof NDArray)) throw new TypeError(`chunked: expected an NDArray, received ${typeof array}`);
  const chunks = normalizeChunks('chunked', array.shape, options.chunks ?? 'auto', bytesPerElement(array.dtype));
  return new ChunkedArray(new ChunkGrid(array.shape, chunks), array.dtype, { source: { kind: 'array', array: shareable(array) } });
}
