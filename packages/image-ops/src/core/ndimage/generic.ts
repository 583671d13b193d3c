/**
 * `scipy.ndimage.generic_filter`: call a function on the footprint values around every pixel.
 *
 * The input is padded in float64 with the boundary mode (scipy hands the callback doubles and
 * does not cast `cval` here), the values are gathered in the footprint's C order into one
 * reused Float64Array, and the callback's number is stored in the output dtype (the input's).
 * The callback must not keep a reference to the buffer between calls.
 */
import { allocate } from '../../ndarray/dtype.ts';
import { NDArray } from '../../ndarray/ndarray.ts';
import { checkCval, perAxis } from './args.ts';
import { requireArray } from '../../util/checks.ts';
import { checkMode } from './modes.ts';
import { padInto } from './pad.ts';
import { resolveFootprint, type RankFilterOptions } from './rank.ts';

/** Receives the footprint values (a reused buffer) and returns the output value. */
export type GenericFilterFn = (values: Float64Array) => number;

export function genericFilter(input: NDArray, fn: GenericFilterFn, options: RankFilterOptions = {}): NDArray {
  const where = 'genericFilter';
  requireArray(where, 'input', input);
  if (typeof fn !== 'function') throw new TypeError(`${where}: function must be a function, received ${typeof fn}`);
  const nd = input.ndim;
  if (nd === 0) throw new RangeError(`${where}: input must have at least one dimension`);
  const mode = checkMode(where, options.mode ?? 'reflect');
  const cval = checkCval(where, options.cval ?? 0);
  const fp = resolveFootprint(where, nd, options);
  const org = perAxis(where, 'origin', options.origin ?? 0, nd);
  const before = fp.shape.map((s, a) => (s >> 1) + org[a]!);
  before.forEach((b, a) => {
    if (!Number.isInteger(b) || b < 0 || b >= fp.shape[a]!) throw new RangeError(`${where}: invalid origin ${org[a]} along axis ${a}`);
  });
  const after = fp.shape.map((s, a) => s - 1 - before[a]!);
  const out = allocate(input.dtype, input.size);
  const result = new NDArray(out, input.shape, { dtype: input.dtype });
  if (input.size === 0) return result;
  const psize = input.shape.reduce((acc, s, a) => acc * (s + before[a]! + after[a]!), 1);
  const pad = padInto(input.contiguous().values(), input.shape, before, after, mode, cval, new Float64Array(psize));
  const n = fp.count;
  const offs = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let o = 0;
    for (let a = 0; a < nd; a++) o += fp.coords[k * nd + a]! * pad.strides[a]!;
    offs[k] = o;
  }
  const buf = new Float64Array(n);
  const last = nd - 1, width = input.shape[last]!;
  const idx = new Array<number>(nd).fill(0);
  for (let r = 0, o = 0; o < input.size; r++) {
    let base = 0;
    for (let a = 0; a < last; a++) base += idx[a]! * pad.strides[a]!;
    for (let x = 0; x < width; x++, o++) {
      for (let k = 0; k < n; k++) buf[k] = pad.data[base + x + offs[k]!]!;
      out[o] = input.dtype === 'bool' ? (fn(buf) ? 1 : 0) : fn(buf);
    }
    for (let a = last - 1; a >= 0; a--) {
      if (++idx[a]! < input.shape[a]!) break;
      idx[a] = 0;
    }
  }
  return result;
}
