/**
 * Slicing, concatenating and stacking chunked arrays — Dask's `x[::2, 5:]`, `da.concatenate`,
 * `da.stack` — with no copies beyond what the result needs.
 *
 * - `view(slices)`: NDArray.view's slices per axis (an index drops the axis; `[start, stop,
 *   step?]` with a positive step, where start or stop may be `null` for open; `null` for all;
 *   negative positions count from the end). Each
 *   output block is a strided view of one input block: blocks that hold no selected element are
 *   dropped, and the output keeps the input's block boundaries.
 * - `concatenate(arrays, axis)`: the blocks of each input, in order along `axis`; the other axes
 *   must match and their grids are unified (split where they differ). dtypes are promoted as
 *   NumPy's (`elementwise.promote`).
 * - `stack(arrays, axis)`: a new axis of length 1 per input (one block each), then concatenate.
 */
import { defineOps, delayed, type Delayed } from 'dusk-graph';
import { zeros } from '../ndarray/create.ts';
import { resolveSlice, type NDArray, type Slice } from '../ndarray/ndarray.ts';
import { isChunked } from './brand.ts';
import type { ChunkedArray } from './chunked.ts';
import { astype, promote } from './elementwise.ts';
import { ChunkGrid } from './grid.ts';
import { commonAxis } from './unify.ts';
import { showValue } from 'dusk-graph/internal';

function sliceBlock(block: NDArray, slices: Slice[]): NDArray {
  return block.view(slices);
}

function expandBlock(block: NDArray, axis: number): NDArray {
  return block.contiguous().reshape([...block.shape.slice(0, axis), 1, ...block.shape.slice(axis)]);
}

export const structureKernels = defineOps(import.meta.url, { sliceBlock, expandBlock }, { sliceBlock: { cheap: true }, expandBlock: { cheap: true } });

interface AxisPick {
  /** Per input block along the axis: local slice (or index), and the output length. */
  local: (Slice | undefined)[];
  lengths: number[];
  drop: boolean;
}

/** A slice of `view`: NDArray's (`null` for an open start or stop, NumPy's `a[::2]`). */
export type ChunkSlice = Slice;

function pickAxis(where: string, s: ChunkSlice, n: number, chunks: readonly number[], ax: number): AxisPick {
  const offsets = [0];
  for (const c of chunks) offsets.push(offsets[offsets.length - 1]! + c);
  const r = resolveSlice(where, s, n, ax);
  if (r.index !== undefined) {
    const k = r.index;
    return { drop: true, lengths: chunks.map(() => 1), local: chunks.map((_, i) => (k >= offsets[i]! && k < offsets[i + 1]! ? k - offsets[i]! : undefined)) };
  }
  const { start, stop, step } = r;
  const local: (Slice | undefined)[] = [], lengths: number[] = [];
  chunks.forEach((_, i) => {
    const lo = offsets[i]!, hi = offsets[i + 1]!;
    // first selected index at or after lo
    const first = lo <= start ? start : start + Math.ceil((lo - start) / step) * step;
    const end = Math.min(hi, stop);
    const count = first < end ? Math.ceil((end - first) / step) : 0;
    local.push(count ? [first - lo, end - lo, step] : undefined);
    lengths.push(count);
  });
  return { drop: false, local, lengths };
}

export function sliceArray(x: ChunkedArray, slices: readonly ChunkSlice[]): ChunkedArray {
  const where = 'view';
  if (!Array.isArray(slices)) throw new TypeError(`${where}: argument 'slices' must be a list with one slice per axis, received ${showValue(slices)}`);
  if (slices.length > x.ndim) throw new RangeError(`${where}: ${slices.length} slices for an array of ${x.ndim} axes`);
  const picks = x.shape.map((n, ax) => pickAxis(where, slices[ax] ?? null, n, x.chunks[ax]!, ax));
  const tasks = x.blockTasks();
  const keptBlocks = picks.map((p) => p.local.map((l, i) => (l !== undefined && (p.drop || p.lengths[i]! > 0) ? i : -1)).filter((i) => i >= 0));
  const outChunks = picks.map((p, ax) => (p.drop ? [] : keptBlocks[ax]!.map((i) => p.lengths[i]!))).filter((_, ax) => !picks[ax]!.drop);
  const nonEmpty = outChunks.map((c) => (c.length ? c : [0]));
  const blocks: Delayed<NDArray>[] = [];
  const counts = keptBlocks.map((k) => k.length);
  if (counts.every((c) => c > 0)) {
    const idx = new Array<number>(x.ndim).fill(0);
    for (;;) {
      const inIndex = idx.map((i, ax) => keptBlocks[ax]![i]!);
      blocks.push(delayed(structureKernels.sliceBlock)(tasks[x.grid.flat(inIndex)]!, inIndex.map((i, ax) => picks[ax]!.local[i]!)));
      let ax = x.ndim - 1;
      for (; ax >= 0; ax--) { if (++idx[ax]! < counts[ax]!) break; idx[ax] = 0; }
      if (ax < 0) break;
    }
  }
  const grid = new ChunkGrid(nonEmpty.map((c) => c.reduce((a, b) => a + b, 0)), nonEmpty);
  if (blocks.length !== grid.size) {
    // an empty selection: no element to read
    return x.derive(grid, x.dtype, { source: { kind: 'array', array: zeros(grid.shape, { dtype: x.dtype }) } });
  }
  return x.derive(grid, x.dtype, { blocks });
}

