/**
 * Halo assembly: the block a chunk task hands to its op — the chunk plus `depth` pixels on each
 * side, filled beyond the array's edges by the boundary rule — read straight from the source.
 *
 * Per axis, every padded coordinate maps to a source coordinate (or to the constant). The source
 * is asked only for the coordinate runs actually needed (up to three per axis: the far side for
 * 'periodic', the core, the near side; split further at the source's block edges, so each box
 * lies in one block), and each box is written straight to its places in the one padded array —
 * mirrored or repeated where the boundary says — so every voxel is copied once. When no
 * coordinate leaves the array (an interior chunk, boundary 'none', or an edge the op extends
 * itself: `edges.ts`), the source's box is returned as it is — for an in-memory array that is a
 * view, with no copy at all.
 */
import { allocate, type DType } from '../ndarray/dtype.ts';
import { NDArray, shapeSize } from '../ndarray/ndarray.ts';
import type { Boundary } from './depth.ts';

/** Reads the box [start, stop) of the source array (a view or a fresh array). */
export type BoxReader = (start: readonly number[], stop: readonly number[]) => NDArray;

export interface PaddedRegion {
  /** Absolute start/stop of the padded region (may reach outside the array). */
  start: number[];
  stop: number[];
  /** Halo actually added below and above the chunk per axis (0 at an edge with 'none'). */
  lo: number[];
  hi: number[];
}

/** The padded region of the chunk [start, stop) for `depth` and `boundary`. */
export function paddedRegion(shape: readonly number[], start: readonly number[], stop: readonly number[], depth: readonly number[], boundary: readonly Boundary[]): PaddedRegion {
  const lo: number[] = [], hi: number[] = [], s: number[] = [], e: number[] = [];
  for (let ax = 0; ax < shape.length; ax++) {
    const d = depth[ax]!;
    const none = boundary[ax] === 'none';
    const a = none ? Math.max(0, start[ax]! - d) : start[ax]! - d;
    const b = none ? Math.min(shape[ax]!, stop[ax]! + d) : stop[ax]! + d;
    s.push(a); e.push(b);
    lo.push(start[ax]! - a); hi.push(b - stop[ax]!);
  }
  return { start: s, stop: e, lo, hi };
}

/** Source coordinate of padded coordinate `p` on an axis of length `n`, or -1 for the constant. */
export function sourceCoord(p: number, n: number, boundary: Boundary): number {
  if (p >= 0 && p < n) return p;
  switch (boundary) {
    case 'reflect': {
      const q = ((p % (2 * n)) + 2 * n) % (2 * n);
      return q < n ? q : 2 * n - 1 - q;
    }
    case 'periodic': return ((p % n) + n) % n;
    case 'nearest': return p < 0 ? 0 : n - 1;
    case 'none': throw new RangeError(`sourceCoord: coordinate ${p} outside [0, ${n}) with boundary 'none'`);
    default: return -1;
  }
}

interface AxisPlan {
  /** Padded index → source coordinate, or -1 for the constant. */
  src: Int32Array;
  /** Runs of consecutive source coordinates [start, stop), broken at the source's block edges. */
  runs: [number, number][];
  identity: boolean;
}

function planAxis(a: number, b: number, n: number, boundary: Boundary, cuts: ReadonlySet<number> | undefined): AxisPlan {
  const len = b - a;
  const src = new Int32Array(len);
  for (let j = 0; j < len; j++) src[j] = sourceCoord(a + j, n, boundary);
  const used = [...new Set(src)].filter((c) => c >= 0).sort((x, y) => x - y);
  const runs: [number, number][] = [];
  for (const c of used) {
    const last = runs[runs.length - 1];
    if (last && last[1] === c && !cuts?.has(c)) last[1] = c + 1;
    else runs.push([c, c + 1]);
  }
  return { src, runs, identity: a >= 0 && b <= n };
}

/** Every combination of one run per axis. */
function* runProduct(plans: readonly AxisPlan[]): Generator<[number, number][]> {
  const idx = new Array<number>(plans.length).fill(0);
  if (plans.some((p) => p.runs.length === 0)) return;
  for (;;) {
    yield plans.map((p, ax) => p.runs[idx[ax]!]!);
    let ax = plans.length - 1;
    for (; ax >= 0; ax--) {
      if (++idx[ax]! < plans[ax]!.runs.length) break;
      idx[ax] = 0;
    }
    if (ax < 0) return;
  }
}

/** Per axis, the source's block edges (a box between two of them lies in one block), if any. */
export type BlockEdges = readonly ReadonlySet<number>[] | undefined;

/**
 * The boxes `readPaddedBlock` will ask `read` for, for sources that must fetch them ahead
 * (asynchronously) before the synchronous assembly.
 */
export function paddedBoxes(shape: readonly number[], region: PaddedRegion, boundary: readonly Boundary[]): [number[], number[]][] {
  const plans = shape.map((n, ax) => planAxis(region.start[ax]!, region.stop[ax]!, n, boundary[ax]!, undefined));
  if (plans.every((p) => p.identity)) return [[region.start, region.stop]];
  return [...runProduct(plans)].map((runs) => [runs.map((r) => r[0]), runs.map((r) => r[1])]);
}

