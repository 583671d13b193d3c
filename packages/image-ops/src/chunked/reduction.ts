/**
 * Reductions of chunked arrays as tree reductions (Dask's `reduction`): `sum`, `mean`, `min`,
 * `max`, `var`, `std` over all axes or some, with `keepdims` and `ddof`.
 *
 * Each block is reduced to a partial (`reduceBlock`, reading the block where it lies, line by
 * line: no copy of a block that is a view, no index per element; per output element the count, the sum or
 * the running min/max, and for var/std the block's mean and sum of squared deviations, in
 * float64); partials are combined `splitEvery` at a time (`combine`; for var/std Chan's parallel
 * formula) until one per output block is left, and `finish` turns it into the result's dtype.
 * So no task sees more than `splitEvery` partials, and memory stays bounded for any number of
 * blocks. The result is a chunked array over the axes kept (0-d for a full reduction).
 *
 * dtypes as NumPy's: min/max keep the dtype; mean/var/std give float32 for float32 and float64
 * otherwise; sum keeps floats and gives float64 for bool and integers (NumPy: int64, which dusk
 * does not have; sums are exact below 2^53). NaN propagates. A reduction with no identity
 * (min/max) over zero elements is an error, as NumPy's.
 */
import { z } from 'zod';
import { defineOps, delayed, type Delayed } from 'dusk-graph';
import { parseOptions, showValue } from 'dusk-graph/internal';
import { allocate, type DType, type TypedArray } from '../ndarray/dtype.ts';
import { max as ndMax, min as ndMin, pairwiseSum, variance } from '../ndarray/reduce.ts';
import { assign } from '../ndarray/assign.ts';
import { NDArray, shapeSize } from '../ndarray/ndarray.ts';
import type { ChunkedArray } from './chunked.ts';
import { ChunkGrid } from './grid.ts';

export type ReductionKind = 'sum' | 'mean' | 'min' | 'max' | 'var' | 'std';

export interface ReduceOptions {
  /** Axes to reduce (negative count from the end). @default every axis */
  axis?: number | readonly number[];
  /** Keep reduced axes with length 1. @default false */
  keepdims?: boolean;
  /** Partials combined per task. @default 8 */
  splitEvery?: number;
  /** Delta degrees of freedom of var/std (divisor n − ddof). @default 0 */
  ddof?: number;
}

const schema = z.strictObject({
  axis: z.union([z.number().int(), z.array(z.number().int())]).optional(),
  keepdims: z.boolean().default(false),
  splitEvery: z.number().int().min(2).default(8),
  ddof: z.number().int().min(0).default(0),
});

/** Per output element (keepdims shape): count, sum / min / max / mean, and M2 for var/std. */
interface Partial { n: number; s: NDArray<'float64'>; m2: NDArray<'float64'> | null }

/**
 * The lines of `block` along its last axis, in C order (`next()` moves to the next one): its `n`
 * elements at `block.data[p + j * ps]`, their output positions (flat, in the keepdims shape
 * `outShape`) `o + j * os` (`os` 0 when the last axis is reduced). No copy of the block and no
 * index per element: a block that is a view is read where it lies. A cursor, not a callback, so
 * the loops over a line stay in the caller, where they compile tight (a callback per line took
 * twice as long per element).
 */
class Rows {
  p: number;
  o = 0;
  readonly ps: number;
  readonly os: number;
  readonly n: number;
  private line = -1;
  private readonly lines: number;
  private readonly idx: number[];
  private readonly outStrides: number[];

  constructor(private readonly block: NDArray, axes: readonly number[], outShape: readonly number[]) {
    const nd = block.ndim;
    this.outStrides = new Array<number>(nd);
    let s = 1;
    for (let ax = nd - 1; ax >= 0; ax--) { this.outStrides[ax] = axes.includes(ax) ? 0 : s; s *= outShape[ax]!; }
    this.n = block.shape[nd - 1]!;
    this.ps = block.strides[nd - 1]!;
    this.os = this.outStrides[nd - 1]!;
    this.lines = this.n === 0 ? 0 : block.size / this.n;
    this.idx = new Array<number>(nd - 1).fill(0);
    this.p = block.offset;
  }

  next(): boolean {
    if (++this.line >= this.lines) return false;
    if (this.line === 0) return true;
    const { shape, strides } = this.block, { idx, outStrides } = this;
    for (let ax = shape.length - 2; ax >= 0; ax--) {
      this.p += strides[ax]!;
      this.o += outStrides[ax]!;
      if (++idx[ax]! < shape[ax]!) break;
      this.p -= idx[ax]! * strides[ax]!;
      this.o -= idx[ax]! * outStrides[ax]!;
      idx[ax] = 0;
    }
    return true;
  }
}

