/**
 * `filters.thresholdOtsu` (scikit-image 0.19 `threshold_otsu`): the threshold maximising the
 * between-class variance of the image histogram (`histogram.ts` for the integer/float rules).
 *
 * A constant image returns its value. Otherwise, with counts c and centres b:
 * w1 = cumsum(c), w2 = reverse cumsum, m1 = cumsum(c·b)/w1, m2 likewise from the top, and the
 * threshold is b[argmax(w1[:-1] · w2[1:] · (m1[:-1] - m2[1:])²)] (first maximum), evaluated in
 * float64 in NumPy's order so ties break identically. A precomputed `hist` (counts, or
 * [counts, centres]) may replace the image, with zero bins trimmed from both ends as 0.19 does.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { NDArray } from '../ndarray/ndarray.ts';
import { imageHistogram, type Histogram } from './histogram.ts';
import { requireArray } from '../util/checks.ts';
import { defineOp } from '../core/defineOp.ts';
import { globalFootprint } from '../core/footprint.ts';

type Numbers = NDArray | readonly number[];

export interface ThresholdOtsuOptions {
  /** Number of histogram bins for float images (integer images use one bin per value). @default 256 */
  nbins?: number;
  /** Use this histogram instead of the image's: counts, or [counts, bin centres]. */
  hist?: Numbers | readonly [Numbers, Numbers];
}

const numbers = z.union([z.instanceof(NDArray), z.array(z.number())]);
const schema = z.strictObject({
  nbins: z.number().int().min(1).default(256),
  hist: z.union([numbers, z.tuple([numbers, numbers])]).optional(),
});

const toF64 = (x: Numbers): Float64Array => Float64Array.from(x instanceof NDArray ? x.values() : x);

function fromHist(hist: Numbers | readonly [Numbers, Numbers]): Histogram {
  const h = hist as unknown;
  const pair = Array.isArray(h) && h.length === 2 && (h[0] instanceof NDArray || Array.isArray(h[0]));
  let counts = toF64(pair ? (h as [Numbers, Numbers])[0] : (h as Numbers));
  let centers = pair ? toF64((h as [Numbers, Numbers])[1]) : Float64Array.from(counts, (_, i) => i);
  if (counts.length !== centers.length) {
    throw new RangeError(`thresholdOtsu: option 'hist' has ${counts.length} counts but ${centers.length} bin centres`);
  }
  if (counts.length === 0) throw new RangeError("thresholdOtsu: option 'hist' is empty");
  if (counts[0] === 0 || counts[counts.length - 1] === 0) {
    let start = counts.findIndex((c) => c > 0);
    if (start < 0) start = 0;
    let end = counts.length;
    while (end > start + 1 && !(counts[end - 1]! > 0)) end--;
    counts = counts.subarray(start, end);
    centers = centers.subarray(start, end);
  }
  return { counts, centers };
}

/** The index of the first maximum of the between-class variance. */
export function otsuIndex(counts: Float64Array, centers: Float64Array): number {
  const n = counts.length;
  const w1 = new Float64Array(n), w2 = new Float64Array(n), m1 = new Float64Array(n), m2 = new Float64Array(n);
  let s = 0, sb = 0;
  for (let i = 0; i < n; i++) {
    s += counts[i]!; sb += counts[i]! * centers[i]!;
    w1[i] = s; m1[i] = sb / s;
  }
  s = 0; sb = 0;
  for (let i = n - 1; i >= 0; i--) {
    s += counts[i]!; sb += counts[i]! * centers[i]!;
    w2[i] = s; m2[i] = sb / s;
  }
  let best = -Infinity, idx = 0;
  for (let i = 0; i < n - 1; i++) {
    const d = m1[i]! - m2[i + 1]!;
    const v = w1[i]! * w2[i + 1]! * (d * d);
    if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) { best = v; idx = i; if (Number.isNaN(v)) break; }
  }
  return idx;
}

/** Otsu's threshold of `image` (or of `options.hist` when `image` is null). */
export function thresholdOtsu(image: NDArray | null | undefined, options?: ThresholdOtsuOptions): number {
  const o = parseOptions('thresholdOtsu', schema, options);
  let h: Histogram;
  if (image === null || image === undefined) {
    if (o.hist === undefined) throw new TypeError('thresholdOtsu: either image or hist must be provided');
    h = fromHist(o.hist);
  } else {
    requireArray('thresholdOtsu', 'image', image);
    const v = image.contiguous().values();
    if (v.length === 0) throw new RangeError('thresholdOtsu: image must not be empty');
    const first = v[0]!;
    let constant = true;
    for (let i = 1; i < v.length; i++) if (v[i] !== first) { constant = false; break; }
    if (constant) return first;
    h = o.hist !== undefined ? fromHist(o.hist) : imageHistogram(image, o.nbins);
  }
  return h.centers[otsuIndex(h.counts, h.centers)]!;
}

defineOp(import.meta.url, {
  name: 'thresholdOtsu', fn: thresholdOtsu, schema,
  footprint: globalFootprint("Otsu's threshold is computed from the histogram of every pixel"),
});
