/**
 * One 1-D correlation pass along one axis: scipy's `NI_Correlate1D` (same boundary handling,
 * origin convention and order of additions), organised for speed.
 *
 * The source is any typed array seen through strides (`Strided`: the caller's input, possibly
 * a view, or the previous pass's output); the destination is a C-ordered typed array of the
 * output dtype, and each result is stored in it as it is computed (float32 rounding, integer
 * C-cast), exactly like scipy's intermediate arrays. Arithmetic is float64 in the workspace
 * `WS` (see `lineKernels.ts`), which holds every run a kernel reads so that each tap is a whole
 * run at an arithmetic offset. The array is seen as `outer × n × inner` (n = the filtered axis):
 *
 * - `inner === 1` (lines): a line (or a chunk of a long line) is loaded into `WS` with its
 *   borders extended by the boundary mode, filtered into the output area of `WS`, and stored.
 *   In place (`dst` is the source) is fine; a line longer than one chunk is first copied aside.
 * - `inner > 1` (rows): output row i is a weighted sum of whole input rows. The rows under the
 *   kernel sit in a doubled ring in `WS` (each row stored at slots r and r + fs), so any window
 *   of fs consecutive rows is contiguous; each step loads one new row (boundary rows resolved
 *   with `mapIndex`, constant mode reads `cval`). Columns go in blocks of ≤ 1024 so the window
 *   stays in cache. In place, every row is loaded before it is overwritten except the rows that
 *   the far border reflects back to: those (≤ fs rows of one block) are saved first.
 *
 * A `Crop` computes only part of the result: `lo`/`hi` elements fewer at each end of the outer
 * axes and of the filtered axis (never of the inner ones), stored through the strides of its
 * `dst` (which addresses the cropped box). `separable.ts` uses it to skip halos no later pass
 * reads and to write a block's core straight into a bigger output (mapOverlap's tiles).
 */
import type { TypedArray } from '../../ndarray/dtype.ts';
import { applyKernel, KERNEL_SLACK, MAX_KERNEL, setKernel, wsCopy, wsFill, wsLoad, wsStore, WS_LEN } from './lineKernels.ts';
import { mapIndex, type BoundaryMode } from './modes.ts';
import { cStrides } from '../../ndarray/ndarray.ts';
import { InnerRuns, Odometer, splitAxis, type Strided } from './strided.ts';

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

/**
 * Load line positions `[p0, p0 + count)` of a line of `n` elements starting at `src[base]`
 * (stride `stride`) into `WS[o ..]`, extending outside `[0, n)` with `mode`.
 */
function loadLine(src: TypedArray, base: number, stride: number, n: number, p0: number, count: number, o: number, mode: BoundaryMode, cval: number): void {
  const end = p0 + count;
  const a = Math.max(p0, 0), b = Math.min(end, n);
  if (a < b) wsLoad(src, base + a * stride, stride, b - a, o + a - p0);
  for (let p = p0; p < end; p++) {
    if (p === a && a < b) { p = b - 1; continue; }
    const q = mapIndex(p, n, mode);
    // No element value is passed to a function: a double argument of a call that is not inlined
    // is boxed (a 16-byte heap number per boundary element, ~50 KB of garbage per 40² σ=10 gaussian).
    if (q >= 0) wsLoad(src, base + q * stride, stride, 1, o + p - p0);
    else {
      // A run of cval positions (outside the line, mode 'constant'): one fill.
      let e = p + 1;
      while (e < end && (e < a || e >= b) && mapIndex(e, n, mode) < 0) e++;
      wsFill(cval, o + p - p0, e - p);
      p = e - 1;
    }
  }
}

/**
 * Only part of a pass's result: `lo`/`hi` elements fewer at each end of the axes up to and
 * including the filtered one (the inner axes are whole), written into `dst`, which addresses the
 * cropped box. `dst` must step by 1 along the filtered axis when it is the innermost non-unit
 * axis, and be C-ordered over the inner axes otherwise (`cropFits`).
 */
export interface Crop {
  lo: readonly number[];
  hi: readonly number[];
  dst: Strided;
}

/** True when `dst` (over `box`) can take a pass along `axis` under a crop: see `Crop`. */
export function cropFits(dst: Strided, box: readonly number[], axis: number): boolean {
  const [, , inner] = splitAxis(box, axis);
  if (inner === 1) return box[axis]! <= 1 || dst.strides[axis] === 1;
  const c = cStrides(box);
  return box.every((n, a) => a <= axis || n <= 1 || dst.strides[a] === c[a]);
}

/**
 * Correlate `src` (shape `shape`) with `weights` along `axis` into the C-ordered `dst`:
 * `dst[.., i, ..] = Σ_t weights[t] · ext(src)[.., i + t - fs/2 - origin, ..]`. `dst` may be
 * `src.data` when `src` is C-ordered (in place). `bool` stores `v !== 0` (bool outputs). With
 * `crop`, only the cropped box is computed and stored into `crop.dst` (`dst` is then unused).
 */