/**
 * The block's elements in C order as one run: the data itself when contiguous, else a copy into
 * pooled memory (the task's scratch: it goes back to the buffer pool when the task ends).
 */
function flat(block: NDArray): TypedArray {
  if (block.isContiguous) return block.values();
  const copy = new NDArray(allocate(block.dtype, block.size, { zeroed: false }), block.shape, { dtype: block.dtype });
  assign(copy, block);
  return copy.data;
}

const f64 = (shape: readonly number[], fill = 0) => {
  const a = new NDArray(allocate('float64', shapeSize(shape)), shape, { dtype: 'float64' });
  if (fill) a.data.fill(fill);
  return a;
};

/** Every axis reduced: one output element, with NumPy's pairwise sums. */
function reduceWhole(v: TypedArray, kind: ReductionKind, outShape: number[]): Partial {
  const s = f64(outShape);
  const n = v.length;
  if (kind === 'min' || kind === 'max') s.data[0] = n ? (kind === 'min' ? ndMin(v) : ndMax(v)) : kind === 'min' ? Infinity : -Infinity;
  else s.data[0] = pairwiseSum(v);
  if (kind !== 'var' && kind !== 'std') return { n, s, m2: null };
  const m2 = f64(outShape);
  if (n) {
    s.data[0] = s.data[0]! / n;
    m2.data[0] = variance(v) * n;
  }
  return { n, s, m2 };
}

/** `acc` plus `v[p + j * ps]` for j < n, added one by one. */
function sumLine(acc: number, v: TypedArray, p: number, ps: number, n: number): number {
  for (let j = 0; j < n; j++) acc += v[p + j * ps]!;
  return acc;
}

function reduceBlock(block: NDArray, kind: ReductionKind, axes: number[]): Partial {
  if (axes.length === block.ndim) return reduceWhole(flat(block), kind, block.shape.map(() => 1));
  const outShape = block.shape.map((n, ax) => (axes.includes(ax) ? 1 : n));
  const count = axes.reduce((a, ax) => a * block.shape[ax]!, 1);
  const isMin = kind === 'min', isMax = kind === 'max';
  const s = f64(outShape, isMin ? Infinity : isMax ? -Infinity : 0);
  const d = s.data, v = block.data;
  if (isMin || isMax) {
    for (const r = new Rows(block, axes, outShape); r.next();) {
      const { p, ps, o, os, n } = r;
      for (let j = 0; j < n; j++) {
        const x = v[p + j * ps]!, k = o + j * os;
        if (x !== x || d[k] !== d[k]) d[k] = NaN;
        else if (isMin ? x < d[k]! : x > d[k]!) d[k] = x;
      }
    }
    return { n: count, s, m2: null };
  }
  // Sums in C order, one float64 add per element (as when the block was copied and indexed).
  for (const r = new Rows(block, axes, outShape); r.next();) {
    const { p, ps, o, os, n } = r;
    // A line into one output element: a local sum (3× faster than adding into memory each time).
    if (os === 0) d[o] = sumLine(d[o]!, v, p, ps, n);
    else for (let j = 0; j < n; j++) d[o + j * os]! += v[p + j * ps]!;
  }
  if (kind === 'sum' || kind === 'mean') return { n: count, s, m2: null };
  for (let o = 0; o < d.length; o++) d[o] = count ? d[o]! / count : 0;
  const m2 = f64(outShape), q = m2.data;
  for (const r = new Rows(block, axes, outShape); r.next();) {
    const { p, ps, o, os, n } = r;
    for (let j = 0; j < n; j++) {
      const dev = v[p + j * ps]! - d[o + j * os]!;
      q[o + j * os]! += dev * dev;
    }
  }
  return { n: count, s, m2 };
}

function combine(kind: ReductionKind, parts: Partial[]): Partial {
  let acc = parts[0]!;
  for (const p of parts.slice(1)) {
    const s = f64(acc.s.shape);
    const a = acc.s.data, b = p.s.data, out = s.data;
    const n = acc.n + p.n;
    let m2: NDArray<'float64'> | null = null;
    if (kind === 'min' || kind === 'max') {
      for (let i = 0; i < out.length; i++) out[i] = a[i] !== a[i] || b[i] !== b[i] ? NaN : kind === 'min' ? Math.min(a[i]!, b[i]!) : Math.max(a[i]!, b[i]!);
    } else if (kind === 'sum' || kind === 'mean') {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
    } else {
      m2 = f64(acc.s.shape);
      for (let i = 0; i < out.length; i++) {
        if (n === 0) continue;
        const delta = b[i]! - a[i]!;
        out[i] = a[i]! + (delta * p.n) / n;
        m2.data[i] = acc.m2!.data[i]! + p.m2!.data[i]! + (delta * delta * acc.n * p.n) / n;
      }
    }
    acc = { n, s, m2 };
  }
  return acc;
}

