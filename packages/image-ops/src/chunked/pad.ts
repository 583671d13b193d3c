/**
 * Halo assembly: the block a chunk task hands to its op — the chunk plus `depth` pixels on each
 * side, filled beyond the array's edges by the boundary rule — read straight from the source.
 *
 * Per axis, every padded coordinate maps to a source coordinate (or to the constant). The source
 * is asked only for the coordinate runs actually needed (up to three per axis: the far side for
 * 'periodic', the core, the near side), each combination read as one box; the padded block is
 * then gathered from that compact copy. When the map is the identity (an interior chunk, or
 * boundary 'none'), the source's box is returned as it is — for an in-memory array that is a
 * view, with no copy at all.
 */
import { allocate, type DType } from '../ndarray/dtype.ts';
import { assign } from '../ndarray/assign.ts';
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
  /** Padded index → compact index, or -1 for the constant. */
  map: Int32Array;
  /** Runs of consecutive source coordinates: [sourceStart, sourceStop, compactStart]. */
  runs: [number, number, number][];
  compactLength: number;
  identity: boolean;
}

function planAxis(a: number, b: number, n: number, boundary: Boundary): AxisPlan {
  const len = b - a;
  const src = new Int32Array(len);
  for (let j = 0; j < len; j++) src[j] = sourceCoord(a + j, n, boundary);
  const used = [...new Set(src)].filter((c) => c >= 0).sort((x, y) => x - y);
  const runs: [number, number, number][] = [];
  const compact = new Map<number, number>();
  used.forEach((c, k) => {
    compact.set(c, k);
    const last = runs[runs.length - 1];
    if (last && last[1] === c) last[1] = c + 1;
    else runs.push([c, c + 1, k]);
  });
  const map = new Int32Array(len);
  let identity = runs.length === 1 && used.length === len;
  for (let j = 0; j < len; j++) {
    map[j] = src[j]! < 0 ? -1 : compact.get(src[j]!)!;
    if (map[j] !== j) identity = false;
  }
  return { map, runs, compactLength: used.length, identity };
}

/** Every combination of one run per axis. */
function* runProduct(plans: readonly AxisPlan[]): Generator<[number, number, number][]> {
  const idx = new Array<number>(plans.length).fill(0);
  if (plans.some((p) => p.runs.length === 0)) return;
  while (true) {
    yield plans.map((p, ax) => p.runs[idx[ax]!]!);
    let ax = plans.length - 1;
    for (; ax >= 0; ax--) {
      if (++idx[ax]! < plans[ax]!.runs.length) break;
      idx[ax] = 0;
    }
    if (ax < 0) return;
  }
}

/**
 * The boxes `readPaddedBlock` will ask `read` for, for sources that must fetch them ahead
 * (asynchronously) before the synchronous assembly.
 */
export function paddedBoxes(shape: readonly number[], region: PaddedRegion, boundary: readonly Boundary[]): [number[], number[]][] {
  const plans = shape.map((n, ax) => planAxis(region.start[ax]!, region.stop[ax]!, n, boundary[ax]!));
  if (plans.every((p) => p.identity)) return [[region.start, region.stop]];
  return [...runProduct(plans)].map((runs) => [runs.map((r) => r[0]), runs.map((r) => r[1])]);
}

/** The padded block of `region` over a source of `shape`, read through `read`. */
export function readPaddedBlock(read: BoxReader, shape: readonly number[], dtype: DType, region: PaddedRegion, boundary: readonly Boundary[]): NDArray {
  const plans = shape.map((n, ax) => planAxis(region.start[ax]!, region.stop[ax]!, n, boundary[ax]!));
  if (plans.every((p) => p.identity)) return read(region.start, region.stop);
  const compact = new NDArray(allocate(dtype, shapeSize(plans.map((p) => p.compactLength))), plans.map((p) => p.compactLength), { dtype });
  for (const runs of runProduct(plans)) {
    const box = read(runs.map((r) => r[0]), runs.map((r) => r[1]));
    assign(compact.view(runs.map((r) => [r[2], r[2] + (r[1] - r[0])] as const)), box);
  }
  return gather(compact, plans, dtype, boundary);
}

/** out[i0, .., ik] = compact[map0[i0], .., mapk[ik]], or the constant where any map is -1. */
function gather(compact: NDArray, plans: readonly AxisPlan[], dtype: DType, boundary: readonly Boundary[]): NDArray {
  const shape = plans.map((p) => p.map.length);
  const nd = shape.length;
  const out = new NDArray(allocate(dtype, shapeSize(shape)), shape, { dtype });
  const size = out.size;
  if (size === 0) return out;
  // The constant for a -1 on axis ax is that axis's boundary value.
  const cvalOf = (ax: number) => (typeof boundary[ax] === 'number' ? (boundary[ax] as number) : 0);
  const inner = plans[nd - 1]!.map;
  const innerC = cvalOf(nd - 1);
  const cs = compact.strides;
  const src = compact.data, dst = out.data;
  const idx = new Array<number>(Math.max(0, nd - 1)).fill(0);
  for (let o = 0; o < size; o += inner.length) {
    let base = 0, constAxis = -1;
    for (let ax = 0; ax < nd - 1; ax++) {
      const m = plans[ax]!.map[idx[ax]!]!;
      if (m < 0) { constAxis = ax; break; }
      base += m * cs[ax]!;
    }
    if (constAxis >= 0) dst.fill(cvalOf(constAxis), o, o + inner.length);
    else for (let j = 0; j < inner.length; j++) {
      const m = inner[j]!;
      dst[o + j] = m < 0 ? innerC : src[base + m * cs[nd - 1]!]!;
    }
    for (let ax = nd - 2; ax >= 0; ax--) {
      if (++idx[ax]! < shape[ax]!) break;
      idx[ax] = 0;
    }
  }
  return out;
}
