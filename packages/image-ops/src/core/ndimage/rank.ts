/**
 * Rank filters with a footprint, as scipy.ndimage's `rank_filter`, `median_filter`,
 * `minimum_filter`, `maximum_filter` (n-D, any dtype, output dtype = input dtype).
 *
 * The input is padded once with the boundary mode (in its own dtype: scipy casts `cval` to the
 * input type for rank filters), then every output pixel gathers its footprint values in the
 * footprint's C order and selects the requested rank with scipy's partition algorithm. A full
 * 3×3 median on a 2-D image without NaNs takes a sorted-columns fast path (same result).
 *
 * scipy reads garbage for reflect mode when the footprint reaches more than twice the image
 * size beyond an edge; dusk keeps reflecting (the mathematically consistent extension).
 */
import { allocate, type TypedArray } from '../../ndarray/dtype.ts';
import { NDArray } from '../../ndarray/ndarray.ts';
import { checkCval, perAxis } from './args.ts';
import { requireArray } from '../../util/checks.ts';
import { checkMode, type BoundaryMode } from './modes.ts';
import { padInto } from './pad.ts';
import { median9Row, select } from './select.ts';

export interface RankFilterOptions {
  /** Footprint size per axis (all-true box); ignored when `footprint` is given. */
  size?: number | readonly number[];
  /** Neighbourhood: non-zero elements are part of it; must have the input's ndim. */
  footprint?: NDArray;
  /** @default 'reflect' */
  mode?: BoundaryMode;
  /** @default 0 */
  cval?: number;
  /** Footprint centre shift per axis. @default 0 */
  origin?: number | readonly number[];
}

/** A resolved footprint: its shape and the C-order list of its true elements. */
export interface Footprint {
  shape: number[];
  /** Multi-indices of the true elements, flattened (`count × ndim`). */
  coords: Int32Array;
  count: number;
}

/** The footprint from `footprint` or `size` (scipy's `_rank_filter` rules). */
export function resolveFootprint(where: string, ndim: number, options: Pick<RankFilterOptions, 'size' | 'footprint'>): Footprint {
  let shape: number[];
  let mask: ArrayLike<number>;
  if (options.footprint !== undefined) {
    const fp = options.footprint;
    requireArray(where, "option 'footprint'", fp);
    if (fp.ndim !== ndim || fp.shape.some((d) => d < 1)) {
      throw new RangeError(`${where}: footprint shape [${fp.shape.join(', ')}] does not match the ${ndim}-D input (one non-empty axis per input axis)`);
    }
    shape = [...fp.shape];
    mask = fp.values();
  } else if (options.size !== undefined) {
    shape = perAxis(where, 'size', options.size, ndim);
    for (const s of shape) {
      if (!Number.isInteger(s) || s < 1) throw new RangeError(`${where}: option 'size' must hold positive integers, received ${s}`);
    }
    mask = new Uint8Array(shape.reduce((a, b) => a * b, 1)).fill(1);
  } else {
    throw new TypeError(`${where}: no footprint or filter size provided`);
  }
  const coords: number[] = [];
  const idx = new Array<number>(ndim).fill(0);
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) coords.push(...idx);
    for (let a = ndim - 1; a >= 0; a--) {
      if (++idx[a]! < shape[a]!) break;
      idx[a] = 0;
    }
  }
  return { shape, coords: Int32Array.from(coords), count: coords.length / Math.max(ndim, 1) };
}

function origins(where: string, options: RankFilterOptions, fp: Footprint): number[] {
  const o = perAxis(where, 'origin', options.origin ?? 0, fp.shape.length);
  o.forEach((v, a) => {
    const len = fp.shape[a]!;
    if (!Number.isInteger(v) || (len >> 1) + v < 0 || (len >> 1) + v >= len) {
      throw new RangeError(`${where}: invalid origin ${v} for a footprint of length ${len} along axis ${a}`);
    }
  });
  return o;
}

/** `scipy.ndimage.rank_filter`: the `rank`-th smallest value (negative counts from the top). */
export function rankFilter(input: NDArray, rank: number, options: RankFilterOptions = {}): NDArray {
  return rankFilterImpl('rankFilter', input, rank, options);
}