/**
 * The padded block of `region` over a source of `shape`, read through `read`: a box of the
 * source as it is when no coordinate leaves the array, else one new array written once, box by
 * box straight from the source (each box inside one block of `edges`, so a view of it), with the
 * constant where a boundary gives one.
 */
export function readPaddedBlock(read: BoxReader, shape: readonly number[], dtype: DType, region: PaddedRegion, boundary: readonly Boundary[], edges?: BlockEdges): NDArray {
  const plans = shape.map((n, ax) => planAxis(region.start[ax]!, region.stop[ax]!, n, boundary[ax]!, edges?.[ax]));
  if (plans.every((p) => p.identity)) return read(region.start, region.stop);
  const outShape = plans.map((p) => p.src.length);
  const out = new NDArray(allocate(dtype, shapeSize(outShape)), outShape, { dtype });
  if (out.size === 0) return out;
  fillConstants(out, plans, boundary);
  for (const runs of runProduct(plans)) {
    const box = read(runs.map((r) => r[0]), runs.map((r) => r[1]));
    const pairs = plans.map((p, ax) => axisPairs(p.src, runs[ax]!));
    scatter(out, box, pairs);
  }
  return out;
}

/** Where the constant fills: the padded indices whose source is -1, per axis (the first axis' value wins, as before). */
function fillConstants(out: NDArray, plans: readonly AxisPlan[], boundary: readonly Boundary[]): void {
  for (let ax = plans.length - 1; ax >= 0; ax--) {
    const b = boundary[ax];
    if (typeof b !== 'number') continue;
    const src = plans[ax]!.src;
    let j = 0;
    while (j < src.length) {
      if (src[j]! >= 0) { j++; continue; }
      let e = j;
      while (e < src.length && src[e]! < 0) e++;
      const slab = out.view(out.shape.map((n, a) => (a === ax ? [j, e] as const : [0, n] as const)));
      forEachRow(slab.shape, (o) => {
        let base = slab.offset;
        for (let a = 0; a < o.length; a++) base += o[a]! * slab.strides[a]!;
        const last = slab.shape[slab.ndim - 1]!;
        slab.data.fill(b, base, base + last);
      });
      j = e;
    }
  }
}

/** Padded indices whose source coordinate is in `run`, and that coordinate's index in the run. */
function axisPairs(src: Int32Array, run: readonly [number, number]): { dst: Int32Array; from: Int32Array } {
  const dst: number[] = [], from: number[] = [];
  for (let j = 0; j < src.length; j++) {
    const c = src[j]!;
    if (c >= run[0] && c < run[1]) { dst.push(j); from.push(c - run[0]); }
  }
  return { dst: Int32Array.from(dst), from: Int32Array.from(from) };
}

/** Calls `fn` with the index of every row (all axes but the last) of `shape`, in C order. */
function forEachRow(shape: readonly number[], fn: (outer: readonly number[]) => void): void {
  const nd = shape.length;
  if (shape.some((n) => n === 0)) return;
  const idx = new Array<number>(Math.max(0, nd - 1)).fill(0);
  for (;;) {
    fn(idx);
    let ax = nd - 2;
    for (; ax >= 0; ax--) {
      if (++idx[ax]! < shape[ax]!) break;
      idx[ax] = 0;
    }
    if (ax < 0) return;
  }
}

/**
 * out[dst0[i0], .., dstk[ik]] = box[from0[i0], .., fromk[ik]]. Along the last axis the pairs are
 * cut once into segments that run forward in both (a reflected edge pixel is a segment of its
 * own), and every row copies its segments whole (`TypedArray.set` when the box is contiguous
 * along that axis): a padded tile's rows were copied element by element through the index
 * pairs whenever one edge pixel broke the run (6.5 ns per element against ~0.5).
 */
function scatter(out: NDArray, box: NDArray, pairs: readonly { dst: Int32Array; from: Int32Array }[]): void {
  const nd = out.ndim;
  if (nd === 0) { out.data[0] = box.data[box.offset]!; return; }
  const os = out.strides, bs = box.strides, o = out.data, b = box.data;
  const segs = forwardRuns(pairs[nd - 1]!);
  const step = bs[nd - 1]!;
  forEachRow(pairs.map((p) => p.dst.length), (idx) => {
    let ob = 0, bb = box.offset;
    for (let ax = 0; ax < nd - 1; ax++) {
      ob += pairs[ax]!.dst[idx[ax]!]! * os[ax]!;
      bb += pairs[ax]!.from[idx[ax]!]! * bs[ax]!;
    }
    for (let k = 0; k < segs.length; k += 3) {
      const d = ob + segs[k]!, f = bb + segs[k + 1]! * step, len = segs[k + 2]!;
      if (step === 1 && len > 1) o.set(b.subarray(f, f + len), d);
      else for (let t = 0; t < len; t++) o[d + t] = b[f + t * step]!;
    }
  });
}

/** `pairs` as segments (dst start, from start, length) running forward in both. */
function forwardRuns({ dst, from }: { dst: Int32Array; from: Int32Array }): number[] {
  const segs: number[] = [];
  for (let t = 0; t < dst.length;) {
    let e = t + 1;
    while (e < dst.length && dst[e] === dst[e - 1]! + 1 && from[e] === from[e - 1]! + 1) e++;
    segs.push(dst[t]!, from[t]!, e - t);
    t = e;
  }
  return segs;
}
