/**
 * `filters.median` (scikit-image 0.19, `behavior='ndimage'`): the median over a footprint around
 * every pixel, n-D, any dtype, output dtype = input dtype — scipy's `median_filter` (rank
 * `count // 2` of the footprint's true elements), default mode 'nearest'.
 *
 * The default footprint is the full 3^ndim box (`generate_binary_structure(ndim, ndim)`). The
 * footprint must have the image's number of axes and at least one true element. The 'rank'
 * behaviour (scikit-image's histogram-based `filters.rank.median`) is not provided.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { medianFilter, type BoundaryMode } from '../core/ndimage/index.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { modeSchema, requireArray } from '../util/checks.ts';
import { defineOp } from '../core/defineOp.ts';

export interface MedianOptions {
  /** Neighbourhood (non-zero = included), with the image's ndim. @default full 3^ndim box */
  footprint?: NDArray;
  /** How the image is extended beyond its border. @default 'nearest' */
  mode?: BoundaryMode;
  /** Value beyond the border in 'constant' mode (cast to the image dtype, as scipy). @default 0 */
  cval?: number;
  /** Only 'ndimage' (scipy's median filter) is supported. @default 'ndimage' */
  behavior?: 'ndimage';
}

const schema = z.strictObject({
  footprint: z.instanceof(NDArray).optional(),
  mode: modeSchema.default('nearest'),
  cval: z.number().default(0),
  behavior: z.literal('ndimage').default('ndimage'),
});

/** Median-filtered copy of `image` (same dtype). */
export function median<D extends NDArray['dtype']>(image: NDArray<D>, options?: MedianOptions): NDArray<D> {
  requireArray('median', 'image', image);
  const o = parseOptions('median', schema, options);
  if (image.ndim === 0) throw new RangeError('median: image must have at least one axis');
  const fp = o.footprint;
  if (fp !== undefined) {
    if (fp.ndim !== image.ndim || fp.shape.some((d) => d < 1)) {
      throw new RangeError(
        `median: option 'footprint' must have the image's ${image.ndim} axes, each non-empty, received shape [${fp.shape.join(', ')}]`,
      );
    }
    if (!fp.values().some((v) => v !== 0)) throw new RangeError("median: option 'footprint' has no true element");
  }
  const options2 = fp === undefined ? { size: 3 } : { footprint: fp };
  return medianFilter(image, { ...options2, mode: o.mode, cval: o.cval }) as NDArray<D>;
}

defineOp(import.meta.url, {
  name: 'median', fn: median, schema, parityInputs: ['footprint'],
  // Reach per axis: half the footprint's extent (1 for the default 3^ndim box).
  footprint: (o, shape) => (o.footprint === undefined ? shape.map(() => 1) : o.footprint.shape.map((s) => s >> 1)),
});
