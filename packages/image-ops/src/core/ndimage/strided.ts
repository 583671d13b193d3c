/**
 * Strided access for the 1-D passes: how a pass along `axis` walks an array that may be a view
 * (any strides, any offset), such as a chunk of a bigger array handed over without copying.
 *
 * A pass sees the array as `outer × n × inner` (n = the filtered axis):
 *
 * - `Odometer` walks the outer indices in C order and keeps the flat position of each (one
 *   addition per step, a carry when a dimension wraps);
 * - `InnerRuns` loads a block `[c0, c0 + len)` of the inner elements (C order) of one row into
 *   the workspace. The inner dimensions are collapsed first (size-1 axes dropped, axes that are
 *   contiguous with each other merged), so a C-ordered array or a chunk that is contiguous along
 *   the last axis is loaded in whole runs; the general case walks runs of the last inner axis.
 *
 * Outputs of the passes are always C-ordered; only the source of the first pass is strided.
 */
import type { TypedArray } from '../../ndarray/dtype.ts';
import { wsLoad } from './lineKernels.ts';

/** `[outer, n, inner]`: how a pass along `axis` sees an array of `shape`. */
export function splitAxis(shape: readonly number[], axis: number): [outer: number, n: number, inner: number] {
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[axis]!, inner];
}

/** Runs shorter than this are copied by loops (a subarray + `set` costs more than it saves). */
const SHORT = 64;

/** The source of a pass: storage, offset of element 0 and strides, all in elements. */
export interface Strided {
  data: TypedArray;
  offset: number;
  strides: readonly number[];
}

/** C-order walk over the index space `shape` (strides `strides`) from flat position `start`. */
export class Odometer {
  /** Flat position of the current index. */
  pos: number;
  private readonly idx: Int32Array;

  constructor(private readonly shape: readonly number[], private readonly strides: readonly number[], start: number) {
    this.pos = start;
    this.idx = new Int32Array(shape.length);
  }

  /** Advance to the next index in C order (past the end it wraps to the start). */
  next(): void {
    const idx = this.idx, shape = this.shape, strides = this.strides;
    for (let a = shape.length - 1; a >= 0; a--) {
      this.pos += strides[a]!;
      if (++idx[a]! < shape[a]!) return;
      this.pos -= idx[a]! * strides[a]!;
      idx[a] = 0;
    }
  }
}

/** Collapsed inner geometry of a pass and a loader for blocks of one row. */
export class InnerRuns {
  private readonly sizes: number[] = [];
  private readonly strides: number[] = [];
  /** True when the inner elements of a row are one contiguous run. */
  readonly contiguous: boolean;

  constructor(shape: readonly number[], strides: readonly number[]) {
    for (let a = shape.length - 1; a >= 0; a--) {
      const n = shape[a]!, st = strides[a]!;
      if (n === 1) continue;
      const k = this.sizes.length - 1;
      if (k >= 0 && st === this.strides[k]! * this.sizes[k]!) this.sizes[k] = this.sizes[k]! * n;
      else { this.sizes.push(n); this.strides.push(st); }
    }
    // Stored innermost first.
    this.contiguous = this.sizes.length === 0 || (this.sizes.length === 1 && this.strides[0] === 1);
  }

  /**
   * Inner elements `[c0, c0 + len)` of the row whose element 0 is `src[rowBase]`, as doubles:
   * into `WS[o ..]`, or into `into[o ..]` when given.
   */
  load(src: TypedArray, rowBase: number, c0: number, len: number, o: number, into?: Float64Array): void {
    if (this.contiguous) { copyRun(src, rowBase + c0, 1, len, o, into); return; }
    const sizes = this.sizes, strides = this.strides, nd = sizes.length;
    if (nd === 1) { copyRun(src, rowBase + c0 * strides[0]!, strides[0]!, len, o, into); return; }
    const idx = new Array<number>(nd);
    let rem = c0, pos = rowBase;
    for (let d = 0; d < nd; d++) {
      idx[d] = rem % sizes[d]!;
      rem = Math.floor(rem / sizes[d]!);
      pos += idx[d]! * strides[d]!;
    }
    const n0 = sizes[0]!, s0 = strides[0]!;
    for (let done = 0; done < len;) {
      const run = Math.min(n0 - idx[0]!, len - done);
      copyRun(src, pos, s0, run, o + done, into);
      done += run;
      pos += run * s0;
      idx[0] = idx[0]! + run;
      for (let d = 0; d < nd - 1 && idx[d]! === sizes[d]!; d++) {
        pos += strides[d + 1]! - sizes[d]! * strides[d]!;
        idx[d] = 0;
        idx[d + 1] = idx[d + 1]! + 1;
      }
    }
  }
}

/** `src[pos + i·stride]` for i < n into `WS[o ..]` or `into[o ..]`. */
export function copyRun(src: TypedArray, pos: number, stride: number, n: number, o: number, into?: Float64Array): void {
  if (into === undefined) wsLoad(src, pos, stride, n, o);
  else if (stride === 1 && n >= SHORT) into.set(src.subarray(pos, pos + n), o);
  else for (let i = 0; i < n; i++) into[o + i] = src[pos + i * stride]!;
}

/** `dst[at ..] = vals`, converted as storing into `dst` does; `bool` stores `v !== 0`. */
export function storeRun(dst: TypedArray, at: number, vals: Float64Array, bool: boolean): void {
  if (bool) for (let i = 0; i < vals.length; i++) dst[at + i] = vals[i] !== 0 ? 1 : 0;
  else if (vals.length >= SHORT) dst.set(vals, at);
  else for (let i = 0; i < vals.length; i++) dst[at + i] = vals[i]!;
}
