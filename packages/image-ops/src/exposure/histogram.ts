/**
 * `exposure.histogram` (scikit-image 0.19): counts per bin and the bin centres.
 *
 * Integer images get one bin per integer value (NumPy's bincount path): over `[min, max]` of the
 * image for `sourceRange: 'image'`, over the dtype's whole range for `'dtype'`; `nbins` is
 * ignored. Float (and bool) images get `nbins` uniform bins over `[min, max]` (widened by ±0.5
 * when constant) or over `[-1, 1]` for `'dtype'`, with NumPy's edge rules (see `binning.ts`).
 * With `channelAxis`, bins are computed once from the whole image and `hist` has one row per
 * channel. Counts are int32 (float64 when `normalize`); integer bin centres are int32, float
 * centres float64 (float32 for float32 images). Bin counts are bounded: `nbins` and the integer
 * range both at most 2²⁴ bins, so `nbins: 1e9` is an option error, not an 8 GB allocation.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { allocate, dtypeRange, isFloat } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { moveAxisToEnd, normalizeAxis, requireArray } from '../util/checks.ts';
import { binCenters, binEdges, countUniform } from './binning.ts';
import { defineOp } from '../core/defineOp.ts';
import { globalFootprint } from '../core/footprint.ts';

export interface HistogramOptions {
  /** Number of bins for float images (ignored for integer images). @default 256 */
  nbins?: number;
  /** Range of the bins: the image's min/max or its dtype's range. @default 'image' */
  sourceRange?: 'image' | 'dtype';
  /** Divide the counts by their sum. @default false */
  normalize?: boolean;
  /** Axis holding channels: one histogram row per channel, common bins. @default null */
  channelAxis?: number | null;
}

/** Integer histograms have one bin per value; beyond this many the request is refused. */
const MAX_INT_BINS = 1 << 24;

const schema = z.strictObject({
  nbins: z.number().int().min(1).max(MAX_INT_BINS).default(256),
  sourceRange: z.enum(['image', 'dtype']).default('image'),
  normalize: z.boolean().default(false),
  channelAxis: z.number().int().nullable().default(null),
});

export type Histogram = [hist: NDArray<'int32' | 'float64'>, binCenters: NDArray<'int32' | 'float32' | 'float64'>];

/** Smallest and largest element (NaN, NaN when any element is NaN). */
export function minMax(v: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x !== x) return [NaN, NaN];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

/** Bin layout shared by all channels: integer `[lo, hi]` or float edges. */
type Bins = { kind: 'int'; lo: number; hi: number } | { kind: 'float'; edges: Float64Array; f32: boolean };

function makeBins(v: ArrayLike<number>, dtype: NDArray['dtype'], nbins: number, sourceRange: 'image' | 'dtype'): Bins {
  if (!isFloat(dtype) && dtype !== 'bool') {
    let lo: number, hi: number;
    if (sourceRange === 'dtype') [lo, hi] = dtypeRange(dtype);
    else {
      if (v.length === 0) throw new RangeError('histogram: image must not be empty for an integer histogram');
      [lo, hi] = minMax(v);
    }
    if (hi - lo >= MAX_INT_BINS) {
      throw new RangeError(
        `histogram: an integer histogram over [${lo}, ${hi}] needs ${hi - lo + 1} bins (one per value), more than ${MAX_INT_BINS}`,
      );
    }
    return { kind: 'int', lo, hi };
  }
  let first: number, last: number;
  if (sourceRange === 'dtype') [first, last] = dtype === 'bool' ? [0, 1] : [-1, 1];
  else if (v.length === 0) [first, last] = [0, 1];
  else {
    [first, last] = minMax(v);
    if (!Number.isFinite(first) || !Number.isFinite(last)) {
      throw new RangeError(`histogram: autodetected range of [${first}, ${last}] is not finite`);
    }
  }
  if (first === last) [first, last] = [first - 0.5, last + 0.5];
  return { kind: 'float', edges: binEdges(first, last, nbins, dtype === 'float32'), f32: dtype === 'float32' };
}

function count(v: ArrayLike<number>, bins: Bins, out: Float64Array): void {
  if (bins.kind === 'float') return countUniform(v, bins.edges, out);
  for (let i = 0; i < v.length; i++) {
    const k = v[i]! - bins.lo;
    if (k >= 0 && v[i]! <= bins.hi) out[k]!++;
  }
}

/** Histogram of `image`: `[hist, binCenters]`. */
export function histogram(image: NDArray, options?: HistogramOptions): Histogram {
  requireArray('histogram', 'image', image);
  const o = parseOptions('histogram', schema, options);
  const axis = o.channelAxis === null ? null : normalizeAxis('histogram', 'channelAxis', o.channelAxis, image.ndim);
  const src = axis === null ? image : moveAxisToEnd(image, axis);
  const v = src.values();
  const bins = makeBins(v, image.dtype, o.nbins, o.sourceRange);
  const nb = bins.kind === 'int' ? bins.hi - bins.lo + 1 : bins.edges.length - 1;
  const channels = axis === null ? 1 : image.shape[axis]!;
  const perChannel = channels === 0 ? 0 : v.length / channels;
  const hist = allocate(o.normalize ? 'float64' : 'int32', nb * channels);
  const counts = new Float64Array(nb);
  const chan = new Float64Array(axis === null ? 0 : perChannel);
  for (let c = 0; c < channels; c++) {
    counts.fill(0);
    if (axis === null) count(v, bins, counts);
    else {
      for (let i = 0, j = c; i < perChannel; i++, j += channels) chan[i] = v[j]!;
      count(chan, bins, counts);
    }
    let total = 0;
    for (let k = 0; k < nb; k++) total += counts[k]!;
    for (let k = 0; k < nb; k++) hist[c * nb + k] = o.normalize ? counts[k]! / total : counts[k]!;
  }
  const h = new NDArray(hist, axis === null ? [nb] : [channels, nb], { dtype: o.normalize ? 'float64' : 'int32' });
  if (bins.kind === 'int') {
    const centers = allocate('int32', nb);
    for (let k = 0; k < nb; k++) centers[k] = bins.lo + k;
    return [h, new NDArray(centers, [nb], { dtype: 'int32' })];
  }
  const centers = binCenters(bins.edges, bins.f32);
  return [h, new NDArray(centers, [nb])];
}

defineOp(import.meta.url, { name: 'histogram', fn: histogram, schema, footprint: globalFootprint('the histogram counts every pixel') });
