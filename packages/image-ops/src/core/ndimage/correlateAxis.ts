/**
 * One 1-D correlation pass along one axis of a C-ordered float64 buffer: scipy's
 * `NI_Correlate1D` (same boundary handling, origin convention and order of additions), organised
 * for speed in JavaScript.
 *
 * The array is seen as `outer × n × inner` (n = the filtered axis). Both strategies copy what
 * the kernel reads into the workspace `WS` (see `lineKernels.ts`) so that every tap is a whole
 * run at an arithmetic offset:
 *
 * - `inner === 1` (contiguous axis): a line (or a chunk of a long line) is loaded into `WS` with
 *   its borders extended by the boundary mode, filtered into the output area of `WS`, and copied
 *   out. `dst` may be `src`.
 * - `inner > 1`: output row i is a weighted sum of whole input rows. The rows under the kernel
 *   sit in a doubled ring in `WS` (each row stored at slots r and r + fs), so any window of fs
 *   consecutive rows is contiguous; each step loads one new row (boundary rows resolved with
 *   `mapIndex`, constant mode reads `cval`). Columns go in blocks of ≤ 1024 so the window stays
 *   in cache. `dst` must not be `src`.
 */
import { applyKernel, wsFill, wsGet, wsPut, wsSet, WS_LEN } from './lineKernels.ts';
import { mapIndex, type BoundaryMode } from './modes.ts';

const DBL_EPSILON = 2.220446049250313e-16;
const HALF = WS_LEN >> 1;

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

/** Largest kernel the workspace can hold (rows need a doubled ring of fs rows of ≥ 1 column). */
export const MAX_KERNEL = (WS_LEN >> 1) - 1;

/**
 * Load line positions `[p0, p0 + count)` of a line of `n` elements starting at `src[base]`
 * (stride `stride`) into `WS[o ..]`, extending outside `[0, n)` with `mode`.
 */
function loadLine(src: Float64Array, base: number, stride: number, n: number, p0: number, count: number, o: number, mode: BoundaryMode, cval: number): void {
  const a = Math.max(p0, 0), b = Math.min(p0 + count, n);
  if (stride === 1 && a < b) wsSet(src, base + a, b - a, o + a - p0);
  for (let p = p0; p < p0 + count; p++) {
    if (stride === 1 && p >= a && p < b) { p = b - 1; continue; }
    const q = mapIndex(p, n, mode);
    wsPut(o + p - p0, q < 0 ? cval : src[base + q * stride]!);
  }
}

/**
 * Correlate `src` (C-ordered, `shape`) with `weights` along `axis` into `dst` (same shape):
 * `dst[.., i, ..] = Σ_t weights[t] · ext(src)[.., i + t - fs/2 - origin, ..]`.
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
  const fs = weights.length;
  if (fs > MAX_KERNEL) throw new RangeError(`correlate: a kernel of ${fs} weights exceeds the supported ${MAX_KERNEL}`);
  const sym = kernelSymmetry(weights);
  const before = (fs >> 1) + origin;
  if (inner === 1) lines(src, dst, outer, n, weights, sym, before, mode, cval);
  else {
    if (dst === src) throw new Error('correlateAxis: dst must differ from src along a non-contiguous axis');
    rows(src, dst, outer, n, inner, weights, sym, before, mode, cval);
  }
}

function lines(
  src: Float64Array, dst: Float64Array, outer: number, n: number, w: Float64Array, sym: number,
  before: number, mode: BoundaryMode, cval: number,
): void {
  const fs = w.length, h = fs >> 1;
  const m = Math.min(n, HALF - fs);
  for (let line = 0; line < outer; line++) {
    const base = line * n;
    for (let s0 = 0; s0 < n; s0 += m) {
      const len = Math.min(m, n - s0);
      loadLine(src, base, 1, n, s0 - before, len + fs - 1, 0, mode, cval);
      applyKernel(HALF, h, 1, w, sym, len);
      wsGet(dst, base + s0, HALF, len);
    }
  }
}

function rows(
  src: Float64Array, dst: Float64Array, outer: number, n: number, inner: number, w: Float64Array,
  sym: number, before: number, mode: BoundaryMode, cval: number,
): void {
  const fs = w.length, h = fs >> 1;
  // Ring slots are `S` apart; S is B plus 8 doubles so consecutive rows do not fall in the
  // same L1 cache sets (a power-of-two stride made every tap of a column block collide).
  const B = Math.min(inner, 1024, Math.floor(WS_LEN / (2 * fs + 1)) - 8);
  const S = B + 8;
  const out = 2 * fs * S;
  for (let s = 0; s < outer; s++) {
    const slab = s * n * inner;
    for (let c0 = 0; c0 < inner; c0 += B) {
      const len = Math.min(B, inner - c0);
      // Ring slot of line position p is (p + before) mod fs; window of output i starts at i - before.
      const load = (p: number): void => {
        const slot = (((p + before) % fs) + fs) % fs;
        const q = mapIndex(p, n, mode);
        const o1 = slot * S, o2 = (slot + fs) * S;
        if (q < 0) {
          wsFill(cval, o1, len);
          wsFill(cval, o2, len);
        } else {
          const r = slab + q * inner + c0;
          wsSet(src, r, len, o1);
          wsSet(src, r, len, o2);
        }
      };
      for (let p = -before; p < fs - 1 - before; p++) load(p);
      for (let i = 0; i < n; i++) {
        load(i + fs - 1 - before);
        const s0 = i % fs;
        applyKernel(out, (s0 + h) * S, S, w, sym, len);
        wsGet(dst, slab + i * inner + c0, out, len);
      }
    }
  }
}
