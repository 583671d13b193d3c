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
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

function integerHistogram(v: ArrayLike<number>, lo: number, hi: number): Histogram {
  const n = hi - lo + 1;
  if (n > 1 << 27) throw new RangeError(`histogram: integer image spans ${n} values (${lo}..${hi}), too many bins`);
  const counts = new Float64Array(n);
  const c = new Int32Array(n);
  for (let i = 0; i < v.length; i++) c[v[i]! - lo]! += 1;
  counts.set(c);
  const centers = new Float64Array(n);
  for (let k = 0; k < n; k++) centers[k] = lo + k;
  return { counts, centers };
}

function floatHistogram(v: ArrayLike<number>, lo: number, hi: number, nbins: number, f32: boolean): Histogram {
  const r = f32 ? Math.fround : (x: number) => x;
  let first = lo, last = hi;
  if (first === last) { first = r(first - 0.5); last = r(last + 0.5); }
  // np.linspace in float64, then cast to the bin type.
  const edges = new Float64Array(nbins + 1);
  const step = (last - first) / nbins;
  for (let i = 0; i <= nbins; i++) edges[i] = r(i * step + first);
  edges[nbins] = r(last);
  const norm = r(nbins / r(last - first));
  const counts = new Float64Array(nbins);
  const c = new Int32Array(nbins);
  if (f32) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      let k = Math.trunc(Math.fround(Math.fround(x - first) * norm));
      if (k === nbins) k--;
      if (x < edges[k]!) k--;
      else if (x >= edges[k + 1]! && k !== nbins - 1) k++;
      c[k]! += 1;
    }
  } else {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      let k = Math.trunc((x - first) * norm);
      if (k === nbins) k--;
      if (x < edges[k]!) k--;
      else if (x >= edges[k + 1]! && k !== nbins - 1) k++;
      c[k]! += 1;
    }
  }
  counts.set(c);
  const centers = new Float64Array(nbins);
  for (let k = 0; k < nbins; k++) centers[k] = r((edges[k]! + edges[k + 1]!) / 2);
  return { counts, centers };
}

/** Counts and bin centres of all elements of `image` (see the header for the rules). */
export function imageHistogram(image: NDArray, nbins: number): Histogram {
  const v = image.contiguous().values();
  const [lo, hi] = minMax(v);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new RangeError(`histogram: autodetected range of [${lo}, ${hi}] is not finite`);
  }
  const dt = image.dtype;
  if (dt === 'uint8' || dt === 'uint16' || dt === 'int16' || dt === 'int32') return integerHistogram(v, lo, hi);
  return floatHistogram(v, lo, hi, nbins, dt === 'float32');
}
