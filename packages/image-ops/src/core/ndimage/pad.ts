/**
 * n-D padding with scipy.ndimage's boundary modes, for the neighbourhood filters that read a
 * footprint around every pixel (rank, median, generic). Each axis is extended independently
 * with `mapIndex`, so corners combine the per-axis rules exactly as scipy's filter offsets do;
 * in constant mode any position outside the array holds `cval`.
 *
 * The padded array is a plain (non-shared) typed array of the caller's choosing: rank filters
 * pad in the input's own dtype (scipy casts `cval` to the input type there), generic filters in
 * float64.
 */
import type { TypedArray } from '../../ndarray/dtype.ts';
import { mapIndex, type BoundaryMode } from './modes.ts';

export interface Padded<T extends TypedArray> {
  data: T;
  shape: number[];
  strides: number[];
}

/**
 * Pad `src` (C-ordered, `shape`) by `before[a]`/`after[a]` along each axis into `out`, which must
 * have room for the padded size. Returns the padded shape and strides.
 */
export function padInto<T extends TypedArray>(
  src: ArrayLike<number>, shape: readonly number[], before: readonly number[], after: readonly number[],
  mode: BoundaryMode, cval: number, out: T,
): Padded<T> {
  const nd = shape.length;
  const pshape = shape.map((n, a) => n + before[a]! + after[a]!);
  const pstrides = new Array<number>(nd);
  const sstrides = new Array<number>(nd);
  let ps = 1, ss = 1;
  for (let a = nd - 1; a >= 0; a--) {
    pstrides[a] = ps; ps *= pshape[a]!;
    sstrides[a] = ss; ss *= shape[a]!;
  }
  if (ps === 0) return { data: out, shape: pshape, strides: pstrides };
  if (ss === 0) {
    // Nothing to extend from: scipy never reads it; fill with cval for determinism.
    out.fill(cval, 0, ps);
    return { data: out, shape: pshape, strides: pstrides };
  }
  const maps = pshape.map((pn, a) => {
    const m = new Int32Array(pn);
    for (let p = 0; p < pn; p++) m[p] = mapIndex(p - before[a]!, shape[a]!, mode);
    return m;
  });
  if (nd === 0) { out[0] = src[0]!; return { data: out, shape: pshape, strides: pstrides }; }
  const last = nd - 1;
  const n = shape[last]!, pn = pshape[last]!, b = before[last]!;
  const lastMap = maps[last]!;
  const rows = ps / pn;
  const idx = new Array<number>(nd).fill(0);
  const viewable = ArrayBuffer.isView(src) ? (src as unknown as TypedArray) : undefined;
  for (let r = 0; r < rows; r++) {
    // Source row for padded row index idx[0..last-1].
    let srow = 0, inside = true;
    for (let a = 0; a < last; a++) {
      const q = maps[a]![idx[a]!]!;
      if (q < 0) { inside = false; break; }
      srow += q * sstrides[a]!;
    }
    const prow = r * pn;
    if (!inside) {
      out.fill(cval, prow, prow + pn);
    } else {
      if (viewable) out.set(viewable.subarray(srow, srow + n), prow + b);
      else for (let j = 0; j < n; j++) out[prow + b + j] = src[srow + j]!;
      for (let p = 0; p < b; p++) {
        const q = lastMap[p]!;
        out[prow + p] = q < 0 ? cval : src[srow + q]!;
      }
      for (let p = b + n; p < pn; p++) {
        const q = lastMap[p]!;
        out[prow + p] = q < 0 ? cval : src[srow + q]!;
      }
    }
    for (let a = last - 1; a >= 0; a--) {
      if (++idx[a]! < pshape[a]!) break;
      idx[a] = 0;
    }
  }
  return { data: out, shape: pshape, strides: pstrides };
}
