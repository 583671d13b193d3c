/**
 * One 1-D correlation pass along one axis of a C-ordered float64 buffer: scipy's
 * `NI_Correlate1D` (same boundary handling, origin convention and order of additions), organised
 * for speed in JavaScript.
 *
 * The array is seen as `outer × n × inner` (n = the filtered axis). Two strategies:
 *
 * - `inner === 1` (the last, contiguous axis): each line is copied into a line buffer whose
 *   borders are pre-extended with the boundary mode, then the kernel taps become whole-line
 *   multiply-adds. `dst` may be `src` (the line is copied before it is overwritten).
 * - `inner > 1`: output row i is a weighted sum of whole input rows `i + k - origin` (boundary
 *   rows resolved with `mapIndex`; constant mode reads a row of `cval`). Rows are processed in
 *   column blocks so the rows under the kernel stay in cache. `dst` must not be `src`.
 *
 * Symmetric kernels are folded (`(L + R)·w`), antisymmetric ones use `(L - R)·w`, as in scipy.
 */
import { antisymmetric1, centre, symmetric1, symmetric4, term1 } from './lineKernels.ts';
import { extendLine, mapIndex, type BoundaryMode } from './modes.ts';

const DBL_EPSILON = 2.220446049250313e-16;

/** 1 for symmetric, -1 for antisymmetric, 0 otherwise (only odd lengths are folded), as scipy. */
export function kernelSymmetry(w: ArrayLike<number>): 1 | -1 | 0 {
  const fs = w.length;
  if ((fs & 1) === 0) return 0;
  const h = fs >> 1;
  let sym = true;
  for (let i = 1; i <= h; i++) if (Math.abs(w[h + i]! - w[h - i]!) > DBL_EPSILON) { sym = false; break; }
  if (sym) return 1;
  for (let i = 1; i <= h; i++) if (Math.abs(w[h + i]! + w[h - i]!) > DBL_EPSILON) return 0;
  return -1;
}

/** Throws unless `origin` is valid for a kernel of `fs` taps (scipy's rule). */
export function checkOrigin(where: string, origin: number, fs: number): void {
  if (!Number.isInteger(origin) || origin < -(fs >> 1) || origin > (fs - 1) >> 1) {
    throw new RangeError(
      `${where}: origin must be an integer in [${-(fs >> 1)}, ${(fs - 1) >> 1}] for ${fs} weights, received ${origin}`,
    );
  }
}

/** Column block for the row strategy: keep the rows under the kernel within ~384 KB. */
function blockWidth(fs: number, inner: number): number {
  const b = Math.max(128, Math.floor(49152 / fs) & ~7);
  return Math.min(inner, b);
}

/**
 * Apply the taps `A[k]/off[k]` (tap k reads input offset k - size1) with weights `w` to `len`
 * elements, writing `dst[d ..]`.
 */
function applyTaps(
  dst: Float64Array, d: number, A: Float64Array[], off: Int32Array, w: Float64Array,
  sym: number, zero: Float64Array, len: number,
): void {
  const fs = w.length, h = fs >> 1;
  if (sym > 0) {
    const C = A[h]!, c = off[h]!, w0 = w[h]!;
    if (h === 0) { centre(dst, d, C, c, w0, len); return; }
    let k = h, init = true;
    while (k >= 2) {
      // Pairs at distances k, k-1, k-2, k-3; absent ones read a zero run with weight 0.
      const has3 = k >= 3, has4 = k >= 4;
      const i3 = has3 ? k - 2 : 0, i4 = has4 ? k - 3 : 0;
      symmetric4(dst, d, init, C, c, w0,
        A[h - k]!, off[h - k]!, A[h + k]!, off[h + k]!, w[h - k]!,
        A[h - k + 1]!, off[h - k + 1]!, A[h + k - 1]!, off[h + k - 1]!, w[h - k + 1]!,
        has3 ? A[h - i3]! : zero, has3 ? off[h - i3]! : 0, has3 ? A[h + i3]! : zero, has3 ? off[h + i3]! : 0, has3 ? w[h - i3]! : 0,
        has4 ? A[h - i4]! : zero, has4 ? off[h - i4]! : 0, has4 ? A[h + i4]! : zero, has4 ? off[h + i4]! : 0, has4 ? w[h - i4]! : 0,
        len);
      init = false;
      k -= has4 ? 4 : has3 ? 3 : 2;
    }
    if (k === 1) symmetric1(dst, d, init, C, c, w0, A[h - 1]!, off[h - 1]!, A[h + 1]!, off[h + 1]!, w[h - 1]!, len);
    return;
  }
  if (sym < 0) {
    const C = A[h]!, c = off[h]!, w0 = w[h]!;
    if (h === 0) { centre(dst, d, C, c, w0, len); return; }
    for (let k = h; k >= 1; k--) {
      antisymmetric1(dst, d, k === h, C, c, w0, A[h - k]!, off[h - k]!, A[h + k]!, off[h + k]!, w[h - k]!, len);
    }
    return;
  }
  // General kernel: last tap first, then the others in order (scipy's order).
  const last = fs - 1;
  term1(dst, d, true, A[last]!, off[last]!, w[last]!, len);
  for (let k = 0; k < last; k++) term1(dst, d, false, A[k]!, off[k]!, w[k]!, len);
}

/**
 * Correlate `src` (C-ordered, `shape`) with `weights` along `axis` into `dst` (same shape):
 * `dst[.., i, ..] = Σ_j weights[j] · ext(src)[.., i + j - fs/2 - origin, ..]`.
 */
export function correlateAxis(
  src: Float64Array, dst: Float64Array, shape: readonly number[], axis: number,
  weights: Float64Array, origin: number, mode: BoundaryMode, cval: number,
): void {
  const n = shape[axis]!;
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  if (n === 0 || outer === 0 || inner === 0) return;
  const fs = weights.length, size1 = fs >> 1, size2 = fs - size1 - 1;
  const sym = kernelSymmetry(weights);
  const A = new Array<Float64Array>(fs);
  const off = new Int32Array(fs);

  if (inner === 1) {
    const before = size1 + origin, after = size2 - origin;
    const buf = new Float64Array(n + before + after);
    const zero = new Float64Array(n);
    for (let k = 0; k < fs; k++) { A[k] = buf; off[k] = k + before - size1 - origin; }
    for (let line = 0; line < outer; line++) {
      const base = line * n;
      buf.set(src.subarray(base, base + n), before);
      extendLine(buf, n, before, after, mode, cval);
      applyTaps(dst, base, A, off, weights, sym, zero, n);
    }
    return;
  }

  if (dst === src) throw new Error('correlateAxis: dst must differ from src along a non-contiguous axis');
  const B = blockWidth(fs, inner);
  const zero = new Float64Array(B);
  const cvalRow = new Float64Array(B).fill(cval);
  for (let s = 0; s < outer; s++) {
    const slab = s * n * inner;
    for (let c0 = 0; c0 < inner; c0 += B) {
      const len = Math.min(B, inner - c0);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < fs; k++) {
          const q = mapIndex(i + k - size1 - origin, n, mode);
          if (q < 0) { A[k] = cvalRow; off[k] = 0; } else { A[k] = src; off[k] = slab + q * inner + c0; }
        }
        applyTaps(dst, slab + i * inner + c0, A, off, weights, sym, zero, len);
      }
    }
  }
}