/** `scipy.ndimage.median_filter`: rank `count // 2` of the footprint. */
export function medianFilter(input: NDArray, options: RankFilterOptions = {}): NDArray {
  return rankFilterImpl('medianFilter', input, 'median', options);
}

/** `scipy.ndimage.minimum_filter` with a footprint or size. */
export function minimumFilter(input: NDArray, options: RankFilterOptions = {}): NDArray {
  return rankFilterImpl('minimumFilter', input, 0, options);
}

/** `scipy.ndimage.maximum_filter` with a footprint or size. */
export function maximumFilter(input: NDArray, options: RankFilterOptions = {}): NDArray {
  return rankFilterImpl('maximumFilter', input, -1, options);
}

function rankFilterImpl(where: string, input: NDArray, rankArg: number | 'median', options: RankFilterOptions): NDArray {
  requireArray(where, 'input', input);
  const nd = input.ndim;
  if (nd === 0) throw new RangeError(`${where}: input must have at least one dimension`);
  const mode = checkMode(where, options.mode ?? 'reflect');
  let cval = checkCval(where, options.cval ?? 0);
  if (input.dtype === 'bool') cval = cval !== 0 ? 1 : 0;
  const fp = resolveFootprint(where, nd, options);
  const org = origins(where, options, fp);
  const n = fp.count;
  let rank = rankArg === 'median' ? n >> 1 : rankArg;
  if (!Number.isInteger(rank)) throw new TypeError(`${where}: rank must be an integer, received ${rank}`);
  if (rank < 0) rank += n;
  if (rank < 0 || rank >= n) throw new RangeError(`${where}: rank ${rankArg} is not within the footprint size ${n}`);

  const src = input.contiguous().values();
  const out = allocate(input.dtype, input.size);
  const result = new NDArray(out, input.shape, { dtype: input.dtype });
  if (input.size === 0) return result;
  const before = fp.shape.map((s, a) => (s >> 1) + org[a]!);
  const after = fp.shape.map((s, a) => s - 1 - before[a]!);
  const psize = input.shape.reduce((acc, s, a) => acc * (s + before[a]! + after[a]!), 1);
  const pad = padInto(src, input.shape, before, after, mode, cval, allocate(input.dtype, psize, { shared: false }));
  const offs = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let o = 0;
    for (let a = 0; a < nd; a++) o += fp.coords[k * nd + a]! * pad.strides[a]!;
    offs[k] = o;
  }
  const last = nd - 1;
  const width = input.shape[last]!;
  const rows = input.size / width;
  const idx = new Array<number>(nd).fill(0);
  const fast = nd === 2 && n === 9 && rank === 4 && fp.shape[0] === 3 && fp.shape[1] === 3 && !hasNaN(src);
  const lo = fast ? new Float64Array(width + 2) : undefined;
  const mid = fast ? new Float64Array(width + 2) : undefined;
  const hi = fast ? new Float64Array(width + 2) : undefined;
  const buf = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    let base = 0;
    for (let a = 0; a < last; a++) base += idx[a]! * pad.strides[a]!;
    const o = r * width;
    if (fast) median9Row(pad.data, base, pad.strides[0]!, width, out, o, lo!, mid!, hi!);
    else gatherSelectRow(pad.data, base, offs, buf, rank, out, o, width);
    for (let a = last - 1; a >= 0; a--) {
      if (++idx[a]! < input.shape[a]!) break;
      idx[a] = 0;
    }
  }
  return result;
}

function hasNaN(v: TypedArray): boolean {
  if (!(v instanceof Float64Array || v instanceof Float32Array)) return false;
  for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) return true;
  return false;
}

function gatherSelectRow(
  pad: ArrayLike<number>, base: number, offs: Int32Array, buf: Float64Array, rank: number,
  out: { [i: number]: number }, o: number, width: number,
): void {
  const n = offs.length;
  for (let x = 0; x < width; x++) {
    const p = base + x;
    for (let k = 0; k < n; k++) buf[k] = pad[p + offs[k]!]!;
    out[o + x] = select(buf, n, rank);
  }
}
