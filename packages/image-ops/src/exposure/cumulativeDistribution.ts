/**
 * `exposure.cumulativeDistribution` (scikit-image 0.19): the running sum of `histogram(image,
 * nbins)` divided by its last value, and the bin centres. The cdf is float64, float32 for float32
 * images (as `_supported_float_type`). An empty image has no distribution and is an error
 * (scikit-image would divide by zero and return NaNs).
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { allocate } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { requireArray } from '../util/checks.ts';
import { histogram } from './histogram.ts';
import { defineOp } from '../core/defineOp.ts';
import { globalFootprint } from '../core/footprint.ts';

export interface CumulativeDistributionOptions {
  /** Number of histogram bins for float images (integer images use one bin per value). @default 256 */
  nbins?: number;
}

const schema = z.strictObject({ nbins: z.number().int().min(1).default(256) });

export type CumulativeDistribution = [cdf: NDArray<'float32' | 'float64'>, binCenters: NDArray<'int32' | 'float32' | 'float64'>];

/** Core of `cumulativeDistribution` on already validated values. */
export function cdfOf(image: NDArray, nbins: number, where: string): CumulativeDistribution {
  if (image.size === 0) throw new RangeError(`${where}: image must not be empty, received shape [${image.shape.join(', ')}]`);
  const [hist, centers] = histogram(image, { nbins });
  const h = hist.values();
  const cum = new Float64Array(h.length);
  let s = 0;
  for (let i = 0; i < h.length; i++) cum[i] = s += h[i]!;
  const dtype = image.dtype === 'float32' ? 'float32' : 'float64';
  const cdf = allocate(dtype, h.length);
  for (let i = 0; i < h.length; i++) cdf[i] = cum[i]! / s;
  return [new NDArray(cdf, [h.length], { dtype }), centers];
}

/** The image's cumulative distribution: `[cdf, binCenters]`. */
export function cumulativeDistribution(image: NDArray, options?: CumulativeDistributionOptions): CumulativeDistribution {
  requireArray('cumulativeDistribution', 'image', image);
  const { nbins } = parseOptions('cumulativeDistribution', schema, options);
  return cdfOf(image, nbins, 'cumulativeDistribution');
}

defineOp(import.meta.url, { name: 'cumulativeDistribution', fn: cumulativeDistribution, schema, footprint: globalFootprint('the distribution counts every pixel') });