function finish(part: Partial, kind: ReductionKind, dtype: DType, ddof: number, shape: number[]): NDArray {
  if ((kind === 'min' || kind === 'max') && part.n === 0) {
    throw new RangeError(`${kind}: zero-size array to reduction operation ${kind === 'min' ? 'minimum' : 'maximum'} which has no identity`);
  }
  const out = new NDArray(allocate(dtype, shapeSize(shape)), shape, { dtype });
  const s = part.s.data, o = out.data;
  // NumPy divides by max(n − ddof, 0): ddof ≥ n gives inf, or NaN where every value is the same.
  const divisor = Math.max(part.n - ddof, 0);
  for (let i = 0; i < o.length; i++) {
    switch (kind) {
      case 'sum': case 'min': case 'max': o[i] = s[i]!; break;
      case 'mean': o[i] = s[i]! / part.n; break;
      case 'var': o[i] = part.m2!.data[i]! / divisor; break;
      case 'std': o[i] = Math.sqrt(part.m2!.data[i]! / divisor); break;
    }
  }
  return out;
}

export const reductionKernels = defineOps(import.meta.url, { reduceBlock, combine, finish });

function outDType(kind: ReductionKind, dtype: DType): DType {
  if (kind === 'min' || kind === 'max') return dtype;
  if (dtype === 'float32') return 'float32';
  return 'float64';
}

/** Parse NumPy-style arguments: `sum()`, `sum(0)`, `sum([0, 1])` or `sum({ axis, keepdims, ... })`. */
function parseArgs(where: string, arg: unknown) {
  if (typeof arg === 'number' || Array.isArray(arg)) return parseOptions(where, schema, { axis: arg });
  if (arg !== undefined && (arg === null || typeof arg !== 'object')) {
    throw new TypeError(`${where}: argument must be an axis, a list of axes or an options object { axis, keepdims, ddof, splitEvery }, received ${showValue(arg)}`);
  }
  return parseOptions(where, schema, arg);
}

export function reduce(x: ChunkedArray, kind: ReductionKind, arg?: number | readonly number[] | ReduceOptions): ChunkedArray {
  const o = parseArgs(kind, arg);
  const nd = x.ndim;
  const axes = (o.axis === undefined ? [...Array(nd).keys()] : typeof o.axis === 'number' ? [o.axis] : o.axis).map((a) => {
    const ax = a < 0 ? a + nd : a;
    if (ax < 0 || ax >= nd) throw new RangeError(`${kind}: axis ${a} is out of bounds for an array of ${nd} axes`);
    return ax;
  });
  if (new Set(axes).size !== axes.length) throw new RangeError(`${kind}: axis ${showValue(o.axis)} names an axis twice (as [${axes.join(', ')}] of an array of ${nd} axes)`);
  const dtype = outDType(kind, x.dtype);
  const tasks = x.blockTasks();
  const partials = x.grid.blocks().map((b, k) => ({ b, p: delayed(reductionKernels.reduceBlock, { name: `${kind}-partial` })(tasks[k]!, kind, axes) as Delayed<Partial> }));
  // group partials by output block (their index on the kept axes)
  const kept = x.chunks.map((c, ax) => (axes.includes(ax) ? [1] : [...c]));
  const outGrid = new ChunkGrid(kept.map((c) => c.reduce((a, b) => a + b, 0)), kept);
  const groups = new Map<number, Delayed<Partial>[]>();
  for (const { b, p } of partials) {
    const f = outGrid.flat(b.index.map((i, ax) => (axes.includes(ax) ? 0 : i)));
    groups.set(f, [...(groups.get(f) ?? []), p]);
  }
  const blocks = outGrid.blocks().map((ob, f) => {
    let level = groups.get(f)!;
    while (level.length > 1) {
      const next: Delayed<Partial>[] = [];
      for (let i = 0; i < level.length; i += o.splitEvery) {
        const group = level.slice(i, i + o.splitEvery);
        next.push(group.length === 1 ? group[0]! : (delayed(reductionKernels.combine, { name: `${kind}-combine` })(kind, group) as Delayed<Partial>));
      }
      level = next;
    }
    const shape = ob.stop.map((e, ax) => e - ob.start[ax]!);
    const final = o.keepdims ? shape : shape.filter((_, ax) => !axes.includes(ax));
    return delayed(reductionKernels.finish, { name: kind })(level[0]!, kind, dtype, o.ddof, final) as Delayed<NDArray>;
  });
  const finalChunks = o.keepdims ? kept : kept.filter((_, ax) => !axes.includes(ax));
  return x.derive(new ChunkGrid(finalChunks.map((c) => c.reduce((a, b) => a + b, 0)), finalChunks), dtype, { blocks });
}