function axisOf(where: string, axis: number, ndim: number): number {
  const ax = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= ndim) throw new RangeError(`${where}: axis ${axis} is out of bounds for arrays of ${ndim} axes`);
  return ax;
}

function arrayList(where: string, arrays: unknown): ChunkedArray[] {
  if (!Array.isArray(arrays) || arrays.length === 0 || arrays.some((a) => !isChunked(a))) {
    throw new TypeError(`${where}: argument 'arrays' must be a non-empty list of ChunkedArrays`);
  }
  return arrays as ChunkedArray[];
}

export function concatenate(list: readonly ChunkedArray[], axis = 0): ChunkedArray {
  const where = 'concatenate';
  const arrays = arrayList(where, list);
  const first = arrays[0]!;
  const ax = axisOf(where, axis, first.ndim);
  arrays.forEach((a, i) => {
    if (a.ndim !== first.ndim || a.shape.some((n, k) => k !== ax && n !== first.shape[k])) {
      throw new RangeError(`${where}: array ${i} has shape [${a.shape.join(', ')}], which does not match [${first.shape.join(', ')}] outside axis ${ax}`);
    }
  });
  const dtype = arrays.map((a) => a.dtype).reduce(promote);
  const common = first.chunks.map((_, k) => (k === ax ? [] : commonAxis(arrays.map((a) => a.chunks[k]!))));
  const parts = arrays.map((a) => astype(a.rechunk(a.chunks.map((c, k) => (k === ax ? [...c] : [...common[k]!]))), dtype));
  const chunks = common.map((c, k) => (k === ax ? parts.flatMap((p) => p.chunks[ax]!) : [...c]));
  const grid = new ChunkGrid(chunks.map((c) => c.reduce((s, n) => s + n, 0)), chunks);
  const owner: [number, number][] = parts.flatMap((p, i) => p.chunks[ax]!.map((_, j) => [i, j] as [number, number]));
  const tasks = parts.map((p) => p.blockTasks());
  const blocks = grid.blocks().map((b) => {
    const [i, j] = owner[b.index[ax]!]!;
    return tasks[i]![parts[i]!.grid.flat(b.index.map((v, k) => (k === ax ? j : v)))]!;
  });
  return first.derive(grid, dtype, { blocks });
}

export function stack(list: readonly ChunkedArray[], axis = 0): ChunkedArray {
  const where = 'stack';
  const arrays = arrayList(where, list);
  const first = arrays[0]!;
  const ax = axisOf(where, axis, first.ndim + 1);
  arrays.forEach((a, i) => {
    if (a.ndim !== first.ndim || a.shape.some((n, k) => n !== first.shape[k])) {
      throw new RangeError(`${where}: array ${i} has shape [${a.shape.join(', ')}], but the first has [${first.shape.join(', ')}]; stacked arrays must have one shape`);
    }
  });
  const expanded = arrays.map((a) => {
    const chunks = [...a.chunks.slice(0, ax), [1], ...a.chunks.slice(ax)];
    const blocks = a.blockTasks().map((t) => delayed(structureKernels.expandBlock)(t, ax) as Delayed<NDArray>);
    return a.derive(new ChunkGrid(chunks.map((c) => c.reduce((s, n) => s + n, 0)), chunks), a.dtype, { blocks });
  });
  return concatenate(expanded, ax);
}
