/**
 * The image histogram `threshold_otsu` uses (`skimage.exposure.histogram(image.ravel(), nbins,
 * source_range='image')`, 0.19), reproduced bit for bit:
 *
 * - integer images: one bin per integer value from the image's min to its max (`np.bincount`;
 *   `nbins` is ignored), bin centres are those integers;
 * - float (and bool) images: `np.histogram(image, nbins)` over [min, max] — edges
 *   `linspace(min, max, nbins + 1)` computed in float64 and stored in the image's float type,
 *   index `int((x - min) · (nbins / (max - min)))` evaluated in that type, then corrected by
 *   one against the stored edges exactly as NumPy does; centres `(edge[i] + edge[i+1]) / 2`.
 *   A constant image gets the range [v - 0.5, v + 0.5].
 */
import type { NDArray } from '../ndarray/ndarray.ts';

export interface Histogram {
  counts: Float64Array;
  centers: Float64Array;
}

function minMax(v: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity, lo2 = Infinity, hi2 = -Infinity, nan = false;
  const len = v.length, end = len - (len & 1);
  let i = 0;
  for (; i < end; i += 2) {
    const x = v[i]!, y = v[i + 1]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
    if (y < lo2) lo2 = y;
    if (y > hi2) hi2 = y;
    if (x !== x || y !== y) nan = true;
  }
  for (; i < len; i++) {
    const x = v[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
    if (x !== x) nan = true;
  }
  return nan ? [NaN, NaN] : [Math.min(lo, lo2), Math.max(hi, hi2)];
}

/** Counts of each integer value in [lo, hi] (4 interleaved sub-histograms break store chains). */
function integerHistogram(v: ArrayLike<number>, lo: number, hi: number): Histogram {
  const n = hi - lo + 1;
  if (n > 1 << 27) throw new RangeError(`histogram: integer image spans ${n} values (${lo}..${hi}), too many bins`);
  const c = new Int32Array(4 * n);
  const len = v.length, end = len - (len & 3);
  let i = 0;
  for (; i < end; i += 4) {
    c[v[i]! - lo]! += 1;
    c[n + v[i + 1]! - lo]! += 1;
    c[2 * n + v[i + 2]! - lo]! += 1;
    c[3 * n + v[i + 3]! - lo]! += 1;
  }
  for (; i < len; i++) c[v[i]! - lo]! += 1;
  const counts = new Float64Array(n);
  const centers = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    counts[k] = c[k]! + c[n + k]! + c[2 * n + k]! + c[3 * n + k]!;
    centers[k] = lo + k;
  }
  return { counts, centers };
}

/** Trim a full-range histogram (dtype min .. max) to the image's [min, max]. */
function trimmed(h: Histogram): Histogram {
  let a = 0, b = h.counts.length;
  while (a < b && h.counts[a] === 0) a++;
  while (b > a && h.counts[b - 1] === 0) b--;
  return { counts: h.counts.subarray(a, b), centers: h.centers.subarray(a, b) };
}

// The binning loops use plain arrays for the edges and counts: only the image itself is a typed
// array, so V8's per-access detached-buffer checks (active once any buffer was detached) hit one
// load per pixel instead of four.
function binF64(v: ArrayLike<number>, first: number, norm: number, edges: number[], c: number[], nbins: number): void {
  const last = nbins - 1, n = v.length;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    let k = ((x - first) * norm) | 0;
    if (k > last) k = last;
    if (x < edges[k]!) k--;
    else if (k !== last && x >= edges[k + 1]!) k++;
    c[k] = c[k]! + 1;
  }
}

function binF32(v: ArrayLike<number>, first: number, norm: number, edges: number[], c: number[], nbins: number): void {
  const last = nbins - 1, n = v.length;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    let k = Math.fround(Math.fround(x - first) * norm) | 0;
    if (k > last) k = last;
    if (x < edges[k]!) k--;
    else if (k !== last && x >= edges[k + 1]!) k++;
    c[k] = c[k]! + 1;
  }
}

function floatHistogram(v: ArrayLike<number>, lo: number, hi: number, nbins: number, f32: boolean): Histogram {
  const r = f32 ? Math.fround : (x: number) => x;
  let first = lo, last = hi;
  if (first === last) { first = r(first - 0.5); last = r(last + 0.5); }
  // np.linspace in float64 (i·step + first, last edge exact), then cast to the bin type.
  const edges: number[] = [];
  const step = (last - first) / nbins;
  for (let i = 0; i < nbins; i++) edges.push(r(i * step + first));
  edges.push(r(last));
  const norm = r(nbins / r(last - first));
  const c: number[] = new Array<number>(nbins).fill(0);
  (f32 ? binF32 : binF64)(v, first, norm, edges, c, nbins);
  const counts = Float64Array.from(c);
  const centers = new Float64Array(nbins);
  for (let k = 0; k < nbins; k++) centers[k] = r((edges[k]! + edges[k + 1]!) / 2);
  return { counts, centers };
}

/** Counts and bin centres of all elements of `image` (see the header for the rules). */
export function imageHistogram(image: NDArray, nbins: number): Histogram {
  const v = image.contiguous().values();
  const dt = image.dtype;
  // Small integer types: count over the whole dtype range in one pass, then trim to [min, max].
  if (dt === 'uint8') return trimmed(integerHistogram(v, 0, 255));
  if (dt === 'uint16') return trimmed(integerHistogram(v, 0, 65535));
  if (dt === 'int16') return trimmed(integerHistogram(v, -32768, 32767));
  const [lo, hi] = minMax(v);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new RangeError(`histogram: autodetected range of [${lo}, ${hi}] is not finite`);
  }
  if (dt === 'int32') return integerHistogram(v, lo, hi);
  return floatHistogram(v, lo, hi, nbins, dt === 'float32');
}
