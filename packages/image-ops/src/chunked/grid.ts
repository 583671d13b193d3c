/**
 * Chunk grids: how an array's index space is cut into blocks.
 *
 * A grid is one list of chunk lengths per axis (Dask's `chunks` tuple of tuples), so blocks may
 * have unequal sizes. Specs accepted by `normalizeChunks`:
 * - a number: that length along every axis (the last block of an axis may be shorter);
 * - one entry per axis: a length, `-1` (the whole axis), or an explicit list of lengths;
 * - `'auto'`: blocks of at most `targetBytes`, made by halving the longest block axis in turn,
 *   so blocks stay roughly cubic.
 * A zero-length axis is one block of length 0 (NumPy and Dask allow such arrays: `(0, 5)`).
 * A grid of more than `MAX_BLOCKS` blocks is refused before any block is listed, so a huge shape
 * with tiny chunks (say, from a file's metadata) fails at once instead of exhausting memory.
 */
import { shapeSize } from '../ndarray/ndarray.ts';
import { showValue } from 'dusk-graph/internal';

export type ChunkSpec = number | 'auto' | readonly (number | readonly number[])[];

/** Target block size in bytes for `chunks: 'auto'`. */
export const AUTO_CHUNK_BYTES = 32 * 2 ** 20;

function axisChunks(where: string, len: number, spec: number | readonly number[], axis: number): number[] {
  if (Array.isArray(spec)) {
    const list = spec as readonly number[];
    if (list.some((c) => !Number.isInteger(c) || c < 0) || list.reduce((a, b) => a + b, 0) !== len) {
      throw new RangeError(`${where}: chunks for axis ${axis} must be non-negative integers summing to ${len}, received [${list.join(', ')}]`);
    }
    return [...list];
  }
  const size = spec === -1 ? len : (spec as number);
  if (len === 0 && Number.isInteger(size) && size >= 0) return [0]; // a zero-length axis is one empty block
  if (!Number.isInteger(size) || size <= 0) {
    throw new RangeError(`${where}: chunk length for axis ${axis} must be a positive integer or -1, received ${spec}`);
  }
  const out: number[] = [];
  for (let s = 0; s < len; s += size) out.push(Math.min(size, len - s));
  return out.length ? out : [0];
}

function autoChunks(shape: readonly number[], itemBytes: number, targetBytes: number): number[] {
  const block = [...shape];
  while (shapeSize(block) * itemBytes > targetBytes) {
    let ax = 0;
    for (let a = 1; a < block.length; a++) if (block[a]! > block[ax]!) ax = a;
    if (block[ax]! <= 1) break;
    block[ax] = Math.ceil(block[ax]! / 2);
  }
  return block;
}

/** At most this many blocks in one grid (a task each; graphs stay buildable in about a second). */
export const MAX_BLOCKS = 1_000_000;

/** Refuse a spec that would cut the array into more than `MAX_BLOCKS` blocks, before listing them. */
function checkBlockCount(where: string, shape: readonly number[], sizes: readonly (number | readonly number[])[]): void {
  let blocks = 1;
  sizes.forEach((c, ax) => {
    const len = shape[ax]!;
    blocks *= Array.isArray(c) ? Math.max(1, c.length) : c === -1 || len === 0 || !(Number(c) > 0) ? 1 : Math.ceil(len / Number(c));
  });
  if (blocks > MAX_BLOCKS) {
    throw new RangeError(`${where}: chunks ${JSON.stringify(sizes)} cut shape [${shape.join(', ')}] into ${blocks} blocks, more than ${MAX_BLOCKS}; use larger chunks`);
  }
}

export function normalizeChunks(where: string, shape: readonly number[], spec: ChunkSpec, itemBytes: number, targetBytes = AUTO_CHUNK_BYTES): number[][] {
  if (spec === 'auto') {
    const block = autoChunks(shape, itemBytes, targetBytes);
    checkBlockCount(where, shape, block);
    return block.map((c, ax) => axisChunks(where, shape[ax]!, c, ax));
  }
  if (typeof spec === 'number') {
    checkBlockCount(where, shape, shape.map(() => spec));
    return shape.map((len, ax) => axisChunks(where, len, spec, ax));
  }
  if (!Array.isArray(spec) || spec.length !== shape.length) {
    throw new RangeError(
      `${where}: chunks must be a number, 'auto', or one entry per axis (${shape.length}), received ${showValue(spec)}`,
    );
  }
  checkBlockCount(where, shape, spec);
  return shape.map((len, ax) => axisChunks(where, len, spec[ax]!, ax));
}

/** A block of the grid: its grid index and the half-open box it covers. */
export interface Block {
  readonly index: readonly number[];
  readonly start: readonly number[];
  readonly stop: readonly number[];
}

export class ChunkGrid {
  readonly shape: readonly number[];
  readonly chunks: readonly (readonly number[])[];
  /** Per axis: offsets of block starts, plus the axis length at the end. */
  readonly offsets: readonly (readonly number[])[];

  constructor(shape: readonly number[], chunks: readonly (readonly number[])[]) {
    this.shape = shape;
    this.chunks = chunks;
    this.offsets = chunks.map((cs) => {
      const o = [0];
      for (const c of cs) o.push(o[o.length - 1]! + c);
      return o;
    });
  }

  get ndim(): number { return this.shape.length; }

  /** Blocks per axis. */
  get numBlocks(): number[] { return this.chunks.map((c) => c.length); }

  get size(): number { return shapeSize(this.numBlocks); }

  /** The block at grid `index`. */
  block(index: readonly number[]): Block {
    return {
      index,
      start: index.map((i, ax) => this.offsets[ax]![i]!),
      stop: index.map((i, ax) => this.offsets[ax]![i + 1]!),
    };
  }

  /** All blocks in C order of their grid index. */
  blocks(): Block[] {
    const n = this.numBlocks;
    const out: Block[] = [];
    const idx = new Array<number>(n.length).fill(0);
    for (let k = 0; k < shapeSize(n); k++) {
      out.push(this.block([...idx]));
      for (let ax = n.length - 1; ax >= 0; ax--) {
        if (++idx[ax]! < n[ax]!) break;
        idx[ax] = 0;
      }
    }
    return out;
  }

  /** Flat (C-order) number of the block at grid `index`. */
  flat(index: readonly number[]): number {
    let f = 0;
    const n = this.numBlocks;
    for (let ax = 0; ax < n.length; ax++) f = f * n[ax]! + index[ax]!;
    return f;
  }

  /** Block indices along `axis` whose span meets [lo, hi). */
  blocksAlong(axis: number, lo: number, hi: number): number[] {
    const o = this.offsets[axis]!;
    const out: number[] = [];
    for (let i = 0; i + 1 < o.length; i++) if (o[i]! < hi && o[i + 1]! > lo) out.push(i);
    return out;
  }
}