export function correlateAxis(
  src: Strided, dst: TypedArray, shape: readonly number[], axis: number,
  weights: Float64Array, origin: number, mode: BoundaryMode, cval: number, bool = false, crop?: Crop,
): void {
  const [, n, inner] = splitAxis(shape, axis);
  const lo = crop?.lo, hi = crop?.hi;
  const outerShape = shape.slice(0, axis).map((s, a) => s - (lo?.[a] ?? 0) - (hi?.[a] ?? 0));
  const outer = outerShape.reduce((x, y) => x * y, 1);
  const a0 = lo?.[axis] ?? 0, b0 = n - (hi?.[axis] ?? 0);
  if (n === 0 || outer <= 0 || inner === 0 || b0 <= a0) return;
  const fs = weights.length;
  if (fs > MAX_KERNEL) throw new RangeError(`correlate: a kernel of ${fs} weights exceeds the supported ${MAX_KERNEL}`);
  const sym = kernelSymmetry(weights);
  const before = (fs >> 1) + origin;
  setKernel(weights, sym);
  let srcStart = src.offset;
  for (let a = 0; a < axis; a++) srcStart += (lo?.[a] ?? 0) * src.strides[a]!;
  const od = new Odometer(outerShape, src.strides.slice(0, axis), srcStart);
  const out: Strided = crop?.dst ?? { data: dst, offset: 0, strides: cStrides(shape) };
  const dod = new Odometer(outerShape, out.strides.slice(0, axis), out.offset);
  const span: Span = { n, a: a0, b: b0, dstStride: out.strides[axis]! };
  if (inner === 1) lines(src.data, od, src.strides[axis]!, out.data, dod, outer, span, fs, before, mode, cval, bool);
  else {
    const runs = new InnerRuns(shape.slice(axis + 1), src.strides.slice(axis + 1));
    rows(src.data, od, src.strides[axis]!, runs, out.data, dod, outer, span, inner, fs, before, mode, cval, bool);
  }
}

/** The filtered axis: its length, the positions [a, b) computed, the destination's step along it. */
interface Span { n: number; a: number; b: number; dstStride: number }

function lines(
  src: TypedArray, od: Odometer, stride: number, dst: TypedArray, dod: Odometer, outer: number, span: Span, fs: number,
  before: number, mode: BoundaryMode, cval: number, bool: boolean,
): void {
  const { n, a, b } = span;
  const h = fs >> 1;
  const m = Math.min(b - a, HALF - fs - KERNEL_SLACK);
  // In place, a line filtered in several chunks would read back its own first results.
  const aside = src === dst && m < b - a ? (dst.slice(0, n) as TypedArray) : undefined;
  for (let line = 0; line < outer; line++, od.next(), dod.next()) {
    let from = src, base = od.pos, st = stride;
    if (aside) {
      for (let i = 0; i < n; i++) aside[i] = src[base + i * stride]!;
      from = aside; base = 0; st = 1;
    }
    const at = dod.pos - a;
    for (let s0 = a; s0 < b; s0 += m) {
      const len = Math.min(m, b - s0);
      loadLine(from, base, st, n, s0 - before, len + fs - 1, 0, mode, cval);
      applyKernel(HALF, h, 1, len);
      wsStore(dst, at + s0, HALF, len, bool);
    }
  }
}

/**
 * The columns per block and the distance between ring slots for rows of `inner` elements, when
 * `slots` slots must fit in `WS`. Blocks are even (`inner` split in as few as fit), rounded up to
 * whole kernel groups (`KERNEL_SLACK` elements), so every block starts a whole number of groups
 * into its row and every slot on a group boundary. With odd blocks, a pass along axis 0 of a
 * (40, 166, 250) float32 block took 5.7 ns per voxel against 4.0 once aligned (150 rows, whose
 * blocks happened to be even: 4.3). The slot stride is never a multiple of 4 KiB: a power-of-two
 * stride put every tap in one L1 cache set.
 */
function blockLayout(inner: number, slots: number): { B: number; S: number } {
  const maxB = Math.max(1, Math.min(1024, Math.floor(WS_LEN / slots) - KERNEL_SLACK));
  const even = Math.ceil(inner / Math.ceil(inner / maxB));
  const B = Math.min(maxB, Math.ceil(even / KERNEL_SLACK) * KERNEL_SLACK);
  let S = B + KERNEL_SLACK;
  if (S % 512 === 0 && (S + KERNEL_SLACK) * slots <= WS_LEN) S += KERNEL_SLACK;
  return { B, S };
}

function rows(
  src: TypedArray, od: Odometer, stride: number, runs: InnerRuns, dst: TypedArray, dod: Odometer, outer: number, span: Span,
  inner: number, fs: number, before: number, mode: BoundaryMode, cval: number, bool: boolean,
): void {
  const { n, a, b, dstStride } = span;
  const h = fs >> 1, after = fs - 1 - before;
  const inPlace = src === dst;
  // Workspace: the doubled ring (2·fs slots), one output row, and in place the `after` rows
  // beyond the far border. Slots are `S` apart (`blockLayout`).
  const slots = 2 * fs + 1 + (inPlace ? after : 0);
  const { B, S } = blockLayout(inner, slots);
  const out = 2 * fs * S, tail = out + S;
  for (let s = 0; s < outer; s++, od.next(), dod.next()) {
    const slabSrc = od.pos, slabDst = dod.pos - a * dstStride;
    for (let c0 = 0; c0 < inner; c0 += B) {
      const len = Math.min(B, inner - c0);
      const loadRow = (q: number, o: number): void => {
        if (q < 0) wsFill(cval, o, len);
        else runs.load(src, slabSrc + q * stride, c0, len, o);
      };
      if (inPlace) for (let t = 0; t < after; t++) loadRow(mapIndex(n + t, n, mode), tail + t * S);
      // Ring slot of line position p is (p + before) mod fs; window of output i starts at i - before.
      const load = (p: number): void => {
        const slot = (((p + before) % fs) + fs) % fs;
        const o1 = slot * S;
        if (inPlace && p >= n) wsCopy(tail + (p - n) * S, o1, len);
        else loadRow(mapIndex(p, n, mode), o1);
        wsCopy(o1, o1 + fs * S, len);
      };
      for (let p = a - before; p < a + after; p++) load(p);
      for (let i = a; i < b; i++) {
        load(i + after);
        const s0 = i % fs;
        applyKernel(out, (s0 + h) * S, S, len);
        wsStore(dst, slabDst + i * dstStride + c0, out, len, bool);
      }
    }
  }
}
